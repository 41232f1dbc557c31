"""Language identification from a local sequence-classification model labelled with ISO codes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from service.config import ConfigError, TransformersOptions
from service.pipeline.backends.hf.base import SequenceClassifier
from service.pipeline.document import BODY, Article, Language

if TYPE_CHECKING:
    import numpy as np

# The opening of an article decides its language; classifying all of it costs more for nothing.
SAMPLE_CHARS = 1500


class TransformersLanguageDetector(SequenceClassifier[Language]):
    stage = "language"

    def __init__(self, model_dir: str, options: TransformersOptions) -> None:
        super().__init__(model_dir, options)
        id2label = self.model.config.id2label
        # "id", "ind", or fastText-style "ind_Latn"/"__label__id": keep the language part.
        labels = [str(id2label.get(i, id2label.get(str(i)))).removeprefix("__label__").split("_")[0].lower()
                  for i in range(len(id2label))]  # fmt: skip
        bad = [label for label in labels if len(label) != 2]
        if bad:
            raise ConfigError(
                f"ENRICH_LANGUAGE_MODEL: labels {bad} of {model_dir} are not ISO 639-1 codes; "
                "label the classes 'id', 'ms', 'en', ... in config.json id2label"
            )
        self.codes = labels

    def text(self, article: Article) -> str:
        return article[BODY][:SAMPLE_CHARS]

    def postprocess(self, article: Article, inputs: Any, outputs: np.ndarray) -> Language:
        probabilities = self.probabilities(inputs, outputs)
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        code = self.codes[best]
        return Language(code=code, name=code, confidence=round(probabilities[best], 4))
