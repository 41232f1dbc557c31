"""The job resource returned by POST /v1/articles and GET /v1/jobs/{id}."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from service.pipeline.registry import REGISTRY
from service.schemas.results import ResultSchema

JOB_STATUSES = ("queued", "started", "finished", "failed")


class Stored(fields.Nested):
    """Documented as its nested schema, returned as stored: the worker dumped the result with
    that same schema when the job finished, so reading it costs no second pass."""

    def serialize(
        self, attr: str, obj: Any, accessor: Callable[[Any, str, Any], Any] | None = None, **kwargs: Any
    ) -> Any:
        return self.get_value(obj, attr, accessor=accessor)


class JobErrorSchema(Schema):
    code = fields.String(
        required=True, metadata={"description": "empty_body, enrichment_failed, worker_lost, ..."}
    )
    message = fields.String(required=True)


class JobSchema(Schema):
    id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(JOB_STATUSES))
    stage = fields.String(
        allow_none=True,
        validate=validate.OneOf([s.name for s in REGISTRY.stages()]),
        metadata={"description": "While `started`, the stage being worked on."},
    )
    attempts = fields.Integer(
        validate=validate.Range(min=0),
        metadata={"description": "Runs started so far; failures are retried with backoff."},
    )
    created_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    started_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    ended_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    result = Stored(ResultSchema, allow_none=True)
    error = fields.Nested(JobErrorSchema, allow_none=True)


class JobListSchema(Schema):
    jobs = fields.List(fields.Nested(JobSchema), required=True)


class WaitQuery(Schema):
    class Meta:
        unknown = EXCLUDE  # other query parameters (cache busters) are harmless

    wait = fields.Float(
        load_default=0.0,
        validate=validate.Range(min=0),
        metadata={
            "description": "Hold the request up to this many seconds (capped at 30) until the job ends."
        },
    )


class FailedQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    status = fields.String(required=True, validate=validate.OneOf(["failed"]))
