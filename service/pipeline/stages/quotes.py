"""Quotes: direct quotes in any quote marks and indirect speech ("X mengatakan ...", "menurut X"),
each with its speaker, resolved from "katanya", "pejabat tersebut", ... to the one named before."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.pipeline.document import BODY, ENTITIES, QUOTE_KINDS, QUOTES
from service.pipeline.stage import Stage


class SpeakerSchema(Schema):
    text = fields.String(required=True, metadata={"description": "The speaker as the body names them"})
    entity = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Index of the speaker in `entities`, if one"}
    )


class QuoteSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": "Offsets into body"})
    end = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(QUOTE_KINDS))
    speaker = fields.Nested(SpeakerSchema, required=True, allow_none=True)


STAGE = Stage(
    name="quotes",
    feature="quotes",
    requires=(BODY, ENTITIES),
    assigns=QUOTES,
    field=fields.List(fields.Nested(QuoteSchema)),
    backends={"builtin": "service.pipeline.backends.builtin.quotes:RuleBasedQuoteFinder"},
)
