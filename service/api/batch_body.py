"""A batch's body read into articles: a JSON array or NDJSON, within the batch limits, each item
validated on its own so one bad article is reported by its index and does not sink the rest."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from flask import Request
from marshmallow import ValidationError

from service import errors
from service.api import callbacks
from service.config import ApiSettings
from service.pipeline.document import ArticleRequest
from service.schemas.requests import ArticleRequestSchema

NDJSON = "application/x-ndjson"
MEDIA_TYPES = ("application/json", NDJSON)

_ARTICLE = ArticleRequestSchema()


@dataclass
class Parsed:
    media_type: str
    raw: bytes
    size: int = 0  # articles in the request
    accepted: list[tuple[int, ArticleRequest]] = field(default_factory=list)  # (index, article)
    rejected: list[dict[str, Any]] = field(default_factory=list)  # {index, errors}


def parse(request: Request, settings: ApiSettings) -> Parsed:
    media_type = request.mimetype
    if media_type not in MEDIA_TYPES:
        raise errors.UnsupportedMediaType(
            f"send a batch as application/json (an array) or {NDJSON}, not {media_type or 'no content type'}"
        )
    limit = settings.max_batch_bytes
    if request.content_length is not None and request.content_length > limit:
        raise errors.PayloadTooLarge(
            f"a batch body may be at most {limit} bytes (ENRICH_MAX_BATCH_BYTES); send fewer articles per batch",
            headers={"X-Max-Request-Bytes": str(limit)},
        )
    request.max_content_length = limit  # larger than one article's: Werkzeug enforces it while reading
    parsed = Parsed(media_type, request.get_data(cache=False))
    items = _json_items(parsed.raw) if media_type == "application/json" else _ndjson_items(parsed.raw)
    parsed.size = len(items)
    if not items:
        raise errors.ValidationFailed(
            "a batch holds at least one article", errors={"_schema": ["no articles in the batch"]}
        )
    if len(items) > settings.max_batch_items:
        raise errors.TooManyArticles(
            f"a batch holds at most {settings.max_batch_items} articles (ENRICH_MAX_BATCH_ITEMS); "
            f"this one has {len(items)}: send the rest in another batch"
        )
    for index, (item, item_bytes) in enumerate(items):
        problems = _article_problems(item, item_bytes, settings)
        if isinstance(problems, ArticleRequest):
            parsed.accepted.append((index, problems))
        else:
            parsed.rejected.append({"index": index, "errors": problems})
    return parsed


_NOT_JSON = object()  # an NDJSON line that is not JSON, judged as an item like any other


def _json_items(raw: bytes) -> list[tuple[Any, int]]:
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise errors.MalformedJson("the request body is not valid JSON") from None
    if not isinstance(body, list):
        raise errors.ValidationFailed(
            "a batch is a JSON array of articles", errors={"_schema": ["expected a JSON array of articles"]}
        )
    # An item's size as it would be sent alone: one article keeps its own limit in a batch too.
    return [(item, len(json.dumps(item, ensure_ascii=False).encode())) for item in body]


def _ndjson_items(raw: bytes) -> list[tuple[Any, int]]:
    items: list[tuple[Any, int]] = []
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        try:
            items.append((json.loads(line), len(line)))
        except (ValueError, UnicodeDecodeError):
            items.append((_NOT_JSON, len(line)))
    return items


def _article_problems(item: Any, item_bytes: int, settings: ApiSettings) -> ArticleRequest | dict[str, Any]:
    """The valid article, or its errors as a 422 problem would name them."""
    if item is _NOT_JSON:
        return {"_schema": ["this line is not valid JSON"]}
    if item_bytes > settings.max_request_bytes:
        return {
            "_schema": [
                f"larger than {settings.max_request_bytes} bytes, the limit for one article (ENRICH_MAX_REQUEST_BYTES)"
            ]
        }
    try:
        article: ArticleRequest = _ARTICLE.load(item)
    except ValidationError as exc:
        messages = exc.messages
        return messages if isinstance(messages, dict) else {"_schema": messages}
    reason = callbacks.refusal(article.callback_url)
    if reason is not None:
        return {"callback_url": [reason]}
    return article
