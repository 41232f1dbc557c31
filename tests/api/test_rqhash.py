"""The job hash the service writes on submission is RQ's own, and RQ reads it back."""

from __future__ import annotations

from dataclasses import replace

import pytest
from redis import Redis
from rq import Callback, Queue, Retry
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from service.config import Settings
from service.queue import rqhash, submission
from service.queue.jobs import COMPLETION, TASK, JobQueue

# Written at enqueue time: they differ between any two jobs.
STAMPS = {b"created_at", b"enqueued_at"}


def _rq_enqueue(queue: Queue, job_id: str, payload: dict[str, object], settings: Settings) -> None:
    s = settings.queue
    queue.enqueue(
        TASK,
        payload,
        job_id=job_id,
        description="enrich",
        job_timeout=s.job_timeout_s,
        result_ttl=s.result_ttl_s,
        failure_ttl=s.failure_ttl_s,
        retry=Retry(max=s.retries, interval=s.backoff() or 0) if s.retries else None,
        meta={"owner": "alice", "request_id": "r1", "batch": None},
        on_success=Callback(COMPLETION + "job_succeeded"),
        on_failure=Callback(COMPLETION + "job_failed"),
    )


def _service_enqueue(jobs: JobQueue, redis: Redis, writer: str, job_id: str, payload: dict) -> None:
    """The two ways the service writes a job: in a MULTI/EXEC (with an Idempotency-Key, batches'
    claims) and in the submission script (POST /v1/articles without one)."""
    if writer == "transaction":
        with redis.pipeline() as pipe:
            jobs._enqueue(pipe, job_id, payload, "alice", "r1")
            pipe.execute()
    else:
        jobs.submission(job_id, jobs._job_hash(payload, "alice", "r1", None), "alice", None)


@pytest.mark.parametrize("writer", ["transaction", "script"])
@pytest.mark.parametrize("retries", [0, 2])
def test_job_hash_matches_rq_enqueue(redis: Redis, settings: Settings, retries: int, writer: str) -> None:
    settings = replace(settings, queue=replace(settings.queue, retries=retries))
    jobs = JobQueue(redis, settings.queue)
    payload = {"text": "Jakarta hari ini cerah."}
    _rq_enqueue(jobs.queue, "by-rq", payload, settings)
    _service_enqueue(jobs, redis, writer, "by-service", payload)
    by_rq, ours = redis.hgetall(Job.key_for("by-rq")), redis.hgetall(Job.key_for("by-service"))
    assert set(ours) == set(by_rq)
    for field in set(by_rq) - STAMPS - {b"data"}:
        assert ours[field] == by_rq[field], field
    assert redis.lrange(jobs.queue.key, 0, -1) == [b"by-rq", b"by-service"]
    assert jobs.queue.key.encode() in redis.smembers(Queue.redis_queues_keys)

    theirs = Job.fetch("by-rq", connection=redis, serializer=JSONSerializer)
    job = Job.fetch("by-service", connection=redis, serializer=JSONSerializer)
    assert job.data == theirs.data
    assert (job.func_name, job.args, job.kwargs) == (theirs.func_name, theirs.args, theirs.kwargs)
    assert job.func_name == TASK and list(job.args) == [payload]
    assert (job.retries_left, job.retry_intervals) == (theirs.retries_left, theirs.retry_intervals)
    assert job.get_status() == JobStatus.QUEUED
    assert job.meta == {"owner": "alice", "request_id": "r1", "batch": None}
    assert job.success_callback is not None and job.failure_callback is not None
    assert job.created_at is not None and job.enqueued_at is not None
    # Remembered for 410 once the result expires, with its owner.
    assert redis.get(jobs.keys.known("by-service")) == b"alice"
    assert 0 < redis.ttl(jobs.keys.known("by-service")) <= settings.queue.tombstone_ttl_s


@pytest.mark.parametrize("writer", ["transaction", "script"])
def test_large_articles_are_compressed(redis: Redis, settings: Settings, writer: str) -> None:
    jobs = JobQueue(redis, settings.queue)
    payload = {"text": "kata " * (rqhash.COMPRESS_ABOVE // 4)}
    _service_enqueue(jobs, redis, writer, "large", payload)
    stored = redis.hget(Job.key_for("large"), "data")
    assert stored is not None and len(stored) < rqhash.COMPRESS_ABOVE
    job = Job.fetch("large", connection=redis, serializer=JSONSerializer)
    assert list(job.args) == [payload]


def test_fields_written_into_the_script_are_the_bytes_redis_py_sends(redis: Redis) -> None:
    for value in [
        "plain",
        'quote " backslash \\ end',
        "ß\n\t\x00\x7f日本",
        b"\x00\xff\x80 bytes",
        180,
        2.5,
        "",
    ]:
        expected = value if isinstance(value, bytes) else str(value).encode()
        assert redis.eval(f"return {submission._lua(value)}", 0) == expected, value


def test_a_field_that_differs_from_the_script_s_own_is_sent(redis: Redis, settings: Settings) -> None:
    jobs = JobQueue(redis, settings.queue)
    fields = jobs._job_hash({"text": "Jakarta hari ini cerah."}, "alice", "r1", None)
    fixed = {**fields, "timeout": 1, "description": "stale", "data": b"old"}
    writer = submission.Submission(redis, jobs.queue, jobs.keys, 60, fixed=fixed)
    writer("overridden", fields, "alice", None)
    stored = redis.hgetall(Job.key_for("overridden"))
    assert stored == {
        key.encode(): str(value).encode() if not isinstance(value, bytes) else value
        for key, value in fields.items()
    }
