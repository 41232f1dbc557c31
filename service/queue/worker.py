"""The RQ worker loop: jobs run in this process (no fork), and the worker outlives Redis outages."""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, SimpleWorker
from rq.serializers import JSONSerializer

from service.config import QueueSettings
from service.queue.keys import Keys
from service.queue.liveness import Liveness
from service.queue.reports import WorkerReports

log = logging.getLogger("service.worker")

# RQ's maintenance (every maintenance_interval; default 600 s) is what starts a scheduler once a
# dead worker's scheduler lock expired (retries with backoff wait for one) and what re-queues a
# job stuck in the intermediate queue (a worker killed between dequeuing a job and starting it).
# An idle worker only looks between BLPOPs of worker_ttl - 15 s (default 405 s).
MAINTENANCE_INTERVAL_S = 30
WORKER_TTL_S = 60
# How long to wait for Redis to come back before leaving the restart to the supervisor.
REDIS_WAIT_S = 120


class EnrichWorker(SimpleWorker):
    """RQ's SimpleWorker, remembering whether a signal asked it to stop (RQ's own flag is set
    only when the signal arrives mid-job), so serve() can tell a shutdown from a Redis failure."""

    shutdown_requested = False

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.shutdown_requested = True
        super().request_stop(signum, frame)


def serve(settings: QueueSettings, describe: Callable[[], dict[str, Any]]) -> None:
    """Take jobs until SIGTERM/SIGINT. `describe` says which backends this worker loaded."""
    redis = Redis.from_url(settings.redis_url)
    queue = Queue(settings.queue_name, connection=redis, serializer=JSONSerializer)
    # RQ's work() gives up ("found an unhandled exception, quitting") when Redis goes away while
    # a job runs. Start a fresh worker instead of exiting: nothing restarts a worker under
    # scripts/run.sh, and under Kubernetes a restart would reload every model.
    while True:
        # No fork per job: a torch model forked after it has run deadlocks the child (libgomp), and
        # forked cold it runs ~10x slower on every call (measured; see README). Jobs run in this
        # process, on backends loaded once.
        worker = EnrichWorker(
            [queue], connection=redis, serializer=JSONSerializer,
            maintenance_interval=MAINTENANCE_INTERVAL_S, worker_ttl=WORKER_TTL_S,
        )  # fmt: skip
        liveness = Liveness(redis, queue, worker.name)
        try:
            WorkerReports(redis, Keys(settings.queue_name)).report_backends(worker.name, describe())
            liveness.start()
            worker.work(with_scheduler=True)
        except (RedisConnectionError, RedisTimeoutError):
            log.warning("redis unreachable", exc_info=True)
        finally:
            with contextlib.suppress(RedisError):  # its key expires by itself if Redis is down
                liveness.stop()
        if worker.shutdown_requested:  # SIGTERM/SIGINT: a deliberate, warm shutdown
            return
        if not _wait_for_redis(redis, REDIS_WAIT_S):
            log.error(
                "redis still unreachable after %s s; exiting for the supervisor to restart", REDIS_WAIT_S
            )
            sys.exit(1)
        log.warning("worker stopped on a redis error; starting a fresh one")


def _wait_for_redis(redis: Redis, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(RedisConnectionError, RedisTimeoutError):
            if redis.ping():
                return True
        time.sleep(1)
    return False
