"""Submit enrichment jobs and read them back as the API's job resource."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import socket
from base64 import b64decode
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redis import Redis
from redis.client import Pipeline
from redis.exceptions import WatchError
from rq import Queue
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry
from rq.results import Result
from rq.serializers import JSONSerializer

from service.config import QueueSettings
from service.pipeline.document import ArticleRequest
from service.queue import attempts, rqhash
from service.queue.events import EndedJobs
from service.queue.failures import FailedIndex
from service.queue.keys import Keys
from service.queue.ratelimit import Count
from service.queue.store import JobStore
from service.queue.submission import Submission

log = logging.getLogger("service.api")

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
ENDED = ("finished", "failed")
# A job that failed without saying why: its worker died (OOM, SIGKILL) or it was stopped.
WORKER_LOST = {"code": "worker_lost", "message": "the worker running this job stopped before it finished"}

# The ids this service hands out are UUIDs; RQ refuses anything outside this alphabet.
JOB_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# What the job resource needs of RQ's job hash: never its `data` (the article), which a `?wait`
# or a polling client would otherwise read again on every look.
FIELDS = (
    "status",
    "created_at",
    "started_at",
    "ended_at",
    "meta",
    attempts.ATTEMPT,
    attempts.STAGE,
    attempts.ERROR,
)
# Concurrent first uses of one Idempotency-Key: each try loses only to a request that won.
WATCH_TRIES = 10


class IdempotencyConflict(ValueError):
    """The Idempotency-Key was used before with a different request."""


class NotAdmitted(Exception):
    """The request's count, made with its submission, refused it: nothing was written."""

    def __init__(self, count: Count, counted: int) -> None:
        super().__init__(counted)
        self.count = count
        self.counted = counted  # what the gate's admit function returned (Gate.decide reads it)


