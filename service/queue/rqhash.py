"""RQ's job hash, written by this service in the submit transaction instead of by Queue.enqueue.

Queue.enqueue builds a Job object, checks its serializer against a runtime Protocol, zlib-compresses
the data and writes the hash in two HSETs: about a third of the web worker's CPU per POST
/v1/articles (cProfile of 2,000 POSTs of seed 000, issue 12). The hash below is the one RQ's
Job.to_dict writes for the same call, field for field (tests/api/test_rqhash.py compares them
against RQ's own enqueue, so an RQ upgrade that changes the format fails there), and RQ's workers
read it with Job.fetch like any other.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from rq.defaults import CALLBACK_TIMEOUT
from rq.job import Job, JobStatus
from rq.queue import Queue
from rq.utils import now, utcformat

# RQ reads data that is not zlib's as it is (Job.restore falls back to the raw bytes). Compressing
# a 3.3 KB article costs ~140 µs of a ~2.7 ms request and saves ~1.8 KB of Redis memory for the
# result's lifetime; only large articles, where memory matters more, are compressed.
COMPRESS_ABOVE = 32 * 1024


def job_hash(
    queue: Queue,
    func: str,
    payload: dict[str, Any],
    *,
    description: str,
    timeout: int,
    result_ttl: int,
    failure_ttl: int,
    retry_intervals: list[int] | None,
    retries: int,
    meta: dict[str, Any],
    on_success: str,
    on_failure: str,
) -> dict[str, Any]:
    """The fields of the hash RQ's Queue.enqueue writes for `func(payload)`."""
    data = json.dumps([func, None, [payload], {}]).encode()
    if len(data) > COMPRESS_ABOVE:
        data = zlib.compress(data)
    stamp = utcformat(now())
    fields: dict[str, Any] = {
        "created_at": stamp,
        "data": data,
        "success_callback_name": on_success,
        "failure_callback_name": on_failure,
        "stopped_callback_name": "",
        "started_at": "",
        "ended_at": "",
        "last_heartbeat": "",
        "worker_name": "",
        "group_id": "",
    }
    if retries:
        fields["retries_left"] = retries
        fields["retry_intervals"] = json.dumps(retry_intervals or [0])
    fields.update(
        {
            "origin": queue.name,
            "description": description,
            "enqueued_at": stamp,
            "timeout": timeout,
            "success_callback_timeout": CALLBACK_TIMEOUT,
            "failure_callback_timeout": CALLBACK_TIMEOUT,
            "result_ttl": result_ttl,
            "failure_ttl": failure_ttl,
            "status": JobStatus.QUEUED.value,
            "meta": json.dumps(meta).encode(),
        }
    )
    return fields


def enqueue(pipe: Any, queue: Queue, job_id: str, fields: dict[str, Any]) -> None:
    """Queue the job as RQ's Queue.enqueue(..., pipeline=pipe) would, in the caller's
    transaction: the queue registered, the job hash (job_hash's fields) written, its id pushed
    onto the queue. service.queue.submission does the same in a Lua script."""
    pipe.sadd(queue.redis_queues_keys, queue.key)
    pipe.hset(Job.key_for(job_id), mapping=fields)
    pipe.rpush(queue.key, job_id)
