"""Stage 4: the article's overall tone: positive, neutral or negative, with a probability."""

from __future__ import annotations

from typing import Protocol

from service.pipeline.document import BackendInfo, Sentiment


class SentimentAnalyzer(Protocol):
    info: BackendInfo

    def analyze(self, text: str, language: str) -> Sentiment:
        """Return the label with its probability and the probability of every label."""
        ...
