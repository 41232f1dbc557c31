"""Stage 5: a short summary in the article's own language."""

from __future__ import annotations

from typing import Protocol

from service.pipeline.document import BackendInfo, Summary


class Summarizer(Protocol):
    info: BackendInfo

    def summarize(self, text: str, language: str, max_sentences: int) -> Summary:
        """Return at most `max_sentences` sentences of `text` that carry the story."""
        ...
