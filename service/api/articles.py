"""POST /v1/articles: validate, clean, enqueue, answer 202 at once."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest

from service import errors
from service.api import services
from service.api.auth import client_name
from service.api.observability import request_id
from service.queue.jobs import IdempotencyConflict
from service.schemas.jobs import JobSchema
from service.schemas.requests import ArticleRequest

bp = Blueprint("articles", __name__, url_prefix="/v1")

article_request = ArticleRequest()
job_schema = JobSchema()


@bp.post("/articles")
def submit_article() -> tuple[dict[str, Any], int, dict[str, str]]:
    article = _load_article()
    svc = services()
    body = svc.boilerplate.clean(
        text=article.get("text"), html=article.get("html"), title=article.get("title")
    )
    if not body.strip():
        source = "html" if article.get("html") is not None else "text"
        raise errors.EmptyBody(
            "nothing is left once boilerplate (navigation, related links, captions, ...) is removed",
            errors={source: ["contains no article text"]},
        )
    payload = {key: value for key, value in article.items() if key not in ("text", "html")}
    if payload.get("published_at") is not None:
        payload["published_at"] = payload["published_at"].isoformat()
    try:
        submitted = svc.jobs.submit(
            {**payload, "body": body},
            owner=client_name(),
            idempotency_key=_idempotency_key(),
            request_id=request_id(),
        )
    except IdempotencyConflict:
        raise errors.Conflict(
            "this Idempotency-Key was used with a different article; use a new key for a new article"
        ) from None
    headers = {"Location": url_for("jobs.get_job", job_id=submitted.job_id)}
    job = {"id": submitted.job_id, "status": "queued"}
    if submitted.replayed:
        headers["Idempotent-Replayed"] = "true"
        # The earlier job may have moved on: answer with what it is now.
        job = svc.jobs.fetch(submitted.job_id, owner=client_name()) or job
    return job_schema.dump(job), 202, headers


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not 1 <= len(key) <= 255 or not key.isprintable():
        raise errors.ValidationFailed(
            "Idempotency-Key must be 1-255 printable characters",
            errors={"Idempotency-Key": ["must be 1-255 printable characters"]},
        )
    return key


def _load_article() -> dict[str, Any]:
    if not request.is_json:
        raise errors.UnsupportedMediaType(
            f"send the article as application/json, not {request.mimetype or 'no content type'}"
        )
    try:
        data = request.get_json()
    except BadRequest:
        raise errors.MalformedJson("the request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise errors.ValidationFailed(
            "the body must be a JSON object", errors={"_schema": ["expected an object"]}
        )
    try:
        return article_request.load(data)
    except ValidationError as exc:
        fields = ", ".join(sorted(exc.normalized_messages()))
        raise errors.ValidationFailed(
            f"invalid field(s): {fields}", errors=exc.normalized_messages()
        ) from None
