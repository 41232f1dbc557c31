"""Language identification: which language the body is written in (Indonesian told apart from
Malay). The other stages work in the client's hint when given, else in this stage's answer."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.pipeline.document import BODY, LANGUAGE, Language
from service.pipeline.stage import Backend, Stage

LanguageDetector = Backend[Language]


class LanguageSchema(Schema):
    code = fields.String(required=True, metadata={"description": "ISO 639-1 ('und' if unknown)"})
    name = fields.String(required=True)
    confidence = fields.Float(required=True, validate=validate.Range(min=0, max=1))


STAGE = Stage(
    name="language",
    feature="language",
    requires=(BODY,),
    assigns=LANGUAGE,
    field=fields.Nested(LanguageSchema),
    backends={
        "builtin": "service.pipeline.backends.builtin.language:CascadeLanguageDetector",
        "lingua": "service.pipeline.backends.builtin.language:LinguaLanguageDetector",
        "transformers": "service.pipeline.backends.hf.language:TransformersLanguageDetector",
    },
)
