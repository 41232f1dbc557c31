"""Quotes and their speakers: `extract_quotes(body, entities)`."""

from __future__ import annotations

from service.pipeline.backends.builtin.quotes.extract import extract_quotes
from service.pipeline.document import BODY, ENTITIES, Article, BackendInfo, Quote

__all__ = ["RuleBasedQuoteFinder", "extract_quotes"]


class RuleBasedQuoteFinder:
    """The quotes stage's backend: speakers are indices into the article's (profiled) entities."""

    info = BackendInfo(backend="builtin-rules", version="1", model="quote marks+speech verbs (id, en)")

    def __call__(self, article: Article) -> list[Quote]:
        return extract_quotes(article[BODY], article[ENTITIES])
