"""GET /v1/stories/{id}: a story's articles, only ever to the key whose articles they are."""

from __future__ import annotations

import time
import uuid

from flask.testing import FlaskClient
from redis import Redis

from service.app import create_app
from service.config import Settings
from service.queue.keys import Keys
from service.stories import signatures
from service.stories.index import ArticleSignature, StoryIndex

BODY = "Presiden Rusia Vladimir Putin tiba di Pyongyang pada Rabu untuk bertemu Kim Jong Un, kata Kremlin."


def article(job_id: str, at: float, outlet: str | None = None) -> ArticleSignature:
    return ArticleSignature(
        job_id=job_id,
        received_at=at,
        signature=signatures.minhash(signatures.shingles(BODY)),
        vector={"t:pyongyang": 0.6, "e:vladimir putin": 0.8},
        entities=("vladimir putin",),
        event_day=None,
        title="Putin di Pyongyang",
        outlet=outlet,
        published_at="2024-06-19T02:00:00+07:00",
    )


def link(redis: Redis, queue_name: str, owner: str, job_id: str, at: float, outlet: str | None = None) -> str:
    index = StoryIndex(redis, Keys(queue_name), window_days=7)
    return index.link(owner, article(job_id, at, outlet), new_story_id=uuid.uuid4().hex[:16]).story_id


def test_a_story_lists_its_articles_oldest_first(
    client: FlaskClient, redis: Redis, settings: Settings
) -> None:
    now = time.time()
    story_id = link(redis, settings.queue.queue_name, "", "job-a", now - 120, "Antara")
    assert link(redis, settings.queue.queue_name, "", "job-b", now - 60) == story_id
    response = client.get(f"/v1/stories/{story_id}")
    assert response.status_code == 200
    story = response.get_json()
    assert story["id"] == story_id and story["article_count"] == 2
    assert story["first_seen"] < story["last_seen"] and story["first_seen"].endswith("Z")
    first, second = story["articles"]
    assert first == {
        "job_id": "job-a",
        "title": "Putin di Pyongyang",
        "outlet": "Antara",
        "published_at": "2024-06-19T02:00:00+07:00",
        "received_at": first["received_at"],
        "duplicate_of": None,
    }
    assert second["job_id"] == "job-b" and second["duplicate_of"] == "job-a"


def test_unknown_and_malformed_ids_are_not_found(client: FlaskClient) -> None:
    for story_id in ("0123456789abcdef", "not-a-story", "x" * 300):
        response = client.get(f"/v1/stories/{story_id}")
        assert response.status_code == 404
        assert response.get_json()["code"] == "not_found"


def test_another_keys_story_is_not_found(redis_url: str, redis: Redis) -> None:
    settings = Settings.from_env(
        {},
        redis_url=redis_url,
        queue_name=f"test-{uuid.uuid4().hex[:8]}",
        api_keys="alice:alice-secret-key,bob:bob-secret-key",
    )
    client = create_app(settings).test_client()
    story_id = link(redis, settings.queue.queue_name, "alice", "job-1", time.time())
    mine = client.get(f"/v1/stories/{story_id}", headers={"Authorization": "Bearer alice-secret-key"})
    theirs = client.get(f"/v1/stories/{story_id}", headers={"Authorization": "Bearer bob-secret-key"})
    assert mine.status_code == 200 and theirs.status_code == 404
    assert theirs.get_json()["detail"] == f"no story with id {story_id}"  # says nothing of alice
    assert client.get(f"/v1/stories/{story_id}").status_code == 401
