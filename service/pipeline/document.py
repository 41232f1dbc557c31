"""The values that flow through the pipeline. Plain dataclasses, JSON-ready via `asdict`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BackendInfo:
    """Which implementation produced a field, so results can be traced."""

    backend: str
    version: str
    model: str | None = None


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1
    name: str
    confidence: float


@dataclass(frozen=True)
class Mention:
    text: str
    start: int  # character offsets into the cleaned body; body[start:end] == text
    end: int


@dataclass
class Entity:
    text: str  # canonical (usually longest) form
    type: str  # one of ENTITY_TYPES
    mentions: list[Mention] = field(default_factory=list)
    score: float = 1.0

    @property
    def count(self) -> int:
        return len(self.mentions)


ENTITY_TYPES = ("PERSON", "ORGANIZATION", "LOCATION", "EVENT", "PRODUCT", "MISC")


@dataclass(frozen=True)
class Sentiment:
    label: str  # positive | neutral | negative
    score: float  # probability of `label`, 0..1
    scores: dict[str, float]


SENTIMENT_LABELS = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int | None  # offsets into the body; None for generated (abstractive) sentences
    end: int | None


@dataclass(frozen=True)
class Summary:
    text: str
    sentences: list[Sentence]


@dataclass(frozen=True)
class Dateline:
    """The place and outlet an article opens with ("SEOUL, iNews.id - ..."); either may be absent."""

    place: str | None
    outlet: str | None


@dataclass(frozen=True)
class Metadata:
    """Who published an article, where it was filed, when, and who wrote and edited it."""

    outlet: str | None
    dateline: Dateline | None
    published_at: str | None  # ISO 8601; with its UTC offset when the text or request gives a zone
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)


REGION_LEVELS = ("province", "regency", "city")


@dataclass(frozen=True)
class Region:
    """An Indonesian administrative region an article mentions, with its official (Kemendagri) code."""

    name: str  # official name: "Kabupaten Bogor", "Kota Bogor", "Jawa Barat"
    level: str  # one of REGION_LEVELS
    code: str  # "32", "32.01", "32.71"
    province: str  # the province's name (a province's own name for a province)
