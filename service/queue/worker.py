"""The RQ worker loop: jobs run in this process (no fork), each run fenced by its attempt number,
and the worker outlives Redis outages and a full Redis."""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, SimpleWorker
from rq.executions import Execution
from rq.job import Job, JobStatus
from rq.job_lifecycle import call_exception_handlers
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer

from service.config import QueueSettings
from service.queue import attempts
from service.queue.events import publish_ended
from service.queue.failures import FailedIndex
from service.queue.keys import Keys
from service.queue.liveness import Liveness
from service.queue.reports import WorkerReports
from service.queue.store import JobStore

log = logging.getLogger("service.worker")

# RQ's maintenance (every maintenance_interval; default 600 s) is what starts a scheduler once a
# dead worker's scheduler lock expired (retries with backoff wait for one) and what re-queues a
# job stuck in the intermediate queue (a worker killed between dequeuing a job and starting it).
# An idle worker only looks between BLPOPs of worker_ttl - 15 s (default 405 s).
MAINTENANCE_INTERVAL_S = 15
WORKER_TTL_S = 45
# How long to wait for an unreachable Redis before leaving the restart to the supervisor. A Redis
# that answers but refuses writes (full) is waited for as long as it takes: a restart frees nothing.
REDIS_WAIT_S = 120
BACKOFF_MAX_S = 10


class NotPersisted(RuntimeError):
    """RQ could not record a job's end (Redis refused the write): this worker starts afresh and
    the job, still marked started under the old worker's name, is re-queued by the reaper."""


class EnrichWorker(SimpleWorker):
    """RQ's SimpleWorker, plus:
    - fencing: each run takes the job's next attempt number; a run whose number was superseded
      (its worker was paused past the liveness TTL and the job given to another) has its result
      or failure discarded instead of overwriting the newer run's;
    - job ends published for `?wait` requests, and failures indexed per owner;
    - logs that never carry the article (RQ logs a job's arguments with every exception);
    - a flag telling a deliberate shutdown (SIGTERM) from a Redis failure."""

    shutdown_requested = False

    def __init__(self, *args: Any, failure_ttl_s: int, **kwargs: Any) -> None:
        kwargs["log_job_description"] = False  # the description is the call, i.e. the article
        super().__init__(*args, **kwargs)
        self.keys = Keys(self.queues[0].name)
        self.failures = FailedIndex(self.connection, self.keys, failure_ttl_s)

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.shutdown_requested = True
        super().request_stop(signum, frame)

    def perform_job(self, job: Job, queue: Queue, execution: Execution) -> bool:
        attempts.set_current(attempts.begin(self.connection, job.key, job.id))
        try:
            return bool(super().perform_job(job, queue, execution))
        finally:
            attempts.set_current(None)

    def handle_job_success(
        self, job: Job, queue: Queue, started_job_registry: StartedJobRegistry, execution: Execution
    ) -> None:
        if self._superseded(job, execution):
            return
        super().handle_job_success(job, queue, started_job_registry, execution)
        publish_ended(self.connection, self.keys, job.id)

    def handle_job_failure(
        self,
        job: Job,
        queue: Queue,
        started_job_registry: StartedJobRegistry | None = None,
        exc_string: str = "",
        execution: Execution | None = None,
    ) -> None:
        if self._superseded(job, execution):
            return
        # Indexed before RQ records the failure, so that a client seeing the job failed finds it
        # listed too (the listing skips entries whose job is not failed).
        final = not job.should_retry or self._stopped_job_id == job.id
        if final:
            self.failures.add(str(job.meta.get("owner", "")), job.id)
        super().handle_job_failure(job, queue, started_job_registry, exc_string, execution)
        if self.connection.hget(job.key, "status") == JobStatus.STARTED.value.encode():
            raise NotPersisted(f"the end of job {job.id} was not recorded")
        if final:
            publish_ended(self.connection, self.keys, job.id)

    def handle_exception(self, job: Job, *exc_info: Any) -> None:
        """RQ's own logs the job's arguments, i.e. the whole article, on every failed run; the
        task has logged the failure with its traceback already."""
        exc_type: type[BaseException] | None = exc_info[0]
        tb: TracebackType | None = exc_info[2]
        del tb
        self.log.info(
            "job %s run ended with %s", job.id, exc_type.__name__ if exc_type else "an error",
            extra={"job_id": job.id},
        )  # fmt: skip
        call_exception_handlers(self._exc_handlers, job, *exc_info)

    def _superseded(self, job: Job, execution: Execution | None) -> bool:
        attempt = attempts.current()
        if attempt is None or attempt.is_current():
            return False
        log.warning(
            "a later attempt took this job over; this run's outcome is discarded",
            extra={"job_id": job.id, "attempt": attempt.number},
        )
        with self.connection.pipeline() as pipe:
            self.cleanup_execution(job, pipeline=pipe, execution=execution)
            pipe.execute()
        return True


