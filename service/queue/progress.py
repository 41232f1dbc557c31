"""The job a worker is running, as the task sees it: attempts, progress and failures, kept in the
job's metadata where the API reads them."""

from __future__ import annotations

from typing import Any

from rq import get_current_job
from rq.job import Job

from service.pipeline.document import JobRef
from service.queue.keys import Keys
from service.queue.reports import WorkerReports


class RunningJob:
    def __init__(self, job: Job) -> None:
        self.job = job
        self.reports = WorkerReports(job.connection, Keys(job.origin))

    @classmethod
    def current(cls) -> RunningJob | None:
        """The job being run, or None when the task is called outside a worker."""
        job = get_current_job()
        return None if job is None else cls(job)

    @property
    def ref(self) -> JobRef:
        enqueued = self.job.enqueued_at or self.job.created_at
        return JobRef(
            id=self.job.id,
            owner=str(self.job.meta.get("owner", "")),
            received_at=enqueued.timestamp() if enqueued else 0.0,
        )

    @property
    def context(self) -> dict[str, Any]:
        """What every log line about this job carries."""
        return {"job_id": self.job.id, "request_id": self.job.meta.get("request_id")}

    def begin_attempt(self) -> None:
        self.job.meta["attempts"] = self.job.meta.get("attempts", 0) + 1
        self.job.save_meta()

    def at_stage(self, stage: str) -> None:
        self.job.meta["stage"] = stage
        self.job.save_meta()

    def failed(self, code: str, message: str, *, permanent: bool) -> None:
        """Record why this run failed; a permanent failure is not retried."""
        self.job.meta["error"] = {"code": code, "message": message}
        self.job.save_meta()
        self.reports.record_job({}, code)
        if permanent:
            self.job.retries_left = 0  # the same article would fail again: no retry

    def finished(self, timings_ms: dict[str, float]) -> None:
        self.reports.record_job(timings_ms, None)
