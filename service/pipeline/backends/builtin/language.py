"""Language identification with lingua: its n-gram models ship inside the wheel (no download)."""

from __future__ import annotations

from importlib.metadata import version

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from service.pipeline.document import BackendInfo
from service.pipeline.document import Language as DetectedLanguage

# lingua is as accurate on a few hundred characters as on a whole article, and its cost grows
# with length; the opening paragraphs decide.
SAMPLE_CHARS = 1500


class LinguaLanguageDetector:
    def __init__(self, languages: list[str] | None = None):
        if languages:
            codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
            builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        else:
            builder = LanguageDetectorBuilder.from_all_languages()
        # Preloading costs memory once per worker instead of latency on the first jobs.
        self._detector = builder.with_preloaded_language_models().build()
        self.info = BackendInfo(backend="builtin-lingua", version=version("lingua-language-detector"))

    def detect(self, text: str) -> DetectedLanguage:
        values = self._detector.compute_language_confidence_values(text[:SAMPLE_CHARS])
        if not values or values[0].value <= 0:
            return DetectedLanguage(code="und", name="Undetermined", confidence=0.0)
        top = values[0]
        language: Language = top.language
        return DetectedLanguage(
            code=language.iso_code_639_1.name.lower(),
            name=language.name.title(),
            confidence=round(top.value, 4),
        )
