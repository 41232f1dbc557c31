"""POST /v1/articles: validate, clean, enqueue, answer 202 at once."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest

from service import errors
from service.api import services
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
    job_id = svc.jobs.submit({**payload, "body": body})
    location = url_for("jobs.get_job", job_id=job_id)
    return job_schema.dump({"id": job_id, "status": "queued"}), 202, {"Location": location}


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
