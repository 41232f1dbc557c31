"""The function RQ runs for each job. It reuses the pipeline the worker built at start."""

from __future__ import annotations

import logging
import time
from typing import Any

from service.config import Settings
from service.pipeline.document import ArticleRequest
from service.pipeline.runner import Pipeline
from service.pipeline.stage import StageError
from service.queue.attempts import StaleAttempt
from service.queue.progress import RunningJob

log = logging.getLogger("service.worker")

# Set once by service.worker.main before the worker takes jobs.
_pipeline: Pipeline | None = None


class EnrichmentError(Exception):
    """A job failure with a stable code that the job resource shows to the client."""

    def __init__(self, code: str, message: str, permanent: bool = False) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.permanent = permanent


def install(pipeline: Pipeline) -> None:
    global _pipeline
    _pipeline = pipeline


def loaded() -> Pipeline:
    if _pipeline is None:
        # Only reached when something runs jobs without service.worker.main (e.g. `rq worker`):
        # load here rather than fail, once per process.
        install(Pipeline.build(Settings.from_env().pipeline))
    assert _pipeline is not None
    return _pipeline


def enrich(payload: dict[str, Any]) -> dict[str, Any]:
    """Enrich one article (the queue's JSON payload, an ArticleRequest); returns the result."""
    pipeline = loaded()
    job = RunningJob.current()
    context = job.context if job is not None else {}
    started = time.perf_counter()
    try:
        article = pipeline.run(
            ArticleRequest.from_json(payload),
            on_stage=job.at_stage if job else _ignore,
            job=job.ref if job else None,
        )
        result = pipeline.result(article)
    except StaleAttempt:
        log.warning("a later attempt took this job over; stopping", extra=context)
        raise
    except Exception as exc:
        error = _describe(exc)
        # The traceback names the failure; the article itself is never logged.
        log.warning("job failed", exc_info=True, extra={**context, "code": error.code})
        if job is not None:
            job.failed(error.code, error.message, permanent=error.permanent)
        raise error from exc
    duration_ms = round((time.perf_counter() - started) * 1000, 2)
    log.info("job finished", extra={**context, "duration_ms": duration_ms, "timings_ms": article.timings_ms})
    if job is not None:
        job.finished(article.timings_ms)
    return result


def _ignore(stage: str) -> None:
    pass


def _describe(exc: Exception) -> EnrichmentError:
    if isinstance(exc, EnrichmentError):
        return exc
    if isinstance(exc, StageError):
        return EnrichmentError(exc.code, str(exc), exc.permanent)
    # The message names the failure without internals; the traceback stays in the worker log.
    return EnrichmentError("enrichment_failed", f"{type(exc).__name__} while enriching the article")
