"""The story stage's backend: describes the article (signatures.py) and links it in the owner's
index in Redis (index.py), shared by every worker and replica."""

from __future__ import annotations

import secrets

import datasketch
from redis import Redis

from service.config import StoryOptions
from service.pipeline.document import (
    BODY,
    ENTITIES,
    METADATA,
    Article,
    BackendInfo,
    RelatedArticle,
    Story,
)
from service.queue.keys import Keys
from service.stories import signatures
from service.stories.index import ArticleSignature, LinkParams, StoryIndex

# Bump when signatures or vectors change meaning: the index holds a window of them.
SCHEME_VERSION = "2"  # 2: entity boost 0.25, story members in their own key, counts per period


def new_story_id() -> str:
    """64 random bits, hex: unique among one owner's open stories by a wide margin."""
    return secrets.token_hex(8)


def describe(article: Article) -> ArticleSignature:
    """What the index compares of an enriched article that came in a job."""
    assert article.job is not None
    body, metadata, entities = article[BODY], article[METADATA], article[ENTITIES]
    return ArticleSignature(
        job_id=article.job.id,
        received_at=article.job.received_at,
        signature=signatures.minhash(signatures.shingles(body)),
        vector=signatures.features(body, entities),
        entities=tuple(signatures.entity_names(entities)),
        event_day=signatures.event_day(body, metadata.published_at),
        title=article.request.title,
        outlet=metadata.outlet,
        published_at=metadata.published_at,
    )


class RedisStoryLinker:
    info = BackendInfo(
        backend="redis-minhash-lsh",
        version=f"{SCHEME_VERSION} (datasketch {datasketch.__version__}, {signatures.NUM_PERM} permutations)",
    )

    def __init__(self, options: StoryOptions, params: LinkParams | None = None) -> None:
        self.options = options
        self.params = params or LinkParams()
        self._index: StoryIndex | None = None  # connects at the first job, not at start

    @property
    def index(self) -> StoryIndex:
        if self._index is None:
            redis = Redis.from_url(self.options.redis_url, socket_timeout=5, socket_connect_timeout=2)
            self._index = StoryIndex(
                redis, Keys(self.options.queue_name), self.options.story_window_days, self.params
            )
        return self._index

    def __call__(self, article: Article) -> Story:
        if article.job is None:
            # Enriched in-process, outside any job: no stream to link into, a story of its own.
            return Story(id=new_story_id())
        link = self.index.link(article.job.owner, describe(article), new_story_id())
        return Story(
            id=link.story_id,
            duplicate_of=link.duplicate_of,
            similarity=link.duplicate_similarity,
            related=[RelatedArticle(job_id, similarity) for job_id, similarity in link.related],
        )
