"""Story linking on a real Redis: the seeds, copies, retries, owners, the window, the race and drift."""

from __future__ import annotations

import dataclasses
import threading
import time
import uuid

import pytest
from redis import Redis

from service.config import ConfigError, Settings, StoryOptions
from service.pipeline.document import Article, ArticleRequest, JobRef, Story
from service.pipeline.runner import Pipeline
from service.queue.keys import Keys
from service.stories import signatures
from service.stories.index import ArticleSignature, LinkParams, StoryIndex
from service.stories.linker import RedisStoryLinker
from service.stories.store import StoryStore

DAY = 86400.0


@pytest.fixture(scope="module")
def enriched(seeds: dict[str, str]) -> dict[str, Article]:
    """The seeds through every stage; the story stage ran in-process, outside any job."""
    pipeline = Pipeline.build(Settings.from_env({}).pipeline)
    return {key: pipeline.run(ArticleRequest(text=text)) for key, text in seeds.items()}


@pytest.fixture
def options(redis_url: str) -> StoryOptions:
    settings = Settings.from_env({}, redis_url=redis_url, queue_name=f"test-{uuid.uuid4().hex[:8]}")
    return settings.pipeline.story


@pytest.fixture
def linker(options: StoryOptions) -> RedisStoryLinker:
    return RedisStoryLinker(options)


@pytest.fixture
def store(redis: Redis, options: StoryOptions) -> StoryStore:
    return StoryStore(redis, Keys(options.queue_name))


def in_job(
    article: Article, owner: str = "alice", job_id: str | None = None, at: float | None = None
) -> Article:
    job = JobRef(id=job_id or str(uuid.uuid4()), owner=owner, received_at=time.time() if at is None else at)
    return dataclasses.replace(article, job=job)


def link_seeds(
    linker: RedisStoryLinker, enriched: dict[str, Article], owner: str = "alice"
) -> dict[str, Story]:
    earlier = time.time() - 60  # in order, a minute ago
    return {
        key: linker(in_job(a, owner, f"{owner}-{key}", earlier + i))
        for i, (key, a) in enumerate(enriched.items())
    }


def test_the_seeds_on_one_event_share_a_story_the_others_do_not(
    linker: RedisStoryLinker, enriched: dict[str, Article], store: StoryStore
) -> None:
    stories = link_seeds(linker, enriched)
    assert stories["000"].id == stories["002"].id == stories["003"].id
    assert stories["001"].id != stories["000"].id and stories["004"].id != stories["000"].id
    assert all(s.duplicate_of is None and s.similarity is None for s in stories.values())
    assert [r.job_id for r in stories["003"].related] in (
        ["alice-000", "alice-002"],
        ["alice-002", "alice-000"],
    )
    assert all(0 < r.similarity <= 1 for r in stories["003"].related)
    listed = store.get("alice", stories["000"].id)
    assert listed is not None and listed["article_count"] == 3
    assert [a["job_id"] for a in listed["articles"]] == ["alice-000", "alice-002", "alice-003"]
    assert [a["outlet"] for a in listed["articles"]] == ["iNews.id", None, "Tribunnews.com"]


def test_a_seed_sent_again_is_a_copy_of_the_first(
    linker: RedisStoryLinker, enriched: dict[str, Article]
) -> None:
    stories = link_seeds(linker, enriched)
    again = linker(in_job(enriched["002"]))
    assert again.duplicate_of == "alice-002" and again.similarity == 1.0
    assert again.id == stories["002"].id
    assert again.related[0].job_id == "alice-002" and again.related[0].similarity > 0.95
    third = linker(in_job(enriched["002"]))
    assert third.duplicate_of == "alice-002"  # every copy names the original, not the latest copy


def test_a_retried_job_gets_its_first_answer_and_no_second_record(
    linker: RedisStoryLinker, enriched: dict[str, Article], store: StoryStore
) -> None:
    first = linker(in_job(enriched["000"], job_id="job-1"))
    again = linker(in_job(enriched["000"], job_id="job-1", at=time.time() + 60))
    assert again == first
    listed = store.get("alice", first.id)
    assert listed is not None and listed["article_count"] == 1 and len(listed["articles"]) == 1


def test_owners_never_see_each_other(
    linker: RedisStoryLinker,
    enriched: dict[str, Article],
    store: StoryStore,
    redis: Redis,
    options: StoryOptions,
) -> None:
    alice = link_seeds(linker, enriched, "alice")
    bob = linker(in_job(enriched["000"], "bob"))
    assert bob.duplicate_of is None and bob.related == [] and bob.id != alice["000"].id
    assert store.get("bob", alice["000"].id) is None
    assert store.get("alice", bob.id) is None
    keys = Keys(options.queue_name)
    for owner in ("alice", "bob"):
        # Every key of an owner carries its hash tag: one Redis Cluster slot per owner.
        tag = keys.story_owner(owner)
        assert tag.count("{") == 1 and owner not in tag
        assert redis.keys(tag.replace("{", "\\{").replace("}", "\\}") + "*")


