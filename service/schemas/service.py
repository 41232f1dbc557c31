"""Probes, /v1/models and the problem document."""

from __future__ import annotations

from marshmallow import Schema, fields

from service.pipeline.result import BackendInfoSchema


class StatusSchema(Schema):
    status = fields.String(required=True)


class StageBackendsSchema(Schema):
    default = fields.Nested(BackendInfoSchema, required=True)
    by_language = fields.Dict(keys=fields.String(), values=fields.Nested(BackendInfoSchema), required=True)


class BackendsSchema(Schema):
    worker = fields.String(required=True)
    reported_at = fields.String(required=True, metadata={"format": "date-time"})
    stages = fields.Dict(keys=fields.String(), values=fields.Nested(StageBackendsSchema), required=True)


class ProblemSchema(Schema):
    """RFC 9457 problem details, with a stable `code` and, for validation problems, `errors`."""

    type = fields.String(required=True, metadata={"format": "uri"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    code = fields.String(required=True)
    instance = fields.String()
    errors = fields.Dict(
        metadata={"description": "Field name -> list of messages (nested for nested fields)."}
    )
