"""The enrichment result: one fixed shape, fields not computed are null."""

from __future__ import annotations

from marshmallow import Schema, fields


class LanguageSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    confidence = fields.Float(required=True)


class MentionSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class EntitySchema(Schema):
    text = fields.String(required=True)
    type = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    count = fields.Integer(required=True)
    score = fields.Float(required=True)
    mentions = fields.List(fields.Nested(MentionSchema), required=True)


class SentimentSchema(Schema):
    label = fields.String(required=True)
    score = fields.Float(required=True)
    scores = fields.Dict(keys=fields.String(), values=fields.Float(), required=True)


class SentenceSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True, allow_none=True)  # null for generated sentences
    end = fields.Integer(required=True, allow_none=True)


class SummarySchema(Schema):
    text = fields.String(required=True)
    sentences = fields.List(fields.Nested(SentenceSchema), required=True)


class BackendInfoSchema(Schema):
    backend = fields.String(required=True)
    version = fields.String(required=True)
    model = fields.String(allow_none=True)


class ResultSchema(Schema):
    title = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    published_at = fields.String(allow_none=True)
    body = fields.String(required=True)
    language = fields.Nested(LanguageSchema, allow_none=True)
    entities = fields.List(fields.Nested(EntitySchema), allow_none=True)
    sentiment = fields.Nested(SentimentSchema, allow_none=True)
    summary = fields.Nested(SummarySchema, allow_none=True)
    models = fields.Dict(keys=fields.String(), values=fields.Nested(BackendInfoSchema))
    timings_ms = fields.Dict(keys=fields.String(), values=fields.Float())
