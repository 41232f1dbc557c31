"""Stage 3: named entities, grouped per real-world thing, with offsets into the body."""

from __future__ import annotations

from typing import Protocol

from service.pipeline.document import BackendInfo, Entity


class EntityRecognizer(Protocol):
    info: BackendInfo

    def extract(self, text: str, language: str) -> list[Entity]:
        """Return entities of `text` (ISO 639-1 `language`), each with every mention's offsets.

        Mentions of one thing (e.g. "Korea Utara" and "Korut", "Kurt Campbell" and "Campbell")
        are grouped into one Entity. Order: by first mention.
        """
        ...
