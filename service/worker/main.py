"""Worker entry point: `python -m service.worker.main`. Loads every backend, then serves jobs."""

from __future__ import annotations

import gc
import logging
import os

from redis import Redis

from service import logs
from service.config import Settings
from service.pipeline.runner import Pipeline
from service.queue.worker import serve
from service.webhooks.dispatcher import Dispatcher
from service.worker import tasks

log = logging.getLogger("service.worker")


def main() -> None:
    logs.configure()
    settings = Settings.from_env()
    # Enrichment is batch work: on a machine shared with the API, the API's answers come first.
    os.nice(settings.queue.worker_nice)
    # Fails here, at start, on any misconfiguration: never at the first job.
    pipeline = Pipeline.build(settings.pipeline)
    tasks.install(pipeline)
    log.info("backends loaded", extra={"backends": pipeline.describe()})
    pipeline.warm_up()  # first inference costs seconds in torch; pay it before taking jobs
    # The loaded models and tables live as long as the worker: kept out of the collector's view, a
    # full collection no longer walks them (a 60 ms pause about every 200 articles).
    gc.freeze()
    # Completion webhooks go out from threads beside the jobs, so a slow receiver never holds one up.
    redis = Redis.from_url(settings.queue.redis_url, socket_timeout=10, socket_connect_timeout=2)
    dispatcher = Dispatcher(redis, settings.queue, settings.webhooks)
    dispatcher.start()
    serve(settings.queue, pipeline.describe)
    dispatcher.stop()


if __name__ == "__main__":
    main()
