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
class Speaker:
    text: str  # the speaker as named in the body ("Dmitry Peskov", "pejabat senior kepresidenan Korsel")
    entity: int | None  # index into the article's entities when a PERSON or ORGANIZATION


@dataclass(frozen=True)
class Quote:
    text: str
    start: int  # offsets into the body; body[start:end] == text
    end: int
    kind: str  # one of QUOTE_KINDS
    speaker: Speaker | None  # None when the article does not say who


QUOTE_KINDS = ("direct", "indirect")


@dataclass(frozen=True)
class EntityProfile:
    """What the article says about one entity; `profile_entities` returns one per entity, same order."""

    salience: float  # 0..1, summing to 1 over the article's entities
    sentiment: Sentiment | None  # tone of the sentences that mention it; None without sentence sentiment
    aliases: list[str]  # every surface form seen in the body, first seen first
    kind: str | None  # "political_party" for an Indonesian political party, else None
