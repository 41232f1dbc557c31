"""Metadata: which outlet published the article, where it was filed (the dateline), when, and who
wrote and edited it, read from the raw input before boilerplate removal (plain text or HTML)."""

from __future__ import annotations

from marshmallow import Schema, fields

from service.pipeline.document import METADATA, ArticleRequest
from service.pipeline.stage import Stage


class DatelineSchema(Schema):
    place = fields.String(required=True, allow_none=True)
    outlet = fields.String(required=True, allow_none=True)


class MetadataSchema(Schema):
    outlet = fields.String(
        required=True, allow_none=True, metadata={"description": "e.g. 'iNews.id', 'Antara'"}
    )
    dateline = fields.Nested(DatelineSchema, required=True, allow_none=True)
    published_at = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "ISO 8601, with its UTC offset when a zone is known (WIB +07:00); the request's own wins"
        },
    )
    authors = fields.List(fields.String(), required=True)
    editors = fields.List(fields.String(), required=True)
    headline = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "The request's title; else the page's title (HTML) or the headline line above"
            " the story (plain text); null when none is found"
        },
    )


STAGE = Stage(
    name="metadata",
    feature="metadata",
    assigns=METADATA,
    field=fields.Nested(MetadataSchema),
    backends={"builtin": "service.pipeline.backends.builtin.metadata:RuleBasedMetadataReader"},
    # A bare place in lower case before the dash is checked against the place table: loading it
    # (about 145 ms) is paid here, not by the first job with such a dateline.
    warm_up=ArticleRequest(
        text="Surabaya - Presiden bertemu menteri pada Senin (15/6/2024).\nEditor: Anton Suhartono"
    ),
)
