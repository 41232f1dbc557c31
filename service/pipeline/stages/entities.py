"""Named entities, grouped per real-world thing, with every mention's offsets into the body.

Mentions of one thing ("Korea Utara" and "Korut", "Kurt Campbell" and "Campbell") are one entity;
entities are ordered by first mention.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.pipeline.document import BODY, ENTITIES, ENTITY_TYPES, LANGUAGE, Entity
from service.pipeline.stage import Backend, Stage

EntityRecognizer = Backend[list[Entity]]


OFFSET = validate.Range(min=0)


class MentionSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(
        required=True,
        validate=OFFSET,
        metadata={"description": "body[start:end] == text (Unicode code points)"},
    )
    end = fields.Integer(required=True, validate=OFFSET)


class EntitySchema(Schema):
    text = fields.String(required=True, metadata={"description": "Canonical (longest) form"})
    type = fields.String(required=True, validate=validate.OneOf(ENTITY_TYPES))
    start = fields.Integer(
        required=True, validate=OFFSET, metadata={"description": "Offset of the first mention"}
    )
    end = fields.Integer(required=True, validate=OFFSET)
    count = fields.Integer(
        required=True, validate=validate.Range(min=1), metadata={"description": "Mentions"}
    )
    score = fields.Float(required=True, validate=validate.Range(min=0, max=1))
    mentions = fields.List(fields.Nested(MentionSchema), required=True)


STAGE = Stage(
    name="entities",
    feature="entities",
    requires=(BODY, LANGUAGE),
    assigns=ENTITIES,
    field=fields.List(fields.Nested(EntitySchema)),
    backends={
        "builtin": "service.pipeline.backends.builtin.entities:CrfEntityRecognizer",
        "transformers": "service.pipeline.backends.hf.entities:TransformersEntityRecognizer",
    },
)
