"""Completion webhook deliveries as the API shows them: every attempt, and the next one."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

EVENTS = ("job.finished", "job.failed", "batch.ended")
DELIVERY_STATUSES = ("pending", "delivered", "failed")


class DeliveryAttemptSchema(Schema):
    at = fields.String(required=True, metadata={"format": "date-time"})
    status_code = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The receiver's answer; null when none came."},
    )
    error = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "Why the attempt failed (refused address, timeout, non-2xx answer); null when delivered."
        },
    )
    duration_ms = fields.Float(required=True)


class DeliverySchema(Schema):
    id = fields.String(
        required=True,
        metadata={"description": "Sent as the `Enrich-Delivery` header, the same on every retry."},
    )
    event = fields.String(required=True, validate=validate.OneOf(EVENTS))
    url = fields.String(required=True, metadata={"format": "uri"})
    status = fields.String(
        required=True,
        validate=validate.OneOf(DELIVERY_STATUSES),
        metadata={
            "description": "`pending` while attempts remain; `failed` once the retry window passed or the address was refused."
        },
    )
    created_at = fields.String(required=True, metadata={"format": "date-time"})
    next_attempt_at = fields.String(required=True, allow_none=True, metadata={"format": "date-time"})
    attempts = fields.List(fields.Nested(DeliveryAttemptSchema), required=True)


class DeliveryListSchema(Schema):
    deliveries = fields.List(fields.Nested(DeliverySchema), required=True)
