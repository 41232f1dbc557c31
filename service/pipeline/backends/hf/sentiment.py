"""Sentiment from a local sequence-classification model whose labels name the polarity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from service.config import ConfigError, TransformersOptions
from service.pipeline.backends.hf.base import SequenceClassifier
from service.pipeline.document import SENTIMENT_LABELS, Article, Sentiment

if TYPE_CHECKING:
    import numpy as np

ALIASES = {
    "positive": "positive", "pos": "positive",
    "neutral": "neutral", "neu": "neutral",
    "negative": "negative", "neg": "negative",
}  # fmt: skip


class TransformersSentimentAnalyzer(SequenceClassifier[Sentiment]):
    stage = "sentiment"

    def __init__(self, model_dir: str, options: TransformersOptions) -> None:
        super().__init__(model_dir, options)
        id2label = self.model.config.id2label
        labels = [str(id2label.get(i, id2label.get(str(i)))).lower() for i in range(len(id2label))]
        unknown = [label for label in labels if label not in ALIASES]
        if unknown:
            raise ConfigError(
                f"ENRICH_SENTIMENT_MODEL: labels {unknown} of {model_dir} are not polarities; "
                f"name them {sorted(ALIASES)} in config.json id2label"
            )
        self.labels = [ALIASES[label] for label in labels]

    def postprocess(self, article: Article, inputs: Any, outputs: np.ndarray) -> Sentiment:
        scores = dict.fromkeys(SENTIMENT_LABELS, 0.0)
        for label, probability in zip(self.labels, self.probabilities(inputs, outputs), strict=True):
            scores[label] += probability
        label = max(scores, key=scores.__getitem__)
        rounded = {k: round(v, 4) for k, v in scores.items()}
        return Sentiment(label=label, score=rounded[label], scores=rounded)
