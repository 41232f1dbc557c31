"""Stage 1: turn what the client sent (plain text or HTML) into the article body alone."""

from __future__ import annotations

from typing import Protocol

from service.pipeline.document import BackendInfo


class BoilerplateRemover(Protocol):
    info: BackendInfo

    def clean(self, *, text: str | None = None, html: str | None = None, title: str | None = None) -> str:
        """Return the body: real paragraphs only, one per line, in their original order.

        Exactly one of `text` or `html` is given. `title`, when known, lets the backend drop a
        repeated headline. Returns "" when nothing of the article is left.
        """
        ...
