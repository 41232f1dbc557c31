"""Submit enrichment jobs and read them back as the API's job resource."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from redis import Redis
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from service.config import Settings

# Named by dotted path so the web process never imports the pipeline's workers.
TASK = "service.worker.tasks.enrich"

# RQ has more states than clients need: retries waiting are still "queued" to them.
STATUS = {
    JobStatus.QUEUED: "queued",
    JobStatus.DEFERRED: "queued",
    JobStatus.SCHEDULED: "queued",
    JobStatus.STARTED: "started",
    JobStatus.FINISHED: "finished",
    JobStatus.FAILED: "failed",
    JobStatus.STOPPED: "failed",
    JobStatus.CANCELED: "failed",
}
# A job that failed without saying why: its worker died (OOM, SIGKILL) or it was stopped.
WORKER_LOST = {"code": "worker_lost", "message": "the worker running this job stopped before it finished"}


class JobQueue:
    def __init__(self, redis: Redis, settings: Settings):
        self.redis = redis
        self.settings = settings
        self.queue = Queue(settings.queue_name, connection=redis, serializer=JSONSerializer)

    def _tombstone(self, job_id: str) -> str:
        return f"enrich:known-job:{job_id}"

    def submit(self, payload: dict[str, Any]) -> str:
        job_id = str(uuid.uuid4())
        s = self.settings
        with self.redis.pipeline() as pipe:
            self.queue.enqueue(
                TASK,
                payload,
                job_id=job_id,
                job_timeout=s.job_timeout_s,
                result_ttl=s.result_ttl_s,
                failure_ttl=s.failure_ttl_s,
                meta={"stage": None},
                pipeline=pipe,
            )
            # Remembers the id after the result expires, so it can answer 410 instead of 404.
            pipe.set(self._tombstone(job_id), 1, ex=s.tombstone_ttl_s)
            pipe.execute()
        return job_id

    def was_known(self, job_id: str) -> bool:
        return bool(self.redis.exists(self._tombstone(job_id)))

    def fetch(self, job_id: str) -> dict[str, Any] | None:
        """The job resource, or None when Redis no longer (or never) held the job."""
        try:
            job = Job.fetch(job_id, connection=self.redis, serializer=JSONSerializer)
        except NoSuchJobError:
            return None
        status = STATUS.get(job.get_status(refresh=False), "queued")
        error = None
        if status == "failed":
            error = job.meta.get("error") or WORKER_LOST
        return {
            "id": job.id,
            "status": status,
            "stage": job.meta.get("stage") if status == "started" else None,
            "created_at": _iso(job.created_at),
            "started_at": _iso(job.started_at),
            "ended_at": _iso(job.ended_at),
            "result": job.return_value(refresh=False) if status == "finished" else None,
            "error": error,
        }

    def report_backends(self, worker: str, described: dict[str, Any]) -> None:
        """A worker says which backends it loaded; all workers share one configuration, so the
        latest report stands for all (kept until the next worker starts)."""
        report = {"worker": worker, "reported_at": _iso(datetime.now(UTC)), "stages": described}
        self.redis.set(f"enrich:backends:{self.settings.queue_name}", json.dumps(report))

    def backends(self) -> dict[str, Any] | None:
        raw = self.redis.get(f"enrich:backends:{self.settings.queue_name}")
        return json.loads(raw) if raw else None

    def ping(self) -> bool:
        return bool(self.redis.ping())


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None
