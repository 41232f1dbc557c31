"""The batch resource (POST /v1/batches, GET /v1/batches/{id}) and its query strings."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from service.schemas.jobs import JOB_STATUSES, JobSchema
from service.schemas.requests import callback_url_field
from service.schemas.webhooks import DeliverySchema

# An item's job may be gone: its result is kept 24 h, failures 7 days (ENRICH_*_TTL_S).
ITEM_STATUSES = (*JOB_STATUSES, "expired")
PAGE_DEFAULT, PAGE_MAX = 20, 100


class RejectedItemSchema(Schema):
    index = fields.Integer(required=True, metadata={"description": "Position in the request, from 0."})
    errors = fields.Dict(
        required=True, metadata={"description": "Field name -> messages, as in a 422 problem."}
    )


class BatchItemSchema(Schema):
    index = fields.Integer(required=True, metadata={"description": "Position in the request, from 0."})
    job_id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ITEM_STATUSES))
    job = fields.Nested(
        JobSchema,
        required=True,
        allow_none=True,
        metadata={"description": "The job resource, as GET /v1/jobs/{job_id} has it; null once expired."},
    )


class BatchCountsSchema(Schema):
    queued = fields.Integer(required=True)
    started = fields.Integer(required=True)
    finished = fields.Integer(required=True)
    failed = fields.Integer(required=True)
    expired = fields.Integer(required=True)


class BatchSchema(Schema):
    id = fields.String(required=True)
    status = fields.String(
        required=True,
        validate=validate.OneOf(["running", "ended"]),
        metadata={
            "description": "`ended` once every accepted article's job is finished or failed (after its retries)."
        },
    )
    created_at = fields.String(required=True, metadata={"format": "date-time"})
    ended_at = fields.String(required=True, allow_none=True, metadata={"format": "date-time"})
    callback_url = fields.String(required=True, allow_none=True, metadata={"format": "uri"})
    size = fields.Integer(required=True, metadata={"description": "Articles in the request."})
    accepted = fields.Integer(required=True, metadata={"description": "Articles queued, each as a job."})
    rejected = fields.List(
        fields.Nested(RejectedItemSchema),
        required=True,
        metadata={"description": "Articles that failed validation, by index; the others were queued."},
    )
    counts = fields.Nested(
        BatchCountsSchema, required=True, metadata={"description": "Accepted articles by status."}
    )
    jobs = fields.List(
        fields.Nested(BatchItemSchema),
        required=True,
        metadata={"description": "One page of the accepted articles' jobs, in request order."},
    )
    next_cursor = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Pass as `?cursor=` for the next page; null on the last."},
    )
    deliveries = fields.List(
        fields.Nested(DeliverySchema),
        required=True,
        metadata={"description": "The batch's completion webhook: every attempt."},
    )


class BatchSubmitQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    callback_url = callback_url_field(
        "When every article of the batch has ended, a worker POSTs the batch resource here, signed "
        "like an article's webhook (`Enrich-Event: batch.ended`). Articles may carry their own "
        "`callback_url` too."
    )


class BatchPageQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    cursor = fields.String(
        validate=validate.Regexp(r"^[0-9]{1,6}$", error="not a cursor this API gave"),
        metadata={"description": "Opaque: the `next_cursor` of the previous page."},
    )
    limit = fields.Integer(
        load_default=PAGE_DEFAULT,
        validate=validate.Range(min=1, max=PAGE_MAX),
        metadata={"description": f"Jobs per page, 1-{PAGE_MAX} (default {PAGE_DEFAULT})."},
    )
