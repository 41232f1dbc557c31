"""The values the client sends and receives: an article request, a job, a submission."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

TERMINAL_STATUSES = frozenset({"finished", "failed"})


@dataclass(frozen=True)
class Article:
    """One POST /v1/articles request: exactly one of `text` or `html`, plus options.

    `extra` carries request fields this client does not name yet (the API validates them), so a
    field added to the API can be used before the client learns it."""

    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published_at: str | None = None
    language: str | None = None
    features: tuple[str, ...] | None = None
    summary_sentences: int | None = None
    summary_chars: int | None = None
    # Where a worker POSTs the signed job once it ends (service.client.webhooks checks the signature).
    callback_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of text or html")

    def to_payload(self) -> dict[str, Any]:
        """The JSON body: fields left as None are not sent, so the API's defaults apply."""
        payload: dict[str, Any] = dict(self.extra)
        for name in (
            "text", "html", "title", "url", "published_at", "language", "summary_sentences", "summary_chars",
            "callback_url",
        ):  # fmt: skip
            value = getattr(self, name)
            if value is not None:
                payload[name] = value
        if self.features is not None:
            payload["features"] = list(self.features)
        return payload

    def content_key(self) -> str:
        """An Idempotency-Key derived from everything sent: the same request always gets the same
        key (a resubmission is replayed, never duplicated), a changed article or option a new one."""
        canonical = json.dumps(self.to_payload(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return "sha256-" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class JobError:
    code: str
    message: str


@dataclass(frozen=True)
class Job:
    """The job resource. `result` stays a dict so that fields added to the result come through."""

    id: str
    status: str
    stage: str | None = None
    attempts: int = 0
    created_at: str | None = None
    started_at: str | None = None
    ended_at: str | None = None
    result: dict[str, Any] | None = None
    error: JobError | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def done(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Job:
        error = data.get("error")
        return cls(
            id=str(data["id"]),
            status=str(data["status"]),
            stage=data.get("stage"),
            attempts=int(data.get("attempts") or 0),
            created_at=data.get("created_at"),
            started_at=data.get("started_at"),
            ended_at=data.get("ended_at"),
            result=data.get("result"),
            error=JobError(str(error.get("code", "")), str(error.get("message", ""))) if error else None,
            raw=data,
        )


@dataclass(frozen=True)
class Submission:
    """The answer to a submission: the job as it is now, where to poll it, and whether an earlier
    request with the same Idempotency-Key had already created it."""

    job: Job
    location: str
    replayed: bool


@dataclass(frozen=True)
class Rejected:
    """An article of a batch that failed validation: its index in the request and why."""

    index: int
    errors: dict[str, Any]


@dataclass(frozen=True)
class BatchItem:
    """An accepted article of a batch: its index in the request and its job (None once expired)."""

    index: int
    job_id: str
    status: str  # queued, started, finished, failed, expired
    job: Job | None


@dataclass(frozen=True)
class Batch:
    """The batch resource with one page of its jobs (`items`); `next_cursor` names the next page."""

    id: str
    status: str  # running, ended
    size: int = 0
    accepted: int = 0
    rejected: tuple[Rejected, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    items: tuple[BatchItem, ...] = ()
    next_cursor: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def done(self) -> bool:
        return self.status == "ended"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Batch:
        return cls(
            id=str(data["id"]),
            status=str(data["status"]),
            size=int(data.get("size") or 0),
            accepted=int(data.get("accepted") or 0),
            rejected=tuple(
                Rejected(int(r["index"]), dict(r.get("errors") or {})) for r in data.get("rejected") or ()
            ),
            counts={str(k): int(v) for k, v in (data.get("counts") or {}).items()},
            items=tuple(
                BatchItem(
                    index=int(item["index"]),
                    job_id=str(item["job_id"]),
                    status=str(item["status"]),
                    job=Job.from_json(item["job"]) if item.get("job") else None,
                )
                for item in data.get("jobs") or ()
            ),
            next_cursor=data.get("next_cursor"),
            raw=data,
        )


@dataclass(frozen=True)
class BatchSubmission:
    """The answer to a batch: the batch as it is now, where to read it, and whether an earlier
    request with the same Idempotency-Key had already created it."""

    batch: Batch
    location: str
    replayed: bool
