"""What a client may POST to /v1/articles, loaded into the typed ArticleRequest."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, post_load, validate, validates_schema

from service.pipeline.document import ArticleRequest
from service.pipeline.registry import REGISTRY
from service.pipeline.stages.summary import DEFAULT_SENTENCES, MAX_CHARS, MAX_SENTENCES, MIN_CHARS
from service.schemas.fields import BoundedList, JsonInteger, Text

FEATURES = REGISTRY.features()
# Something to read: a character that is neither white space nor a control character (those are
# removed as the text is read, see service.schemas.fields.normalise_text); stated as a pattern, so
# the OpenAPI document says it too.
NOT_BLANK = validate.Regexp(
    r"[\s\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f]",
    error="must contain more than whitespace",
)


JOB_CALLBACK = (
    "When the job ends (finished, or failed after its retries), a worker POSTs the job resource here, "
    "signed with the API key's webhook secret (`Enrich-Signature`), retrying with backoff for 24 h. "
    "Public addresses only unless the operator allows others."
)


# http(s), a host (a name of letters, digits, dots and hyphens, IDNs in their ASCII form, or an
# IPv6 address in brackets), an optional port, then any printable ASCII. No user:password@: a
# credential would sit in the delivery records. The pattern is the whole rule, so the OpenAPI
# document says exactly what is accepted.
CALLBACK_URL = (
    r"^https?://(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?(?:[/?#][!-~]*)?$"
)


def _bracketed_ipv6(url: str) -> None:
    """The pattern admits any hex and colons in brackets; they must be an IPv6 address."""
    bracketed = re.match(r"^https?://\[([^\]]*)\]", url)  # marshmallow runs this even when the pattern failed
    if bracketed:
        try:
            ipaddress.IPv6Address(bracketed.group(1))
        except ValueError:
            raise ValidationError(f"[{bracketed.group(1)}] is not an IPv6 address") from None


def callback_url_field(description: str = JOB_CALLBACK) -> fields.String:
    """An http(s) URL with a host, where a worker POSTs the signed job (or batch) once it ends."""
    return fields.String(
        validate=[
            validate.Length(max=2048),
            validate.Regexp(CALLBACK_URL, error="expected an http(s) URL with a host and no user:password@"),
            _bracketed_ipv6,
        ],
        allow_none=True,
        metadata={"format": "uri", "description": description},
    )


class Headers(Schema):
    class Meta:
        unknown = EXCLUDE  # every other header


def idempotency_headers(description: str) -> type[Schema]:
    """The `Idempotency-Key` request header, described for one endpoint (POST /v1/articles,
    POST /v1/batches)."""
    return Headers.from_dict(
        {
            "idempotency_key": fields.String(
                data_key="Idempotency-Key",
                validate=[
                    validate.Length(min=1, max=255),
                    validate.Regexp(r"^[\x20-\x7e]+$", error="must be printable ASCII"),
                ],
                metadata={"description": description},
            )
        },
        name="IdempotencyHeaders",
    )


class ArticleRequestSchema(Schema):
    class Meta:
        unknown = RAISE  # a misspelt field is an error, never silently ignored

    # Text fields are normalised as they are read (service.schemas.fields.normalise_text): control
    # characters other than tab and newline removed, lone surrogates replaced, NFC.
    text = Text(
        validate=[validate.Length(min=1), NOT_BLANK],
        metadata={
            "description": "Plain text with at least one letter or digit; boilerplate may be left in. Normalised: NFC, no control characters but tab and newline."
        },
    )
    html = Text(
        validate=[validate.Length(min=1), NOT_BLANK],
        metadata={
            "description": "A whole HTML page; nothing it links to is fetched. Normalised like `text`."
        },
    )
    title = Text(validate=validate.Length(max=1000), allow_none=True)
    url = fields.Url(
        require_tld=False,
        schemes={"http", "https"},
        # RFC 3986 URIs are ASCII: a Unicode host or path must come IDNA- or percent-encoded.
        validate=[validate.Length(max=2048), validate.Regexp(r"^https?://[!-~]+$", error="not an ASCII URI")],
        allow_none=True,
        metadata={
            "format": "uri",
            "description": "Where the article was published (ASCII, as RFC 3986 has it).",
        },
    )
    language = fields.String(
        validate=validate.Regexp(r"^[a-z]{2}$", error="must be an ISO 639-1 code such as 'id' or 'en'"),
        allow_none=True,
        metadata={
            "description": "ISO 639-1 hint; when given, the other stages use it instead of the detected language."
        },
    )
    published_at = fields.AwareDateTime(
        allow_none=True, format="iso", metadata={"description": "With a time zone."}
    )
    features = BoundedList(
        fields.String(validate=validate.OneOf(FEATURES)),
        max_items=len(FEATURES),
        validate=validate.Length(min=1, max=len(FEATURES)),
        metadata={"description": "Outputs to compute (default: all). `body` is always returned."},
    )
    summary_sentences = JsonInteger(
        validate=validate.Range(min=1, max=MAX_SENTENCES),
        metadata={
            "description": f"Most sentences in the summary. Default {DEFAULT_SENTENCES}, or {MAX_SENTENCES} when only `summary_chars` is given."
        },
    )
    summary_chars = JsonInteger(
        validate=validate.Range(min=MIN_CHARS, max=MAX_CHARS),
        metadata={
            "description": "Most characters of summary text (sentences joined by one space). Whole sentences that fit; "
            "when none does, the best one cut at a word boundary. With `summary_sentences`, both limits apply."
        },
    )
    callback_url = callback_url_field()

    @validates_schema
    def one_source(self, data: dict[str, Any], **kwargs: Any) -> None:
        given = [name for name in ("text", "html") if data.get(name) is not None]
        if len(given) != 1:
            raise ValidationError(
                "give exactly one of 'text' or 'html'", field_name="text" if not given else "html"
            )
        # The cheap check the API keeps: nothing at all to read is refused at once. Whether
        # anything is left once boilerplate is removed is the boilerplate stage's rule.
        if not data[given[0]].strip():
            raise ValidationError("must contain more than whitespace", field_name=given[0])
        # A text of punctuation or symbols alone would be accepted, queued and then fail as
        # empty_body; the client hears it now. (HTML's words are only known once it is parsed.)
        if given[0] == "text" and not any(character.isalnum() for character in data["text"]):
            raise ValidationError("must contain a letter or digit", field_name="text")

    @post_load
    def to_request(self, data: dict[str, Any], **kwargs: Any) -> ArticleRequest:
        if data.get("published_at") is not None:
            data["published_at"] = data["published_at"].isoformat()
        data["features"] = tuple(data.get("features") or ())
        return ArticleRequest(**data)


# Exactly one of text or html, as JSON Schema (marshmallow checks it in one_source).
ARTICLE_REQUEST_EXTRA = {
    "description": "Exactly one of `text` or `html`.",
    "oneOf": [{"required": ["text"]}, {"required": ["html"]}],
}
