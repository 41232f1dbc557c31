"""Entities as the result shows them: the recogniser's, joined with the forms news uses without
expanding them (Jokowi, Korut, DK PBB: a shipped table), each with how central it is to the article
(`salience`), the tone of the sentences that mention it (`sentiment`), every form the body names it
by (`aliases`) and, for Indonesian political parties, `kind: "political_party"`."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.pipeline.document import BODY, ENTITIES, ENTITY_TYPES, LANGUAGE, NAMED, SENTIMENT
from service.pipeline.stage import Stage
from service.pipeline.stages.sentiment import SENTIMENT_LABEL, UNIT

OFFSET = validate.Range(min=0)


class MentionSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(
        required=True,
        validate=OFFSET,
        metadata={"description": "body[start:end] == text (Unicode code points)"},
    )
    end = fields.Integer(required=True, validate=OFFSET)


class EntitySentimentSchema(Schema):
    label = fields.String(required=True, validate=SENTIMENT_LABEL)
    score = fields.Float(required=True, validate=UNIT)


class EntitySchema(Schema):
    text = fields.String(
        required=True, metadata={"description": "Canonical form (a known name's, else the longest)"}
    )
    type = fields.String(required=True, validate=validate.OneOf(ENTITY_TYPES))
    kind = fields.String(
        required=True, allow_none=True, metadata={"description": '"political_party" for an Indonesian party'}
    )
    start = fields.Integer(
        required=True, validate=OFFSET, metadata={"description": "Offset of the first mention"}
    )
    end = fields.Integer(required=True, validate=OFFSET)
    count = fields.Integer(
        required=True, validate=validate.Range(min=1), metadata={"description": "Mentions"}
    )
    score = fields.Float(
        required=True, validate=UNIT, metadata={"description": "The recogniser's confidence"}
    )
    salience = fields.Float(
        required=True,
        validate=UNIT,
        metadata={"description": "How central to the article (mentions, position, title, lead); sums to 1"},
    )
    sentiment = fields.Nested(
        EntitySentimentSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Tone of the sentences that mention it; null without sentence sentiment"},
    )
    aliases = fields.List(
        fields.String(), required=True, metadata={"description": "Every form the body uses"}
    )
    mentions = fields.List(fields.Nested(MentionSchema), required=True)


STAGE = Stage(
    name="entity_profiles",
    feature="entities",
    requires=(BODY, LANGUAGE, NAMED, SENTIMENT),
    assigns=ENTITIES,
    field=fields.List(fields.Nested(EntitySchema)),
    backends={"builtin": "service.pipeline.backends.builtin.entity_profile:EntityProfiler"},
)
