"""GET /v1/jobs/{id}: the job's status, stage and, once finished, its result."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, request, url_for
from marshmallow import ValidationError

from service import errors
from service.api import services
from service.api.auth import client_name
from service.schemas.jobs import JobSchema, WaitQuery

bp = Blueprint("jobs", __name__, url_prefix="/v1")

job_schema = JobSchema()
wait_query = WaitQuery()

# Polling Redis is cheap; start fast for short jobs and back off for long ones.
POLL_FIRST_S, POLL_MAX_S = 0.02, 0.25


@bp.get("/jobs/<job_id>")
def get_job(job_id: str) -> dict[str, Any]:
    svc = services()
    try:
        wait = min(wait_query.load(request.args)["wait"], svc.settings.max_wait_s)
    except ValidationError as exc:
        raise errors.ValidationFailed(
            "invalid query parameter: wait", errors=exc.normalized_messages()
        ) from None
    deadline = time.monotonic() + wait
    delay = POLL_FIRST_S
    while True:
        job = svc.jobs.fetch(job_id, owner=client_name())
        if job is None:
            raise _missing(job_id)
        remaining = deadline - time.monotonic()
        if job["status"] in ("finished", "failed") or remaining <= 0:
            return job_schema.dump(job)
        time.sleep(min(delay, remaining))
        delay = min(delay * 2, POLL_MAX_S)


@bp.get("/jobs")
def list_jobs() -> dict[str, Any]:
    """Failed jobs of the calling client, newest first (the only listing the queue keeps cheaply)."""
    status = request.args.get("status")
    if status != "failed":
        raise errors.ValidationFailed(
            "list jobs with ?status=failed", errors={"status": ["must be 'failed'"]}
        )
    return {"jobs": job_schema.dump(services().jobs.failed(owner=client_name()), many=True)}


@bp.post("/jobs/<job_id>/retry")
def retry_job(job_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    job = services().jobs.retry(job_id, owner=client_name())
    if job is None:
        raise errors.NotFound(f"no failed job with id {job_id}")
    return job_schema.dump(job), 202, {"Location": url_for("jobs.get_job", job_id=job_id)}


def _missing(job_id: str) -> errors.ApiError:
    svc = services()
    if svc.jobs.was_known(job_id, owner=client_name()):
        return errors.JobExpired(
            f"job {job_id} existed but its result expired (results are kept "
            f"{svc.settings.result_ttl_s} s, failures {svc.settings.failure_ttl_s} s)"
        )
    return errors.NotFound(f"no job with id {job_id}")
