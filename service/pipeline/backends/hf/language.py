"""Language identification from a local sequence-classification model labelled with ISO codes."""

from __future__ import annotations

from service.config import ConfigError, Settings
from service.pipeline.backends.hf.classify import classify
from service.pipeline.backends.hf.loading import load
from service.pipeline.document import Language

# The opening of an article decides its language; classifying all of it costs more for nothing.
SAMPLE_CHARS = 1500


class TransformersLanguageDetector:
    def __init__(self, model_dir: str, settings: Settings):
        self.tokenizer, self.model, self.info, self.window = load("language", model_dir, settings)
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
        self.batch_size = settings.batch_size

    def detect(self, text: str) -> Language:
        probabilities = classify(
            self.tokenizer, self.model, text[:SAMPLE_CHARS], self.window, self.batch_size
        )
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        code = self.codes[best]
        return Language(code=code, name=code, confidence=round(probabilities[best], 4))
