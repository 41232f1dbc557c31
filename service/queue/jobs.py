"""Submit enrichment jobs and read them back as the API's job resource."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redis import Redis
from rq import Callback, Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry
from rq.serializers import JSONSerializer

from service.config import QueueSettings
from service.pipeline.document import ArticleRequest
from service.queue.keys import Keys

# Named by dotted path so the web process never imports the pipeline's workers.
TASK = "service.worker.tasks.enrich"
COMPLETION = "service.queue.completion."

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


# The ids this service hands out are UUIDs; RQ refuses anything outside this alphabet.
JOB_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class IdempotencyConflict(ValueError):
    """The Idempotency-Key was used before with a different request."""


@dataclass(frozen=True)
class Submitted:
    job_id: str
    replayed: bool  # True when an Idempotency-Key matched an earlier request


class JobQueue:
    def __init__(self, redis: Redis, settings: QueueSettings) -> None:
        self.redis = redis
        self.settings = settings
        self.keys = Keys(settings.queue_name)
        self.queue = Queue(settings.queue_name, connection=redis, serializer=JSONSerializer)

    def submit(
        self,
        request: ArticleRequest,
        owner: str = "",
        idempotency_key: str | None = None,
        request_id: str = "",
        batch_id: str | None = None,
    ) -> Submitted:
        payload = request.to_json()
        request_hash = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        job_id = str(uuid.uuid4())
        s = self.settings
        if idempotency_key is not None:
            key = self.keys.idempotency(owner, hashlib.sha256(idempotency_key.encode()).hexdigest())
            claim = json.dumps({"job": job_id, "request": request_hash})
            # SET NX decides atomically which of two concurrent requests creates the job.
            if not self.redis.set(key, claim, nx=True, ex=s.tombstone_ttl_s):
                earlier = json.loads(self.redis.get(key) or claim)
                if earlier["request"] != request_hash:
                    raise IdempotencyConflict(idempotency_key)
                return Submitted(earlier["job"], replayed=True)
        with self.redis.pipeline() as pipe:
            self.queue.enqueue(
                TASK,
                payload,
                job_id=job_id,
                job_timeout=s.job_timeout_s,
                result_ttl=s.result_ttl_s,
                failure_ttl=s.failure_ttl_s,
                retry=Retry(max=s.retries, interval=s.backoff() or 0) if s.retries else None,
                meta={"stage": None, "owner": owner, "request_id": request_id, "batch": batch_id},
                # Its end schedules its webhook and counts it into its batch (service.queue.completion).
                on_success=Callback(COMPLETION + "job_succeeded"),
                on_failure=Callback(COMPLETION + "job_failed"),
                pipeline=pipe,
            )
            # Remembers the id (and its owner) after the result expires: 410 instead of 404.
            pipe.set(self.keys.known(job_id), owner, ex=s.tombstone_ttl_s)
            pipe.execute()
        return Submitted(job_id, replayed=False)

    def was_known(self, job_id: str, owner: str = "") -> bool:
        return self.redis.get(self.keys.known(job_id)) == owner.encode()

    def _job(self, job_id: str, owner: str) -> Job | None:
        if not JOB_ID.fullmatch(job_id):
            return None  # not an id this service hands out (RQ would raise on it)
        try:
            job = Job.fetch(job_id, connection=self.redis, serializer=JSONSerializer)
        except NoSuchJobError:
            return None
        # Another client's job does not exist for this one.
        return job if job.meta.get("owner", "") == owner else None

    def fetch(self, job_id: str, owner: str = "") -> dict[str, Any] | None:
        """The job resource, or None when Redis no longer (or never) held it for this owner."""
        job = self._job(job_id, owner)
        return None if job is None else describe(job)

    def failed(self, owner: str = "", limit: int = 100) -> list[dict[str, Any]]:
        """The owner's failed jobs, newest first."""
        registry = FailedJobRegistry(queue=self.queue)
        ids = list(reversed(registry.get_job_ids()))
        jobs = Job.fetch_many(ids, connection=self.redis, serializer=JSONSerializer)
        mine = [describe(job) for job in jobs if job is not None and job.meta.get("owner", "") == owner]
        return mine[:limit]

    def retry(self, job_id: str, owner: str = "") -> dict[str, Any] | None:
        """Queue a failed job again; None if it is not the owner's failed job."""
        job = self._job(job_id, owner)
        if job is None or job.get_status() != JobStatus.FAILED:
            return None
        job.meta.pop("error", None)
        job.save_meta()
        job.requeue()
        return describe(job)

    def ping(self) -> bool:
        return bool(self.redis.ping())

    def depth(self) -> int:
        """Jobs waiting to be picked up."""
        return int(self.queue.count)

    def running(self) -> int:
        """Jobs a worker is running now."""
        return int(self.queue.started_job_registry.count)


def describe(job: Job) -> dict[str, Any]:
    status = STATUS.get(job.get_status(refresh=False), "queued")
    error = None
    if status == "failed":
        error = job.meta.get("error") or WORKER_LOST
    return {
        "id": job.id,
        "status": status,
        "stage": job.meta.get("stage") if status == "started" else None,
        "attempts": job.meta.get("attempts", 0),
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "ended_at": _iso(job.ended_at),
        "result": job.return_value(refresh=False) if status == "finished" else None,
        "error": error,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None
