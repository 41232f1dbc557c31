"""What happens when a job ends for good. RQ calls these in the worker (every job names them at
enqueue): on success; on a failure, whether the task raised or a dead worker's job was found
(service.queue.liveness); a failure that will be retried is not an end. They schedule the job's
webhook and count the job into its batch; the HTTP calls come later, from the delivery threads
(service.webhooks.dispatcher), so a slow receiver never holds up a job.

RQ runs these before it stores the job's final status: the body of a webhook is therefore built
at its first attempt, from the stored job, not here.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from redis import Redis
from rq.job import Job

from service.queue.batches import BatchStore
from service.queue.keys import Keys
from service.queue.webhooks import DeliveryStore

log = logging.getLogger("service.worker")


def job_succeeded(job: Job, connection: Redis, result: Any, *args: Any, **kwargs: Any) -> None:
    _ended(job, connection, "finished")


def job_failed(job: Job, connection: Redis, *exc_info: Any) -> None:
    if job.retries_left:  # RQ retries it (with backoff): not an end yet
        return
    _ended(job, connection, "failed")


def _ended(job: Job, redis: Redis, status: str) -> None:
    # A webhook that cannot be scheduled must not turn a finished job into a failed one: RQ
    # would count an exception here as the job's.
    try:
        keys, now = Keys(job.origin), time.time()
        owner = str(job.meta.get("owner", ""))
        deliveries = DeliveryStore(redis, keys)
        payload = job.args[0] if job.args and isinstance(job.args[0], dict) else {}
        if payload.get("callback_url"):
            deliveries.schedule(
                owner=owner,
                event=f"job.{status}",
                subject="job",
                subject_id=job.id,
                url=payload["callback_url"],
                now=now,
            )
        batch_id = job.meta.get("batch")
        if batch_id:
            end = BatchStore(redis, keys).job_ended(str(batch_id), job.id)
            if end is not None and end.callback_url:
                deliveries.schedule(
                    owner=end.owner,
                    event="batch.ended",
                    subject="batch",
                    subject_id=end.batch_id,
                    url=end.callback_url,
                    now=now,
                )
    except Exception:
        log.exception("could not schedule the webhooks of a job that ended", extra={"job_id": job.id})