def test_articles_outside_the_window_are_not_compared(
    linker: RedisStoryLinker, enriched: dict[str, Article]
) -> None:
    now = time.time()
    first = linker(in_job(enriched["000"], at=now))
    later = linker(in_job(enriched["000"], at=now + (linker.options.story_window_days + 1) * DAY))
    assert later.duplicate_of is None and later.id != first.id


def test_every_key_expires_a_day_after_the_window(
    linker: RedisStoryLinker, enriched: dict[str, Article], redis: Redis, options: StoryOptions
) -> None:
    link_seeds(linker, enriched)
    keys = redis.keys(f"enrich:{options.queue_name}:story:*")
    assert len(keys) >= 4  # bands, records, postings, stories
    limit = (options.story_window_days + 1) * DAY
    assert all(0 < redis.ttl(key) <= limit for key in keys)


def test_related_articles_linked_at_the_same_moment_open_one_story(
    options: StoryOptions, enriched: dict[str, Article]
) -> None:
    """Twelve workers finish articles about one event at once: one story, opened once. The
    linking script runs atomically in Redis; without that, several would find no story and open one."""
    articles = [enriched[key] for key in ("000", "002", "003")] * 4
    for attempt in range(5):
        owner = f"race-{attempt}"
        linkers = [RedisStoryLinker(options) for _ in articles]  # one connection each, as workers
        start = threading.Barrier(len(articles))
        results: list[Story | None] = [None] * len(articles)

        def work(
            i: int,
            start: threading.Barrier = start,
            results: list[Story | None] = results,
            linkers: list[RedisStoryLinker] = linkers,
            owner: str = owner,
        ) -> None:
            start.wait()
            results[i] = linkers[i](in_job(articles[i], owner))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(articles))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not any(thread.is_alive() for thread in threads)
        assert len({story.id for story in results if story is not None}) == 1, results
        assert sum(1 for story in results if story is not None) == len(articles)


def test_in_process_articles_are_stories_of_their_own(enriched: dict[str, Article]) -> None:
    # No job, no stream: nothing is linked and Redis is never asked (this URL answers nothing).
    linker = RedisStoryLinker(StoryOptions(redis_url="redis://127.0.0.1:9/0"))
    story = linker(enriched["000"])
    assert story.duplicate_of is None and story.related == [] and len(story.id) == 16
    assert linker(enriched["000"]).id != story.id


def test_the_story_stage_gets_the_queues_redis_and_its_own_window() -> None:
    settings = Settings.from_env(
        {
            "ENRICH_REDIS_URL": "redis://:hunter2hunter2@redis:6379/3",
            "ENRICH_QUEUE_NAME": "prod",
            "ENRICH_STORY_WINDOW_DAYS": "3",
        }
    )
    story = settings.pipeline.story
    assert (story.redis_url, story.queue_name, story.story_window_days) == (
        "redis://:hunter2hunter2@redis:6379/3",
        "prod",
        3,
    )
    assert "hunter2" not in repr(settings.pipeline)
    assert Settings.from_env({}).pipeline.story.story_window_days == 7
    with pytest.raises(ConfigError, match="ENRICH_STORY_WINDOW_DAYS"):
        Settings.from_env({"ENRICH_STORY_WINDOW_DAYS": "0"})


def test_a_frozen_centroid_stops_a_chain_of_articles_drifting_into_another_event(redis: Redis) -> None:
    """A is like B and B like C, but C nothing like A: with the centroid frozen at its first
    article (the shipped setting) C opens a story of its own; summed over every member, the
    centroid drifts and C is drawn in (the chains of product launches seen on IndoSum)."""
    vectors = [
        {"t:alpha": 0.8, "t:beta": 0.6},
        {"t:beta": 0.8, "t:gamma": 0.6},
        {"t:gamma": 0.8, "t:delta": 0.6},
    ]
    stories = {}
    for freeze in (1, 1000):
        index = StoryIndex(
            redis, Keys(f"test-{uuid.uuid4().hex[:8]}"), 7, LinkParams(freeze=freeze, link=0.2)
        )
        now = time.time()
        ids = []
        for i, vector in enumerate(vectors):
            article = ArticleSignature(
                job_id=f"job-{i}",
                received_at=now + i,
                signature=signatures.minhash(signatures.shingles(f"teks berbeda nomor {i} sama sekali")),
                vector=vector,
                entities=(),
                event_day=None,
            )
            ids.append(index.link("alice", article, uuid.uuid4().hex[:16]).story_id)
        stories[freeze] = ids
    assert LinkParams().freeze == 1
    assert stories[1][0] == stories[1][1] != stories[1][2]
    assert stories[1000][0] == stories[1000][1] == stories[1000][2]
