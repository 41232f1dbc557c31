"""Batches: many articles in one request. Each accepted article is an ordinary job owned by the
same key; the batch keeps their ids in order, counts them by status, and notices, exactly once,
when the last one ends (for the batch's webhook)."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redis import Redis
from redis.typing import EncodableT, FieldT
from rq.job import Job

from service.config import QueueSettings
from service.pipeline.document import ArticleRequest
from service.queue.jobs import STATUS, JobQueue
from service.queue.keys import Keys
from service.queue.webhooks import DeliveryStore, iso

# What an item of a batch can be; "expired": its job's result is no longer kept.
ITEM_STATUSES = ("queued", "started", "finished", "failed", "expired")
ENDED = frozenset({"finished", "failed", "expired"})

# Claims the Idempotency-Key and writes the batch in one step: a concurrent replay finds the batch.
_CREATE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  redis.call('HSET', KEYS[2], unpack(ARGV, 4))
  redis.call('EXPIRE', KEYS[2], ARGV[3])
  return false
end
return redis.call('GET', KEYS[1])
"""


class BatchConflict(ValueError):
    """The Idempotency-Key was used before with a different batch."""


@dataclass(frozen=True)
class Created:
    batch_id: str
    replayed: bool  # True when an Idempotency-Key matched an earlier request


@dataclass(frozen=True)
class BatchEnd:
    """The batch whose last job just ended: where its webhook goes, if anywhere."""

    batch_id: str
    owner: str
    callback_url: str | None