class NotRetryable(ValueError):
    """Only a failed job can be queued again (another retry may just have done it)."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class Submitted:
    job_id: str
    replayed: bool  # True when an Idempotency-Key matched an earlier request
    # Set when the job store lost its data and this Idempotency-Key was not found: the key may
    # have been used before the loss, and this is a new job.
    store_lost_at: str | None = None


class JobQueue:
    def __init__(self, redis: Redis, settings: QueueSettings) -> None:
        self.redis = redis
        self.settings = settings
        self.keys = Keys(settings.queue_name)
        self.queue = Queue(settings.queue_name, connection=redis, serializer=JSONSerializer)
        self.store = JobStore(redis, self.keys)
        self.failures = FailedIndex(redis, self.keys, settings.failure_ttl_s)
        self.ended = EndedJobs(redis, self.keys)
        self.submission = Submission(
            redis, self.queue, self.keys, settings.tombstone_ttl_s, fixed=self._job_hash({}, "", "", None)
        )

    def submit(
        self,
        request: ArticleRequest,
        owner: str = "",
        idempotency_key: str | None = None,
        request_id: str = "",
        batch_id: str | None = None,
        count: Count | None = None,
    ) -> Submitted:
        """Queue an article. The job id carries the job store's epoch, and the marker is read in
        the same round trip as the job is written, never in one of its own. Without an
        Idempotency-Key, that is one Lua script (service.queue.submission), which also makes the
        request's `count` (Gate.count) when given one: NotAdmitted when it refuses the request.
        With an Idempotency-Key, claiming the key and enqueueing the job are one transaction
        (WATCH/MULTI) that fails if the key or the marker changed meanwhile: a crash between them
        cannot leave a key pointing at nothing, and a store lost meanwhile is noticed before a key
        is claimed; its request must have been counted already."""
        payload = request.to_json()
        if idempotency_key is None:
            epoch = self.store.last_seen()
            job_id = epoch.new_job_id()
            fields = self._job_hash(payload, owner, request_id, batch_id)
            counted, written_marker = self.submission(job_id, fields, owner, count)
            if count is not None and (counted < 0 or counted > count.per_minute):
                raise NotAdmitted(count, counted)
            if self.store.observe(written_marker).id != epoch.id:
                # The store was lost since this process last read the marker: the job is in
                # the new store under an id of the old epoch, as a job accepted while Redis
                # restarted always could be. The loss is recorded now; later jobs get the new epoch.
                log.warning("job store lost; job %s was written with the previous epoch", job_id)
            return Submitted(job_id, replayed=False)
        request_hash = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        key = self.keys.idempotency(owner, hashlib.sha256(idempotency_key.encode()).hexdigest())
        with self.redis.pipeline() as pipe:
            for _ in range(WATCH_TRIES):
                try:
                    pipe.watch(key, self.store.key)
                    raw, marker = pipe.mget(key, self.store.key)
                    # Creating a missing marker (or recording a loss) changes a watched key:
                    # this try then fails, and the next one reads the marker as written.
                    epoch = self.store.observe(marker)
                    if raw is not None:
                        earlier = json.loads(raw)
                        if earlier["request"] != request_hash:
                            raise IdempotencyConflict(idempotency_key)
                        if self._remembered(earlier["job"]):
                            return Submitted(earlier["job"], replayed=True)
                        # A claim whose job never existed (written before claim and job were one
                        # step, or half of a store that lost data): this request takes it over.
                    job_id = epoch.new_job_id()
                    pipe.multi()
                    pipe.set(
                        key,
                        json.dumps({"job": job_id, "request": request_hash}),
                        ex=self.settings.tombstone_ttl_s,
                    )
                    self._enqueue(pipe, job_id, payload, owner, request_id, batch_id)
                    pipe.execute()
                    return Submitted(job_id, replayed=False, store_lost_at=epoch.lost_at)
                except WatchError:
                    continue  # another request claimed the key, or the marker changed: read again
        raise WatchError(f"Idempotency-Key contended {WATCH_TRIES} times")

    def _job_hash(
        self, payload: dict[str, Any], owner: str, request_id: str, batch_id: str | None
    ) -> dict[str, Any]:
        s = self.settings
        return rqhash.job_hash(
            self.queue,
            TASK,
            payload,
            # RQ's default description is the call with its arguments: a second copy of the
            # article in Redis, and in every log line that names the job.
            description="enrich",
            timeout=s.job_timeout_s,
            result_ttl=s.result_ttl_s,
            failure_ttl=s.failure_ttl_s,
            retries=s.retries,
            retry_intervals=s.backoff(),
            meta={"owner": owner, "request_id": request_id, "batch": batch_id},
            # Its end schedules its webhook and counts it into its batch (service.queue.completion).
            on_success=COMPLETION + "job_succeeded",
            on_failure=COMPLETION + "job_failed",
        )

    def _enqueue(
        self,
        pipe: Pipeline,
        job_id: str,
        payload: dict[str, Any],
        owner: str,
        request_id: str,
        batch_id: str | None = None,
    ) -> None:
        rqhash.enqueue(pipe, self.queue, job_id, self._job_hash(payload, owner, request_id, batch_id))
        # Remembers the id (and its owner) after the result expires: 410 instead of 404.
        pipe.set(self.keys.known(job_id), owner, ex=self.settings.tombstone_ttl_s)

    def _remembered(self, job_id: str) -> bool:
        return bool(self.redis.exists(Job.key_for(job_id), self.keys.known(job_id)))

    def was_known(self, job_id: str, owner: str = "") -> bool:
        return self.redis.get(self.keys.known(job_id)) == owner.encode()

    def fetch(self, job_id: str, owner: str = "") -> dict[str, Any] | None:
        """The job resource, or None when Redis no longer (or never) held it for this owner."""
        return self.fetch_many([job_id], owner)[0]

    def fetch_many(self, job_ids: list[str], owner: str = "") -> list[dict[str, Any] | None]:
        """Several jobs, with the results of finished ones, in one round trip to Redis."""
        valid = [job_id for job_id in job_ids if JOB_ID.fullmatch(job_id)]  # RQ refuses others
        with self.redis.pipeline(transaction=False) as pipe:
            for job_id in valid:
                pipe.hmget(Job.key_for(job_id), FIELDS)
                # The latest result (RQ's Result.fetch_latest); none until the job ends.
                pipe.xrevrange(Result.get_key(job_id), "+", "-", count=1)
            replies = pipe.execute()
        rows = dict(zip(valid, zip(replies[::2], replies[1::2], strict=True), strict=True))
        jobs: list[dict[str, Any] | None] = []
        for job_id in job_ids:
            values, results = rows.get(job_id, (None, []))
            raw = dict(zip(FIELDS, values or [None] * len(FIELDS), strict=True))
            meta = json.loads(raw["meta"]) if raw["meta"] else {}
            # Gone, or another client's: either way, it does not exist for this one.
            gone = raw["status"] is None or meta.get("owner", "") != owner
            jobs.append(None if gone else self._describe(job_id, raw, meta, results))
        return jobs

    def _describe(
        self,
        job_id: str,
        raw: dict[str, bytes | None],
        meta: dict[str, Any],
        results: list[tuple[bytes, dict[bytes, bytes]]],
    ) -> dict[str, Any]:
        status = STATUS.get(JobStatus((raw["status"] or b"queued").decode()), "queued")
        result = error = None
        if status == "finished":
            result = _return_value(results)
        elif status == "failed":
            stored = raw[attempts.ERROR]
            error = json.loads(stored) if stored else WORKER_LOST
        return {
            "id": job_id,
            "status": status,
            "stage": _text(raw[attempts.STAGE]) if status == "started" else None,
            # Earlier versions counted in meta; the fenced counter only goes up.
            "attempts": int(raw[attempts.ATTEMPT] or meta.get("attempts", 0)),
            "created_at": _iso(raw["created_at"]),
            "started_at": _iso(raw["started_at"]),
            "ended_at": _iso(raw["ended_at"]),
            "result": result,
            "error": error,
        }

    def failed(self, owner: str = "", limit: int = 100) -> list[dict[str, Any]]:
        """The owner's failed jobs, newest first, from the owner's own index."""
        found, gone = [], []
        ids = self.failures.newest(owner, limit)
        for job_id, job in zip(ids, self.fetch_many(ids, owner), strict=True):
            if job is not None and job["status"] == "failed":
                found.append(job)
            else:
                gone.append(job_id)
        self.failures.forget(owner, gone)
        return found

    def retry(self, job_id: str, owner: str = "") -> dict[str, Any] | None:
        """Queue a failed job again; None if the owner has no such job. Raises NotRetryable when
        the job is not failed, or was queued again less than ENRICH_RETRY_WINDOW_S ago: of many
        retries sent at once, exactly one runs the job again, even if that run fails before the
        others arrive."""
        current = self.fetch(job_id, owner)
        if current is None:
            return None
        job = Job.fetch(job_id, connection=self.redis, serializer=JSONSerializer)
        registry = FailedJobRegistry(queue=self.queue)
        retried = self.keys.retried(job_id)
        with self.redis.pipeline() as pipe:
            try:
                pipe.watch(job.key, retried)
                if pipe.hget(job.key, "status") != JobStatus.FAILED.value.encode() or pipe.exists(retried):
                    raise NotRetryable(current["status"])
                pipe.multi()
                pipe.set(retried, 1, ex=self.settings.retry_window_s)
                pipe.zrem(registry.key, job.id)
                pipe.hdel(job.key, attempts.ERROR, attempts.STAGE)
                job.started_at = job.ended_at = None
                self.queue._enqueue_job(job, pipeline=pipe)
                self.failures.remove(owner, job.id, pipeline=pipe)
                pipe.execute()
            except WatchError:
                raise NotRetryable((self.fetch(job_id, owner) or current)["status"]) from None
        return self.fetch(job_id, owner)

    def ping(self) -> bool:
        return bool(self.redis.ping())

    def probe_write(self) -> None:
        """Raises unless Redis takes a (tiny, expiring) write: OutOfMemoryError when it is full.
        Reads the job store's marker too, so a process notices a Redis that came back empty."""
        self.redis.set(self.keys.ready_probe(f"api-{socket.gethostname()}-{os.getpid()}"), 1, ex=10)
        self.store.epoch()

    def lost_with_store(self, job_id: str) -> bool:
        """Whether an id this service handed out belongs to an earlier job store, since lost."""
        return self.store.epoch().lost(job_id)

    def depth(self) -> int:
        """Jobs waiting to be picked up."""
        return int(self.queue.count)

    def running(self) -> int:
        """Jobs a worker is running now."""
        return int(self.queue.started_job_registry.count)


def _text(value: bytes | None) -> str | None:
    return value.decode() if value else None


def _return_value(results: list[tuple[bytes, dict[bytes, bytes]]]) -> Any:
    """The return value of the latest result if it was a success, as Result.fetch_latest(...)
    .return_value gives it, read straight from RQ's stream entry: Result.restore would also parse
    four timestamps and check the serializer against a runtime Protocol on every GET."""
    if not results:
        return None
    _, payload = results[0]
    raw = payload.get(b"return_value")
    if int(payload.get(b"type") or 0) != Result.Type.SUCCESSFUL.value or raw is None:
        return None
    return JSONSerializer.loads(b64decode(raw))


def _iso(value: bytes | None) -> str | None:
    """RQ's UTC timestamp ("...T12:34:56.789012Z", rq.utils.utcformat) in ISO 8601 with "Z"."""
    if not value:
        return None
    return datetime.fromisoformat(value.decode()).isoformat().replace("+00:00", "Z")
