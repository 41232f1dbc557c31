"""Worker entry point: `python -m service.worker.main`. Loads every backend, then serves jobs."""

from __future__ import annotations

import logging

from redis import Redis
from rq import Queue, SimpleWorker
from rq.serializers import JSONSerializer

from service import logs
from service.config import Settings
from service.pipeline.runner import Pipeline
from service.queue.jobs import JobQueue
from service.worker import tasks
from service.worker.liveness import Liveness

log = logging.getLogger("service.worker")


def main() -> None:
    logs.configure()
    settings = Settings.from_env()
    # Fails here, at start, on any misconfiguration: never at the first job.
    pipeline = Pipeline.from_settings(settings)
    tasks.install(pipeline, settings)
    log.info("backends loaded", extra={"backends": pipeline.describe()})
    pipeline.warm_up()  # first inference costs seconds in torch; pay it before taking jobs
    redis = Redis.from_url(settings.redis_url)
    queue = Queue(settings.queue_name, connection=redis, serializer=JSONSerializer)
    # No fork per job: a torch model forked after it has run deadlocks the child (libgomp), and
    # forked cold it runs ~10x slower on every call (measured; see README). Jobs run in this
    # process, on backends loaded once.
    worker = SimpleWorker([queue], connection=redis, serializer=JSONSerializer)
    JobQueue(redis, settings).report_backends(worker.name, pipeline.describe())
    liveness = Liveness(redis, queue, worker.name)
    liveness.start()
    try:
        worker.work(with_scheduler=True)
    finally:
        liveness.stop()


if __name__ == "__main__":
    main()
