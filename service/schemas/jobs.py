"""The job resource returned by POST /v1/articles and GET /v1/jobs/{id}."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from service.schemas.results import ResultSchema

JOB_STATUSES = ("queued", "started", "finished", "failed")


class JobErrorSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)


class JobSchema(Schema):
    id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(JOB_STATUSES))
    stage = fields.String(allow_none=True)  # the stage being worked on while started
    attempts = fields.Integer(load_default=0)  # runs started so far (retries after failures)
    created_at = fields.String(allow_none=True)
    started_at = fields.String(allow_none=True)
    ended_at = fields.String(allow_none=True)
    result = fields.Nested(ResultSchema, allow_none=True)
    error = fields.Nested(JobErrorSchema, allow_none=True)


class WaitQuery(Schema):
    class Meta:
        unknown = EXCLUDE  # other query parameters (cache busters) are harmless

    wait = fields.Float(load_default=0.0, validate=validate.Range(min=0))
