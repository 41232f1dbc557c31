"""The article as it flows through the pipeline: what the client asked for, and one typed slot
per stage output. Plain dataclasses; the request is also the job's JSON payload on the queue."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


# See Article.reading_language. The first users' language: where a text's language is a guess,
# backends read it in this one.
MAIN_LANGUAGE = "id"
SURE_LANGUAGE = 0.5
SURE_LANGUAGE_WORDS = 30


@dataclass(frozen=True)
class ArticleRequest:
    """A validated request: the raw input (exactly one of text or html) and the client's options.
    This is what the API puts on the queue and what a worker reads back."""

    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published_at: str | None = None  # ISO 8601 with a time zone
    language: str | None = None  # the client's ISO 639-1 hint; it wins over detection
    features: tuple[str, ...] = ()  # the result fields asked for; empty: all of them
    summary_sentences: int | None = None
    summary_chars: int | None = None  # the summary's longest length in characters
    # Where a worker POSTs the job once it ends (a delivery concern: no stage reads it).
    callback_url: str | None = None

    def to_json(self) -> dict[str, Any]:
        # Every field is a str, an int, None or a tuple of str: a shallow copy is the JSON
        # (dataclasses.asdict would deep-copy each value, on every submission).
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["features"] = list(self.features)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticleRequest:
        """Read a payload back. Keys this version does not know are ignored, so that during a
        rolling upgrade an older worker still runs a newer API's jobs."""
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["features"] = tuple(values.get("features") or ())
        return cls(**values)


class Slot(Generic[T]):
    """A named, typed place in the article for one stage's output."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"


@dataclass(frozen=True)
class BackendInfo:
    """Which implementation produced a field, so results can be traced."""

    backend: str
    version: str
    model: str | None = None


@dataclass(frozen=True)
class JobRef:
    """The job an article is enriched in: stages that link articles across jobs (stories) name
    them by id, and keep each client's articles apart by owner."""

    id: str
    owner: str = ""
    received_at: float = 0.0  # Unix time the API accepted the article


@dataclass
class Article:
    """One article being enriched: the request, the job it came in, the stage outputs so far,
    and who made each output (`models`) in how long (`timings_ms`), by stage name."""

    request: ArticleRequest
    job: JobRef | None = None  # None when enriched in-process, outside any job
    models: dict[str, BackendInfo] = field(default_factory=dict)
    timings_ms: dict[str, float] = field(default_factory=dict)
    _values: dict[str, object] = field(default_factory=dict, repr=False)

    def __getitem__(self, slot: Slot[T]) -> T:
        try:
            return cast(T, self._values[slot.name])
        except KeyError:
            raise KeyError(f"{slot.name!r} is not set: declare it in the stage's `requires`") from None

    def __setitem__(self, slot: Slot[T], value: T) -> None:
        self._values[slot.name] = value

    def __contains__(self, slot: Slot[Any]) -> bool:
        return slot.name in self._values

    def get(self, slot: Slot[T]) -> T | None:
        return cast("T | None", self._values.get(slot.name))

    @property
    def language_code(self) -> str:
        """The language the stages work in: the client's hint, else the detected one."""
        if self.request.language:
            return self.request.language
        detected = self.get(LANGUAGE)
        return detected.code if detected is not None else "und"

    def reading_language(self, reads: Collection[str]) -> str:
        """The language a backend reading `reads` should take the text in: language_code, unless
        that is a guess in a language the backend does not read, then MAIN_LANGUAGE. A guess is a
        detection under SURE_LANGUAGE confidence or on a body of under SURE_LANGUAGE_WORDS words
        when the client named none: of 1,000 CNBC Indonesia headlines (training part) 11 % were
        called another language, "IHSG Kebakaran di Sesi I, Anjlok 2%!" Italian at 0.96; "Jokowi
        di Jakarta." Italian at 0.35. Text in another script than Latin is never Indonesian (nor
        counts words by its spaces: Chinese and Japanese write none), so a confident detection
        of it stands."""
        from service.pipeline.text import latin_script  # text.py builds this module's Sentence

        language = self.language_code
        if language in reads or self.request.language:
            return language
        detected = self.get(LANGUAGE)
        body = self.get(BODY) or ""
        sure = (
            detected is not None
            and detected.confidence >= SURE_LANGUAGE
            and (
                not latin_script(body)
                # counting stops at the threshold: a long body is not split whole
                or len(body.split(None, SURE_LANGUAGE_WORDS - 1)) >= SURE_LANGUAGE_WORDS
            )
        )
        return language if sure else MAIN_LANGUAGE


# --- the built-in stages' values and slots -------------------------------------------------------


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
    # What the article says about it (the entity profile stage fills these in).
    salience: float = 0.0  # 0..1, summing to 1 over the article's entities
    sentiment: Sentiment | None = None  # tone of the sentences that mention it
    aliases: list[str] = field(default_factory=list)  # every form the body names it by
    kind: str | None = None  # "political_party", or None

    @property
    def count(self) -> int:
        return len(self.mentions)

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return self.mentions[0].end


ENTITY_TYPES = ("PERSON", "ORGANIZATION", "LOCATION", "EVENT", "PRODUCT", "MISC")


@dataclass(frozen=True)
class SentenceSentiment:
    start: int  # offsets into the body
    end: int
    label: str
    score: float
    scores: dict[str, float]


@dataclass(frozen=True)
class Sentiment:
    label: str  # positive | neutral | negative
    score: float  # probability of `label`, 0..1
    scores: dict[str, float]
    sentences: list[SentenceSentiment] = field(default_factory=list)  # the body's, in order


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
    """Who published an article, where it was filed, when, who wrote and edited it, and its headline."""

    outlet: str | None
    dateline: Dateline | None
    published_at: str | None  # ISO 8601; with its UTC offset when the text or request gives a zone
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    headline: str | None = None


REGION_LEVELS = ("province", "regency", "city")


@dataclass(frozen=True)
class Region:
    """An Indonesian administrative region an article mentions, with its official (Kemendagri) code."""

    name: str  # official name: "Kabupaten Bogor", "Kota Bogor", "Jawa Barat"
    level: str  # one of REGION_LEVELS
    code: str  # "32", "32.01", "32.71"
    province: str  # the province's name (a province's own name for a province)


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


BODY: Slot[str] = Slot("body")
LANGUAGE: Slot[Language] = Slot("language")
# What the entity recogniser found (internal); ENTITIES are them merged with known names and profiled.
NAMED: Slot[list[Entity]] = Slot("named_entities")
ENTITIES: Slot[list[Entity]] = Slot("entities")
SENTIMENT: Slot[Sentiment] = Slot("sentiment")
SUMMARY: Slot[Summary] = Slot("summary")
METADATA: Slot[Metadata] = Slot("metadata")
REGIONS: Slot[list[Region]] = Slot("regions")
QUOTES: Slot[list[Quote]] = Slot("quotes")


@dataclass(frozen=True)
class RelatedArticle:
    """An earlier article of the same story and how alike the two are (cosine of their weighted
    terms and entities, 0..1)."""

    job_id: str
    similarity: float


@dataclass(frozen=True)
class Story:
    """The story an article belongs to: `id` is shared by every article about the same event;
    `duplicate_of` names the earlier job it is a near-copy of, `similarity` their estimated
    shingle overlap (Jaccard)."""

    id: str
    duplicate_of: str | None = None
    similarity: float | None = None
    related: list[RelatedArticle] = field(default_factory=list)


STORY: Slot[Story] = Slot("story")
