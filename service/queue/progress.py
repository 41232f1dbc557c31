"""The job a worker is running, as the task sees it: progress and failures, written into the
job's hash where the API reads them, and only while this run is the job's latest attempt."""

from __future__ import annotations

import json
import time
from typing import Any

from rq import get_current_job
from rq.job import Job

from service.pipeline.document import JobRef
from service.queue import attempts
from service.queue.keys import Keys
from service.queue.reports import WorkerReports

# A failure message is shown to the client and stored for days: a few lines at most.
MESSAGE_CHARS = 500

# Each progress write is a fenced Redis round trip; the built-in stages take a millisecond or
# two each, and writing all nine cost 12 % of a worker's time (py-spy, bench/throughput.py
# end to end). So the first stage is always shown, and a later one only when the stage shown
# has been there this long: a quick job writes once, a slow stage is still seen as it starts.
PROGRESS_INTERVAL_S = 0.05


class RunningJob:
    def __init__(self, job: Job, attempt: attempts.Attempt | None) -> None:
        self.job = job
        self.attempt = attempt
        self.reports = WorkerReports(job.connection, Keys(job.origin))
        self._shown_at: float | None = None

    @classmethod
    def current(cls) -> RunningJob | None:
        """The job being run, or None when the task is called outside a worker."""
        job = get_current_job()
        return None if job is None else cls(job, attempts.current())

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
        number = self.attempt.number if self.attempt else None
        return {"job_id": self.job.id, "request_id": self.job.meta.get("request_id"), "attempt": number}

    def at_stage(self, stage: str) -> None:
        """Raises attempts.StaleAttempt when a later attempt owns the job: this run stops early.
        The finished result is fenced too, so a skipped write never lets a stale run win."""
        now = time.monotonic()
        if self._shown_at is not None and now - self._shown_at < PROGRESS_INTERVAL_S:
            return
        self._write(attempts.STAGE, stage)
        self._shown_at = now

    def failed(self, code: str, message: str, *, permanent: bool) -> None:
        """Record why this run failed; a permanent failure is not retried."""
        self._write(attempts.ERROR, json.dumps({"code": code, "message": message[:MESSAGE_CHARS]}))
        self.reports.record_job({}, code)
        if permanent:
            self.job.retries_left = 0  # the same article would fail again: no retry

    def finished(self, timings_ms: dict[str, float]) -> None:
        self.reports.record_job(timings_ms, None)

    def _write(self, field: str, value: str) -> None:
        if self.attempt is not None:
            self.attempt.write(field, value)
        else:  # run outside the fenced worker (e.g. `rq worker`): unfenced
            self.job.connection.hset(self.job.key, field, value)
