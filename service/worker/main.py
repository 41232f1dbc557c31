"""Worker entry point: `python -m service.worker.main`. Loads every backend, then serves jobs."""

from __future__ import annotations

import logging
import os

from service import logs
from service.config import Settings
from service.pipeline.runner import Pipeline
from service.queue.worker import serve
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
    serve(settings.queue, pipeline.describe)


if __name__ == "__main__":
    main()
