"""POST /v1/batches: many articles in one request, each validated on its own and queued as a job;
GET /v1/batches/{id}: counts by status and the jobs, a page at a time."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from flask import request, url_for

from service import errors
from service.api import batch_body, callbacks, services
from service.api.auth import client_name
from service.api.observability import request_id
from service.api.spec import Blueprint, submission_headers
from service.config import ApiSettings
from service.queue.batches import BatchConflict
from service.schemas.batches import PAGE_DEFAULT, BatchPageQuery, BatchSchema, BatchSubmitQuery
from service.schemas.requests import idempotency_headers

bp = Blueprint(
    "batches",
    __name__,
    url_prefix="/v1",
    description="Submit many articles at once and follow them as one batch",
)

# The ids this service hands out are UUIDs.
BATCH_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
DEFAULTS = ApiSettings()

SUBMIT_DESCRIPTION = f"""\
Up to {DEFAULTS.max_batch_items} articles (`ENRICH_MAX_BATCH_ITEMS`) in a body of up to \
{DEFAULTS.max_batch_bytes:,} bytes (`ENRICH_MAX_BATCH_BYTES`), either a JSON array of \
ArticleRequest objects (`application/json`) or one ArticleRequest per line \
(`{batch_body.NDJSON}`). Each article is validated on its own: an invalid one is listed in \
`rejected` with its index and errors, and the others are queued, each as a job of the calling \
key (`GET /v1/jobs/{{job_id}}` reads it too). More articles than the limit is 422 \
`too_many_articles`; a larger body 413; one article is still limited to \
`ENRICH_MAX_REQUEST_BYTES` (1,000,000 bytes) and is rejected alone above it."""

BODY = {
    "required": True,
    "description": "The articles: a JSON array, or NDJSON (one JSON object per line).",
    "content": {
        "application/json": {
            "schema": {
                "type": "array",
                "minItems": 1,
                "maxItems": DEFAULTS.max_batch_items,
                # Any item is accepted here and judged on its own: a bad one is rejected by index.
                "items": {"description": "An ArticleRequest (see components); validated on its own."},
            }
        },
        # A sequence of JSON values, one per line: described as the array it carries (OpenAPI 3.2
        # would call this an itemSchema).
        batch_body.NDJSON: {
            "schema": {
                "type": "array",
                "minItems": 1,
                "maxItems": DEFAULTS.max_batch_items,
                "items": {
                    "description": "An ArticleRequest as JSON on a line of its own; blank lines are skipped."
                },
            }
        },
    },
}


BatchIdempotencyHeaders = idempotency_headers(
    "Repeating a request with the same key (and the same body) returns the same batch, never a second one; "
    "the same key with another body is 409."
)


BATCH_HEADERS = submission_headers("batch")


@bp.route("/batches", methods=["POST"])
@bp.doc(
    operationId="submitBatch",
    summary="Queue many articles at once",
    description=SUBMIT_DESCRIPTION,
    requestBody=BODY,
)
@bp.arguments(BatchSubmitQuery, location="query")
@bp.arguments(BatchIdempotencyHeaders, location="headers")
@bp.response(202, BatchSchema, description="Accepted; valid articles are queued.", headers=BATCH_HEADERS)
@bp.problems(400, 401, 404, 409, 413, 415, 429, 503)  # 404: a key replayed after its batch expired
def submit_batch(
    query: dict[str, Any], headers: dict[str, str]
) -> tuple[dict[str, Any], int, dict[str, str]]:
    svc, owner = services(), client_name()
    callback_url = query.get("callback_url")
    callbacks.check(callback_url)
    parsed = batch_body.parse(request, svc.settings)
    digest = hashlib.sha256(
        b"\n".join([parsed.media_type.encode(), (callback_url or "").encode(), parsed.raw])
    ).hexdigest()
    try:
        created = svc.batches.create(
            owner=owner,
            size=parsed.size,
            accepted=len(parsed.accepted),
            rejected=parsed.rejected,
            callback_url=callback_url,
            idempotency_key=headers.get("idempotency_key"),
            request_hash=digest,
        )
    except BatchConflict:
        raise errors.Conflict(
            "this Idempotency-Key was used with a different batch; use a new key for a new batch"
        ) from None
    response_headers = {"Location": url_for("batches.get_batch", batch_id=created.batch_id)}
    if created.replayed:
        response_headers["Idempotent-Replayed"] = "true"
    else:
        svc.batches.submit(svc.jobs, created.batch_id, parsed.accepted, owner=owner, request_id=request_id())
        if not parsed.accepted and callback_url:
            svc.batches.schedule_webhook(created.batch_id)  # nothing to wait for: ended as made
    batch = svc.batches.resource(created.batch_id, owner=owner, limit=PAGE_DEFAULT)
    if batch is None:  # an Idempotency-Key outlives its batch (30 days against 7)
        raise errors.NotFound(f"the batch this Idempotency-Key made, {created.batch_id}, has expired")
    return batch, 202, response_headers


@bp.route("/batches/<batch_id>", methods=["GET"])
@bp.doc(
    operationId="getBatch",
    summary="Counts by status and one page of a batch's jobs",
    description="Pages follow the request's order; pass `next_cursor` as `?cursor=` until it is null.",
)
@bp.arguments(BatchPageQuery, location="query")
@bp.response(200, BatchSchema, description="The batch.")
@bp.problems(401, 404, 429, 503)
def get_batch(query: dict[str, Any], batch_id: str) -> dict[str, Any]:
    batch = None
    if BATCH_ID.fullmatch(batch_id):
        batch = services().batches.resource(
            batch_id, owner=client_name(), cursor=int(query.get("cursor") or 0), limit=query["limit"]
        )
    if batch is None:
        raise errors.NotFound(f"no batch with id {batch_id}")
    return batch
