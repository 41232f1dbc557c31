"""GET /v1/jobs/{id}: the job's status, stage and, once finished, its result; failures and retries."""

from __future__ import annotations

import threading
import time
from typing import Any, cast

from flask import current_app, url_for
from werkzeug import Response

from service import errors
from service.api import services
from service.api.auth import client_name
from service.api.spec import Blueprint
from service.queue.events import SAFETY_POLL_S
from service.queue.jobs import ENDED, NotRetryable
from service.schemas.jobs import FailedQuery, JobListSchema, JobSchema, WaitQuery

bp = Blueprint("jobs", __name__, url_prefix="/v1", description="Read jobs and their results")

# Many requests may wait on one job (a batch's callers, a dashboard's tabs). When it ends, each one
# woken parses and re-serialises the result: ~20 ms of CPU for a 100 KB article's 500 KB result.
# All at once, that queues every other request of the process (the event loop's turn comes after
# them): /healthz answered in 3 s behind 60 waiters (tests/e2e/test_hostile_http.py). Taken one
# at a time, other requests run between two. A threading lock is gevent's once the worker patched.
_ONE_WOKEN_AT_A_TIME = threading.BoundedSemaphore(1)


@bp.route("/jobs/<job_id>", methods=["GET"])
@bp.doc(operationId="getJob", summary="Status, current stage and (when finished) result of a job")
@bp.arguments(WaitQuery, location="query")
@bp.response(200, JobSchema, description="The job.")
@bp.problems(401, 404, 410, 429, 503)
def get_job(query: dict[str, float], job_id: str) -> dict[str, Any] | Response:
    """With `?wait`, the request sleeps until a worker publishes the job's end (Redis pub/sub)
    or the wait is over; it looks at the job itself every SAFETY_POLL_S too, in case a message was
    lost. Waits are bounded per process and per key (WaitSlots); one past the bound is answered
    at once, as if it had not asked to wait."""
    svc = services()
    owner = client_name()
    wait = min(query["wait"], svc.settings.max_wait_s)
    job = _current(job_id, owner)
    if wait <= 0 or job["status"] in ENDED:
        return job
    deadline = time.monotonic() + wait
    with svc.waiters.slot(owner) as granted:
        if not granted:
            return job
        with svc.jobs.ended.watch(job_id) as ended:
            job = _current(job_id, owner)  # after watching: an end in between is not missed
            while job["status"] not in ENDED and (remaining := deadline - time.monotonic()) > 0:
                ended.wait(min(remaining, SAFETY_POLL_S))
                with _ONE_WOKEN_AT_A_TIME:
                    job = _current(job_id, owner)
                    if job["status"] in ENDED:
                        return _serialised(job)
            return job


def _serialised(job: dict[str, Any]) -> Response:
    """The response the view's schema would give, serialised while the caller holds its turn."""
    dumped: dict[str, Any] = JobSchema().dump(job)
    return cast(Response, current_app.json.response(dumped))  # the app's response_class


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
@bp.problems(401, 404, 409, 410, 429, 503)
def retry_job(job_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    try:
        job = services().jobs.retry(job_id, owner=client_name())
    except NotRetryable as exc:
        raise errors.NotRetryable(
            f"job {job_id} is {exc.status}: only a failed job can be queued again, once per "
            f"{services().jobs.settings.retry_window_s} s"
        ) from None
    if job is None:
        raise missing(job_id)
    return job, 202, {"Location": url_for("jobs.get_job", job_id=job_id)}


def _current(job_id: str, owner: str) -> dict[str, Any]:
    job = services().jobs.fetch(job_id, owner=owner)
    if job is None:
        raise missing(job_id)
    return job


def missing(job_id: str) -> errors.ApiError:
    """Why a job id names no job: expired (410), issued by a job store that has since lost its
    data (410 job_store_lost), or never this key's (404)."""
    svc = services()
    if svc.jobs.was_known(job_id, owner=client_name()):
        return errors.JobExpired(
            f"job {job_id} existed but its result expired (results are kept "
            f"{svc.jobs.settings.result_ttl_s} s, failures {svc.jobs.settings.failure_ttl_s} s)"
        )
    if svc.jobs.lost_with_store(job_id):
        return errors.JobStoreLost(
            f"job {job_id} was accepted by a job store that has since lost its data (Redis restarted "
            "without persistence); submit the article again"
        )
    return errors.NotFound(f"no job with id {job_id}")
