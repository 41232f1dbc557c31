"""What a client may POST to /v1/articles."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from service.config import FEATURES

MAX_SUMMARY_SENTENCES = 20


class ArticleRequest(Schema):
    class Meta:
        unknown = RAISE  # a misspelt field is an error, never silently ignored

    text = fields.String(validate=validate.Length(min=1))
    html = fields.String(validate=validate.Length(min=1))
    title = fields.String(validate=validate.Length(max=1000), allow_none=True)
    url = fields.Url(require_tld=False, validate=validate.Length(max=2048), allow_none=True)
    language = fields.String(
        validate=validate.Regexp(r"^[a-z]{2}$", error="must be an ISO 639-1 code such as 'id' or 'en'"),
        allow_none=True,
    )
    published_at = fields.AwareDateTime(allow_none=True, format="iso")
    features = fields.List(
        fields.String(validate=validate.OneOf(FEATURES)),
        validate=validate.Length(min=1),
    )
    summary_sentences = fields.Integer(validate=validate.Range(min=1, max=MAX_SUMMARY_SENTENCES))

    @validates_schema
    def one_source(self, data: dict[str, Any], **kwargs: Any) -> None:
        given = [name for name in ("text", "html") if data.get(name) is not None]
        if len(given) != 1:
            raise ValidationError(
                "give exactly one of 'text' or 'html'", field_name="text" if not given else "html"
            )
        source = data[given[0]]
        if not source.strip():
            raise ValidationError("must contain more than whitespace", field_name=given[0])
