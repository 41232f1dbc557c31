"""Boilerplate removal: what the client sent (plain text or HTML) becomes the article body alone.

This stage owns the body and the one rule about it: an article with nothing left to read fails
with `empty_body`, which retrying cannot fix. Backends return the real paragraphs, one per line,
in their original order (a text with no boilerplate in it comes back whole).
"""

from __future__ import annotations

from marshmallow import fields

from service.pipeline.document import BODY
from service.pipeline.stage import Backend, Stage, StageError

BoilerplateRemover = Backend[str]


class EmptyArticle(StageError):
    """Boilerplate removal left nothing: there is no article to enrich."""

    code = "empty_body"
    permanent = True


def require_text(body: str) -> None:
    if not any(ch.isalnum() for ch in body):
        raise EmptyArticle(
            "nothing of the article is left once boilerplate (navigation, related links, captions, ...) is removed"
        )


STAGE = Stage(
    name="boilerplate",
    assigns=BODY,
    field=fields.String(
        metadata={"description": "The article without boilerplate: one paragraph per line; offsets index it."}
    ),
    backends={"builtin": "service.pipeline.backends.builtin.boilerplate:RuleBasedBoilerplateRemover"},
    check=require_text,
    description="Navigation, related links, captions, credits and share buttons removed.",
)
