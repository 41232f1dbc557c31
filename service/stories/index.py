"""The story index in Redis: one Lua script (link.lua) looks an article up and records it in one
round trip, atomically, so every worker and replica shares one index and no two workers open two
stories for one event.

State per owner, all under one hash tag (service/queue/keys.py), in buckets by the day an
article was received, each expiring a day after the window (ENRICH_STORY_WINDOW_DAYS):
- LSH band -> refs of the articles with it (near-copies); article ref -> its record;
- key (an entity or a strong term) -> the stories with it (where candidate stories come from);
in buckets by period of the window's length, feature -> how many articles had it (document
frequencies, for weighing features); and per story, expiring a day after its latest article, its
dates, size and centroid in one small key (read for every candidate) and its members in another
(read only for the story joined).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from redis import Redis

from service.queue.keys import Keys
from service.stories import signatures

SCRIPT = Path(__file__).with_name("link.lua").read_text(encoding="utf-8")


@dataclass(frozen=True)
class LinkParams:
    """Decision thresholds and bounds of the linking script. The thresholds are tuned on one half
    of IndoSum and measured on the other (bench/quality_stories.py; figures in the README); the
    bounds keep one script run short whatever the index holds (bench/stories.py)."""

    # Estimated shingle Jaccard at or above which an article is a copy. Republished copies of
    # IndoSum articles score 0.65 and more (1st percentile), distinct articles of one day and
    # category 0.07 at most.
    duplicate: float = 0.5
    # Cosine with a story's centroid at or above which an article joins the story.
    link: float = 0.16
    # Articles summed into a story's centroid; later members join without moving it.
    freeze: int = 1
    rows: int = 3  # LSH rows per band: NUM_PERM / rows bands
    entities: int = 10  # keys: the article's most mentioned entities
    terms: int = 5  # and its strongest terms
    prior: int = 100  # articles counted beside the window's when weighing features by frequency
    per_key: int = 64  # latest stories read per key (over the window's days)
    hub: int = 64  # a key listing more stories than this in the window finds no candidates
    stories: int = 12  # candidate stories scored (those sharing the most, and rarest, keys)
    centroid: int = 64  # strongest features a story's centroid keeps
    members: int = 1000  # latest articles a story lists
    related_scan: int = 20  # latest members compared for `related`
    related: int = 10  # related articles returned
    band_refs: int = 32  # latest refs kept per LSH band and day
    stories_per_key: int = 32  # latest stories kept per key and day
    max_candidates: int = 32  # near-copy candidates checked

    def __post_init__(self) -> None:
        counts = (self.rows, self.per_key, self.hub, self.stories, self.centroid, self.members, self.freeze)
        others = (
            self.entities,
            self.terms,
            self.related_scan,
            self.related,
            self.band_refs,
            self.stories_per_key,
        )
        if min(counts) < 1 or min(others) < 0:
            raise ValueError(f"story linking bounds must be positive: {self}")

    def script_params(self, window_days: int) -> str:
        values: dict[str, Any] = asdict(self)
        values["window_days"] = window_days
        return json.dumps(values)


@dataclass(frozen=True)
class ArticleSignature:
    """What the index stores and compares of one article."""

    job_id: str  # at most 255 bytes (queue job ids are UUIDs)
    received_at: float
    signature: bytes  # MinHash of the body's shingles (b"" for a body too short to have any)
    vector: dict[str, float]  # unit-length terms and entities
    entities: tuple[str, ...]  # entity names, most mentioned first
    event_day: int | None  # days since 1970 of the date it reports on, when it names one
    title: str | None = None
    outlet: str | None = None
    published_at: str | None = None

    @property
    def ref(self) -> bytes:
        """8 bytes naming the article in the index (a hash of its job id)."""
        return hashlib.blake2b(self.job_id.encode(), digest_size=8).digest()


@dataclass(frozen=True)
class Link:
    """Where the script put an article."""

    story_id: str
    opened: bool  # the article opened a new story
    duplicate_of: str | None
    duplicate_similarity: float | None
    story_similarity: float | None  # cosine with the story's centroid when it joined one
    related: list[tuple[str, float]] = field(default_factory=list)


class StoryIndex:
    def __init__(self, redis: Redis, keys: Keys, window_days: int, params: LinkParams | None = None) -> None:
        self.redis = redis
        self.keys = keys
        self.window_days = window_days
        self.params = params or LinkParams()
        self._script = redis.register_script(SCRIPT)
        self._params_json = self.params.script_params(window_days)

    def link(self, owner: str, article: ArticleSignature, new_story_id: str) -> Link:
        """Link the article (a job linked before gets its first answer again); `new_story_id` is
        the id of the story it opens if it joins none. One round trip."""
        keys, args = self.script_call(owner, article, new_story_id)
        return parse_reply(self._script(keys=keys, args=args))

    def index_keys(self, article: ArticleSignature) -> list[str]:
        """What candidate stories are found by: the article's most mentioned entities and its
        strongest terms (an article naming nobody is still found by what it is about)."""
        terms = sorted((w, k) for k, w in article.vector.items() if k.startswith("t:"))
        strongest = [k for _, k in reversed(terms[-self.params.terms :])] if self.params.terms else []
        return [f"e:{name}" for name in article.entities[: self.params.entities]] + strongest

    def script_call(
        self, owner: str, article: ArticleSignature, new_story_id: str
    ) -> tuple[list[str], list[Any]]:
        """The script's KEYS and ARGV for one article (see link.lua)."""
        keys = self.keys
        today = signatures.utc_day(article.received_at)
        days = range(today - self.window_days, today + 1)
        this_period = today // self.window_days  # feature counts are kept per window-long period
        script_keys = (
            [keys.story_bands(owner, d) for d in days]
            + [keys.story_articles(owner, d) for d in days]
            + [keys.story_postings(owner, d) for d in days]
            + [keys.story_counts(owner, period) for period in (this_period - 1, this_period)]
        )
        info = {
            "t": article.received_at,
            "title": article.title,
            "outlet": article.outlet,
            "published_at": article.published_at,
        }
        bands = signatures.bands(article.signature, self.params.rows) if article.signature else []
        postings = [posting_digest(key) for key in self.index_keys(article)]
        args: list[Any] = [
            len(days),
            repr(article.received_at),
            self.window_days * 86400,
            (self.window_days + 1) * 86400,  # a day's bucket outlives the window by a day
            article.ref,
            article.signature,
            signatures.pack_vector(article.vector),
            "" if article.event_day is None else article.event_day,
            new_story_id,
            article.job_id,
            json.dumps(info, ensure_ascii=False),
            keys.story(owner, ""),
            keys.story_articles(owner, ""),
            keys.story_members(owner, ""),
            self._params_json,
            len(bands),
            *bands,
            *postings,
        ]
        return script_keys, args


def posting_digest(key: str) -> bytes:
    """A key's field name in the posting buckets."""
    return hashlib.blake2b(key.encode(), digest_size=8).digest()


def parse_reply(reply: list[Any]) -> Link:
    story, dup, dup_sim, story_sim, opened, related = reply
    return Link(
        story_id=story.decode(),
        opened=bool(opened),
        duplicate_of=dup.decode() or None,
        duplicate_similarity=float(dup_sim) if dup_sim else None,
        story_similarity=float(story_sim) if story_sim else None,
        related=[(related[i].decode(), float(related[i + 1])) for i in range(0, len(related), 2)],
    )
