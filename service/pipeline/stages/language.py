"""Stage 2: which language the body is written in (Indonesian told apart from Malay)."""

from __future__ import annotations

from typing import Protocol

from service.pipeline.document import BackendInfo, Language


class LanguageDetector(Protocol):
    info: BackendInfo

    def detect(self, text: str) -> Language:
        """Return the most likely language of `text`; code "und" with confidence 0 if unknown."""
        ...