def serve(settings: QueueSettings, describe: Callable[[], dict[str, Any]]) -> None:
    """Take jobs until SIGTERM/SIGINT. `describe` says which backends this worker loaded."""
    redis = Redis.from_url(settings.redis_url)
    keys = Keys(settings.queue_name)
    queue = Queue(settings.queue_name, connection=redis, serializer=JSONSerializer)
    store = JobStore(redis, keys)
    # RQ's work() gives up ("found an unhandled exception, quitting") when Redis goes away or
    # refuses writes while a job runs. Start a fresh worker instead of exiting: nothing restarts
    # a worker under scripts/run.sh, and under Kubernetes a restart would reload every model.
    while True:
        # No fork per job: a torch model forked after it has run deadlocks the child (libgomp), and
        # forked cold it runs ~10x slower on every call (measured; see README). Jobs run in this
        # process, on backends loaded once.
        worker = EnrichWorker(
            [queue], connection=redis, serializer=JSONSerializer, failure_ttl_s=settings.failure_ttl_s,
            maintenance_interval=MAINTENANCE_INTERVAL_S, worker_ttl=WORKER_TTL_S,
        )  # fmt: skip
        liveness = Liveness(redis, queue, worker.name, settings.worker_alive_ttl_s, settings.failure_ttl_s)
        try:
            store.epoch()  # notices (and records) a Redis that came back empty
            WorkerReports(redis, keys).report_backends(worker.name, describe())
            liveness.start()
            worker.work(with_scheduler=True)
        except RedisError:
            log.warning("redis unreachable or refusing writes", exc_info=True)
        finally:
            with contextlib.suppress(RedisError):  # its key expires by itself if Redis is down
                liveness.stop()
        if worker.shutdown_requested:  # SIGTERM/SIGINT: a deliberate, warm shutdown
            return
        if not wait_for_writes(redis, keys, worker.name, REDIS_WAIT_S):
            log.error(
                "redis still unreachable after %s s; exiting for the supervisor to restart", REDIS_WAIT_S
            )
            sys.exit(1)
        log.warning("worker stopped on a redis error; starting a fresh one")


def wait_for_writes(redis: Redis, keys: Keys, name: str, unreachable_s: float) -> bool:
    """Back off until Redis takes a write. False if it stayed unreachable for `unreachable_s`;
    a Redis that answers but refuses writes (maxmemory) is waited for without limit."""
    deadline = time.monotonic() + unreachable_s
    delay = 1.0
    while True:
        try:
            redis.set(keys.ready_probe(name), 1, ex=60)
            return True
        except (RedisConnectionError, RedisTimeoutError):
            if time.monotonic() > deadline:
                return False
        except RedisError as exc:  # OutOfMemoryError, READONLY: reachable, refusing writes
            deadline = time.monotonic() + unreachable_s
            log.warning("redis refuses writes (%s); backing off %.0f s", exc, delay)
        time.sleep(delay)
        delay = min(delay * 2, BACKOFF_MAX_S)
