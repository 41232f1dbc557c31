"""GET /v1/jobs/{id}: the job's status, stage and, once finished, its result; failures and retries."""

from __future__ import annotations

import time
from typing import Any

from flask import url_for

from service import errors
from service.api import services
from service.api.auth import client_name
from service.api.spec import Blueprint
from service.schemas.jobs import FailedQuery, JobListSchema, JobSchema, WaitQuery

bp = Blueprint("jobs", __name__, url_prefix="/v1", description="Read jobs and their results")

# Polling Redis is cheap; start fast for short jobs and back off for long ones.
POLL_FIRST_S, POLL_MAX_S = 0.02, 0.25


@bp.route("/jobs/<job_id>", methods=["GET"])
@bp.doc(operationId="getJob", summary="Status, current stage and (when finished) result of a job")
@bp.arguments(WaitQuery, location="query")
@bp.response(200, JobSchema, description="The job.")
@bp.problems(401, 404, 410, 429, 503)
def get_job(query: dict[str, float], job_id: str) -> dict[str, Any]:
    svc = services()
    deadline = time.monotonic() + min(query["wait"], svc.settings.max_wait_s)
    delay = POLL_FIRST_S
    while True:
        job = svc.jobs.fetch(job_id, owner=client_name())
        if job is None:
            raise _missing(job_id)
        remaining = deadline - time.monotonic()
        if job["status"] in ("finished", "failed") or remaining <= 0:
            return job
        time.sleep(min(delay, remaining))
        delay = min(delay * 2, POLL_MAX_S)


@bp.route("/jobs", methods=["GET"])
@bp.doc(operationId="listFailedJobs", summary="The calling key's failed jobs, newest first")
@bp.arguments(FailedQuery, location="query")
@bp.response(200, JobListSchema, description="The failed jobs.")
@bp.problems(401, 429, 503)
def list_jobs(query: dict[str, str]) -> dict[str, Any]:
    """Failed jobs only: the one listing the queue keeps cheaply."""
    return {"jobs": services().jobs.failed(owner=client_name())}


@bp.route("/jobs/<job_id>/retry", methods=["POST"])
@bp.doc(operationId="retryJob", summary="Queue a failed job again")
@bp.response(
    202,
    JobSchema,
    description="Queued again.",
    headers={"Location": {"description": "URL of the job resource.", "schema": {"type": "string"}}},
)
@bp.problems(401, 404, 429, 503)
def retry_job(job_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    job = services().jobs.retry(job_id, owner=client_name())
    if job is None:
        raise errors.NotFound(f"no failed job with id {job_id}")
    return job, 202, {"Location": url_for("jobs.get_job", job_id=job_id)}


def _missing(job_id: str) -> errors.ApiError:
    svc = services()
    if svc.jobs.was_known(job_id, owner=client_name()):
        return errors.JobExpired(
            f"job {job_id} existed but its result expired (results are kept "
            f"{svc.jobs.settings.result_ttl_s} s, failures {svc.jobs.settings.failure_ttl_s} s)"
        )
    return errors.NotFound(f"no job with id {job_id}")
