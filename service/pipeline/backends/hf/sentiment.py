"""Sentiment from a local sequence-classification model whose labels name the polarity."""

from __future__ import annotations

from service.config import ConfigError, Settings
from service.pipeline.backends.hf.classify import classify
from service.pipeline.backends.hf.loading import load
from service.pipeline.document import SENTIMENT_LABELS, Sentiment

ALIASES = {
    "positive": "positive", "pos": "positive",
    "neutral": "neutral", "neu": "neutral",
    "negative": "negative", "neg": "negative",
}  # fmt: skip


class TransformersSentimentAnalyzer:
    def __init__(self, model_dir: str, settings: Settings):
        self.tokenizer, self.model, self.info, self.window = load("sentiment", model_dir, settings)
        id2label = self.model.config.id2label
        labels = [str(id2label.get(i, id2label.get(str(i)))).lower() for i in range(len(id2label))]
        unknown = [label for label in labels if label not in ALIASES]
        if unknown:
            raise ConfigError(
                f"ENRICH_SENTIMENT_MODEL: labels {unknown} of {model_dir} are not polarities; "
                f"name them {sorted(ALIASES)} in config.json id2label"
            )
        self.labels = [ALIASES[label] for label in labels]
        self.batch_size = settings.batch_size

    def analyze(self, text: str, language: str) -> Sentiment:
        probabilities = classify(self.tokenizer, self.model, text, self.window, self.batch_size)
        scores = dict.fromkeys(SENTIMENT_LABELS, 0.0)
        for label, probability in zip(self.labels, probabilities, strict=True):
            scores[label] += probability
        label = max(scores, key=scores.__getitem__)
        rounded = {k: round(v, 4) for k, v in scores.items()}
        return Sentiment(label=label, score=rounded[label], scores=rounded)