class BatchStore:
    def __init__(self, redis: Redis, keys: Keys, settings: QueueSettings | None = None) -> None:
        self.redis, self.keys = redis, keys
        self.settings = settings or QueueSettings()
        self.deliveries = DeliveryStore(redis, keys)
        self._create = redis.register_script(_CREATE)

    def create(
        self,
        *,
        owner: str,
        size: int,
        accepted: int,
        rejected: Sequence[dict[str, Any]],
        callback_url: str | None,
        idempotency_key: str | None = None,
        request_hash: str = "",
    ) -> Created:
        """Record a new batch (its jobs come next, with add_jobs), or find the one an earlier
        request with the same Idempotency-Key made."""
        batch_id = str(uuid.uuid4())
        s = self.settings
        # Kept as long as its failures are, so a client can still see what failed and why.
        ttl_s = max(s.result_ttl_s, s.failure_ttl_s)
        now = time.time()
        record: dict[FieldT, EncodableT] = {
            "owner": owner,
            "created_at": now,
            "size": size,
            "accepted": accepted,
            "rejected": json.dumps(list(rejected)),
            "callback_url": callback_url or "",
            "ended_at": now if accepted == 0 else "",  # every article rejected: ended as made
        }
        if idempotency_key is None:
            with self.redis.pipeline() as pipe:
                pipe.hset(self.keys.batch(batch_id), mapping=record)
                pipe.expire(self.keys.batch(batch_id), ttl_s)
                pipe.execute()
            return Created(batch_id, replayed=False)
        digest = json.dumps({"batch": batch_id, "request": request_hash})
        claim_key = self.keys.batch_idempotency(owner, _sha256(idempotency_key))
        pairs = [str(item) for field in record.items() for item in field]
        earlier = self._create(
            keys=[claim_key, self.keys.batch(batch_id)], args=[digest, s.tombstone_ttl_s, ttl_s, *pairs]
        )
        if earlier is None:
            return Created(batch_id, replayed=False)
        claim = json.loads(earlier)
        if claim["request"] != request_hash:
            raise BatchConflict(idempotency_key)
        return Created(claim["batch"], replayed=True)

    def submit(
        self,
        jobs: JobQueue,
        batch_id: str,
        articles: Sequence[tuple[int, ArticleRequest]],
        *,
        owner: str,
        request_id: str = "",
    ) -> None:
        """Queue each accepted article (its index in the request, the article) as a job."""
        items = []
        for index, article in articles:
            submitted = jobs.submit(article, owner=owner, request_id=request_id, batch_id=batch_id)
            items.append(json.dumps({"index": index, "job": submitted.job_id}))
        ttl_ms = int(self.redis.pttl(self.keys.batch(batch_id)))
        with self.redis.pipeline() as pipe:
            if items:
                pipe.rpush(self.keys.batch_jobs(batch_id), *items)
                pipe.pexpire(self.keys.batch_jobs(batch_id), max(ttl_ms, 1000))
            pipe.execute()

    def job_ended(self, batch_id: str, job_id: str) -> BatchEnd | None:
        """Count a job of the batch as ended; the batch when this was its last job (once only:
        a job that ends again after a manual retry does not count twice)."""
        key, ended = self.keys.batch(batch_id), self.keys.batch_ended_jobs(batch_id)
        with self.redis.pipeline() as pipe:  # MULTI: one of concurrent last jobs sees the full set
            pipe.sadd(ended, job_id)
            pipe.scard(ended)
            pipe.hmget(key, ["accepted", "owner", "callback_url"])
            pipe.pttl(key)
            added, count, (accepted, owner, callback_url), ttl_ms = pipe.execute()
        if not added or accepted is None:
            return None
        if ttl_ms > 0:
            self.redis.pexpire(ended, ttl_ms)
        if count < int(accepted):
            return None
        self.redis.hset(key, "ended_at", time.time())
        return BatchEnd(batch_id, owner.decode(), callback_url.decode() or None)

    def schedule_webhook(self, batch_id: str) -> None:
        """Schedule the batch's webhook, if it has a callback URL (a batch that ended as it was made)."""
        found: list[bytes | None] = self.redis.hmget(self.keys.batch(batch_id), ["owner", "callback_url"])  # type: ignore[assignment]
        owner, callback_url = found
        if owner is not None and callback_url:
            self.deliveries.schedule(
                owner=owner.decode(),
                event="batch.ended",
                subject="batch",
                subject_id=batch_id,
                url=callback_url.decode(),
                now=time.time(),
            )

    def resource(
        self, batch_id: str, owner: str = "", cursor: int = 0, limit: int = 20
    ) -> dict[str, Any] | None:
        """The batch resource with one page of its jobs, or None when this owner has no such batch."""
        raw: dict[bytes, bytes] = self.redis.hgetall(self.keys.batch(batch_id))  # type: ignore[assignment]
        record = {k.decode(): v.decode() for k, v in raw.items()}
        if not record or record["owner"] != owner:
            return None  # another client's batch does not exist for this one
        listed: list[bytes] = self.redis.lrange(self.keys.batch_jobs(batch_id), 0, -1)  # type: ignore[assignment]
        items = [json.loads(item) for item in listed]
        # Counts need each job's status only: its stored article may be a megabyte of HTML.
        with self.redis.pipeline(transaction=False) as pipe:
            for item in items:
                pipe.hmget(Job.key_for(item["job"]), ["status", "ended_at"])
            stored: list[list[bytes | None]] = pipe.execute()
        statuses = [
            "expired" if status is None else _STATUS.get(status.decode(), "queued") for status, _ in stored
        ]
        accepted = int(record["accepted"])
        counts = Counter({status: 0 for status in ITEM_STATUSES})
        counts.update(statuses)
        counts["queued"] += accepted - len(items)  # still being queued by the request that made it
        shown = items[cursor : cursor + limit]
        jobs = JobQueue(self.redis, self.settings).fetch_many([item["job"] for item in shown], owner)
        page = [
            {
                "index": item["index"],
                "job_id": item["job"],
                "status": "expired" if job is None else status,
                "job": job,
            }
            for item, job, status in zip(shown, jobs, statuses[cursor : cursor + limit], strict=True)
        ]
        ended = len(items) == accepted and all(status in ENDED for status in statuses)
        # Set by the last job's completion hook; RQ's own end times cover the moment before it is.
        ended_at = record.get("ended_at") or max(
            (_timestamp(job_ended) for _, job_ended in stored if job_ended), default=None
        )
        return {
            "id": batch_id,
            "status": "ended" if ended else "running",
            "created_at": iso(float(record["created_at"])),
            "ended_at": iso(float(ended_at)) if ended and ended_at else None,
            "callback_url": record["callback_url"] or None,
            "size": int(record["size"]),
            "accepted": accepted,
            "rejected": json.loads(record["rejected"]),
            "counts": dict(counts),
            "jobs": page,
            "next_cursor": str(cursor + limit) if cursor + limit < accepted else None,
            "deliveries": self.deliveries.of("batch", batch_id),
        }


# RQ's stored status values -> the statuses clients see.
_STATUS = {status.value: shown for status, shown in STATUS.items()}


def _timestamp(rq_time: bytes) -> float:
    return datetime.fromisoformat(rq_time.decode()).timestamp()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
