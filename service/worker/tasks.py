"""The function RQ runs for each job. It reuses the pipeline the worker built at start."""

from __future__ import annotations

import logging
import time
from typing import Any

from rq import get_current_job

from service.config import Settings
from service.metrics import record_job
from service.pipeline.runner import EmptyArticle, Pipeline

log = logging.getLogger("service.worker")

# Set once by service.worker.main before the worker forks; each job's work horse inherits
# it copy-on-write, so no job pays for loading models.
_pipeline: Pipeline | None = None
_settings: Settings | None = None


# Failures that retrying cannot fix; anything else (a timeout, a lost connection, memory) retries.
PERMANENT = {"empty_body"}


class EnrichmentError(Exception):
    """A job failure with a stable code that the job resource shows to the client."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def install(pipeline: Pipeline, settings: Settings) -> None:
    global _pipeline, _settings
    _pipeline, _settings = pipeline, settings


def loaded() -> tuple[Pipeline, Settings]:
    if _pipeline is None or _settings is None:
        # Only reached when something runs jobs without service.worker.main (e.g. `rq worker`):
        # load here rather than fail, once per process.
        settings = Settings.from_env()
        install(Pipeline.from_settings(settings), settings)
    assert _pipeline is not None and _settings is not None
    return _pipeline, _settings


def enrich(article: dict[str, Any]) -> dict[str, Any]:
    job = get_current_job()
    pipeline, settings = loaded()

    if job is not None:
        job.meta["attempts"] = job.meta.get("attempts", 0) + 1
        job.save_meta()

    def on_stage(stage: str) -> None:
        if job is not None:
            job.meta["stage"] = stage
            job.save_meta()

    context = {"job_id": job.id if job else None, "request_id": job.meta.get("request_id") if job else None}
    started = time.perf_counter()
    try:
        result = pipeline.run(
            article, on_stage=on_stage, summary_sentences=settings.default_summary_sentences
        )
    except Exception as exc:
        error = _describe(exc)
        log.warning("job failed", exc_info=True, extra={**context, "code": error.code})
        if job is not None:
            job.meta["error"] = {"code": error.code, "message": error.message}
            job.save_meta()
            record_job(job.connection, settings.queue_name, {}, error.code)
            if error.code in PERMANENT:
                job.retries_left = 0  # the same article would fail again: no retry
        raise error from exc
    duration_ms = round((time.perf_counter() - started) * 1000, 2)
    log.info(
        "job finished", extra={**context, "duration_ms": duration_ms, "timings_ms": result["timings_ms"]}
    )
    if job is not None:
        record_job(job.connection, settings.queue_name, result["timings_ms"], None)
    return result


def _describe(exc: Exception) -> EnrichmentError:
    if isinstance(exc, EnrichmentError):
        return exc
    if isinstance(exc, EmptyArticle):
        return EnrichmentError("empty_body", str(exc))
    # The message names the failure without internals; the traceback stays in the worker log.
    return EnrichmentError("enrichment_failed", f"{type(exc).__name__} while enriching the article")
