"""English sentence tone for the built-in sentiment backend: VADER, calibrated on English news.

The built-in model learned Indonesian and Malay (sentiment.py), and `../shared/data` holds no English
sentiment labels to train one for English. VADER (C. J. Hutto and E. Gilbert, ICWSM 2014; the
vaderSentiment wheel, MIT) reads a sentence's tone from a lexicon and rules for negation, boosters,
"but" and capitals; its compound score runs from -1 to +1. Each sentence's compound becomes class
probabilities through two logistic curves, negative and positive against neutral, fitted by
scripts/train_sentiment_en.py so that the article's position-weighted mean of them (as the news head
is aggregated) best predicts 109 hand-labelled English pages (bench/sentiment_en_gold.md). The fit
weighs a sentence's negative words far above its positive ones: news tells bad events plainly ("was
killed", "fell sharply"), while VADER finds positive words ("like", "support", "help") in neutral
reports everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from service.pipeline.document import SENTIMENT_LABELS

# Logits against neutral's 0, as slope * compound + intercept, fitted on the pages set: the gentlest
# negative slope within 0.01 of the best fit's negative log-likelihood there (0.905 against 0.897 with
# a slope of -21, which makes one bad word certain). bench/quality_sentiment.py measures cnndm.
NEGATIVE = (-8.0, -1.016)
POSITIVE = (3.098, -0.998)
MODEL = "vader 3.3.2, calibrated on 109 English pages"
_ORDER = ("negative", "neutral", "positive")  # the logits' order below


def columns_of(labels: Sequence[str]) -> list[int]:
    """Where negative, neutral and positive go among `labels`."""
    return [labels.index(label) for label in _ORDER]


class EnglishSentenceTone:
    """Class probabilities of English sentences, columns in `labels` order."""

    def __init__(self, labels: Sequence[str] = SENTIMENT_LABELS) -> None:
        self._vader = SentimentIntensityAnalyzer()
        self._columns = columns_of(labels)

    def compound(self, sentences: Sequence[str]) -> np.ndarray:
        return np.array([self._vader.polarity_scores(s)["compound"] for s in sentences], dtype=np.float64)

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        return calibrated(self.compound(sentences), self._columns)


def calibrated(
    compound: np.ndarray,
    columns: Sequence[int] | None = None,
    negative: tuple[float, float] = NEGATIVE,
    positive: tuple[float, float] = POSITIVE,
) -> np.ndarray:
    """Probabilities from compound scores; `columns`: where negative, neutral and positive go
    (by default, as SENTIMENT_LABELS orders them)."""
    logits = np.stack(
        [negative[0] * compound + negative[1], np.zeros_like(compound), positive[0] * compound + positive[1]],
        axis=-1,
    )
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    probs: np.ndarray = e / e.sum(axis=-1, keepdims=True)
    out = np.empty_like(probs)
    out[..., list(columns if columns is not None else columns_of(SENTIMENT_LABELS))] = probs
    return out
