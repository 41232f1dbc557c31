"""Worker entry point: `python -m service.worker.main`. Loads every backend, then serves jobs."""

from __future__ import annotations

import logging

from redis import Redis
from rq import Queue, Worker
from rq.serializers import JSONSerializer

from service import logs
from service.config import Settings
from service.pipeline.runner import Pipeline
from service.queue.jobs import JobQueue
from service.worker import tasks

log = logging.getLogger("service.worker")


def main() -> None:
    logs.configure()
    settings = Settings.from_env()
    # Fails here, at start, on any misconfiguration: never at the first job.
    pipeline = Pipeline.from_settings(settings)
    tasks.install(pipeline, settings)
    log.info("backends loaded", extra={"backends": pipeline.describe()})
    redis = Redis.from_url(settings.redis_url)
    queue = Queue(settings.queue_name, connection=redis, serializer=JSONSerializer)
    worker = Worker([queue], connection=redis, serializer=JSONSerializer)
    JobQueue(redis, settings).report_backends(worker.name, pipeline.describe())
    worker.work(with_scheduler=True)


if __name__ == "__main__":
    main()
