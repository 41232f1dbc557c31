"""POST /v1/articles: validate, enqueue, answer 202 at once."""

from __future__ import annotations

from typing import Any

from flask import request
from redis.exceptions import OutOfMemoryError

from service import errors
from service.api import auth, callbacks, services
from service.api.auth import client_name
from service.api.jobs import missing
from service.api.observability import request_id
from service.api.spec import Blueprint, submission_headers
from service.pipeline.document import ArticleRequest
from service.queue.jobs import IdempotencyConflict, NotAdmitted
from service.schemas.jobs import JobSchema
from service.schemas.requests import ArticleRequestSchema, idempotency_headers

bp = Blueprint("articles", __name__, url_prefix="/v1", description="Submit articles for enrichment")


IdempotencyHeaders = idempotency_headers(
    "Repeating a request with the same key (and the same article) returns the same job, never a duplicate."
)


JOB_HEADERS = {
    **submission_headers("job"),
    "Job-Store-Lost-At": {
        "description": "When the job store was found to have lost its data (Redis restarted without "
        "persistence). Sent with a new job for an Idempotency-Key that was not found: the key may have "
        "been used before the loss.",
        "schema": {"type": "string", "format": "date-time"},
    },
}


@bp.route("/articles", methods=["POST"])
@auth.counted_with_submission
@bp.doc(operationId="submitArticle", summary="Queue an article for enrichment")
@bp.arguments(ArticleRequestSchema, location="json")
@bp.arguments(IdempotencyHeaders, location="headers")
@bp.response(202, JobSchema, description="Accepted; the job is queued.", headers=JOB_HEADERS)
@bp.problems(400, 401, 408, 409, 410, 413, 415, 429, 503)
def submit_article(
    article: ArticleRequest, headers: dict[str, str]
) -> tuple[dict[str, Any], int, dict[str, str]]:
    svc = services()
    callbacks.check(article.callback_url)
    count = auth.uncounted()  # made by the script that writes the job, when authenticate left it
    try:
        submitted = svc.jobs.submit(
            article,
            owner=client_name(),
            idempotency_key=headers.get("idempotency_key"),
            request_id=request_id(),
            count=count,
        )
    except NotAdmitted as refused:
        auth.refuse(svc.gate.decide(refused.count, refused.counted))
        raise  # not reached: the gate refuses what the script refused
    except OutOfMemoryError:
        # A full Redis refuses the script before it counts: the gate decides from reads.
        if count is not None:
            auth.refuse(svc.gate.admit_count(count))
        raise
    except IdempotencyConflict:
        raise errors.Conflict(
            "this Idempotency-Key was used with a different article; use a new key for a new article"
        ) from None
    # url_for("jobs.get_job", ...) spelled out: it builds the same path (job ids need no quoting)
    # at a tenth of the cost, on every submission.
    response_headers = {"Location": f"{request.script_root}/v1/jobs/{submitted.job_id}"}
    job: dict[str, Any] = {"id": submitted.job_id, "status": "queued"}
    if submitted.replayed:
        response_headers["Idempotent-Replayed"] = "true"
        # The earlier job may have moved on: answer with what it is now, or what GET would say
        # of it (410 once its result expired).
        current = svc.jobs.fetch(submitted.job_id, owner=client_name())
        if current is None:
            raise missing(submitted.job_id)
        job = current
    elif submitted.store_lost_at:
        # The key was not found, but the job store lost its data: it may have been used before.
        response_headers["Job-Store-Lost-At"] = submitted.store_lost_at
    return job, 202, response_headers
