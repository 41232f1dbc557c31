"""POST /v1/articles with a valid key and no Idempotency-Key is counted against the key's rate
limit by the script that writes its job (service.queue.submission), not by the gate before the
view: the same answers as before, with one round trip to Redis instead of two.

Two apps on one Redis stand for two API processes: the first uses up a key's requests, the second
has not seen the key near its limit, so its POSTs are counted by the submission script.
"""

from __future__ import annotations

import time

import pytest
from flask.testing import FlaskClient
from redis import Redis
from rq.job import Job

from service.app import create_app
from service.config import Settings
from service.queue.keys import Keys
from service.queue.ratelimit import WINDOW_S

ALICE = {"Authorization": "Bearer alice-secret-1"}
WRONG = {"Authorization": "Bearer not-a-key-000"}
ARTICLE = {"text": "Presiden Joko Widodo meresmikan jalan tol baru di Semarang, Jawa Tengah, pada Senin."}


def process(settings: Settings, limit: int, failures: int = 30) -> FlaskClient:
    config = Settings.from_env(
        {},
        redis_url=settings.queue.redis_url,
        queue_name=settings.queue.queue_name,
        api_keys="alice:alice-secret-1",
        rate_limit_per_minute=limit,
        auth_failures_per_minute=failures,
    )
    return create_app(config).test_client()


@pytest.fixture(autouse=True)
def one_window() -> None:
    """Requests are counted per minute: keep each test within one."""
    if time.time() % WINDOW_S > WINDOW_S - 10:
        time.sleep(WINDOW_S + 1 - time.time() % WINDOW_S)


def written(redis: Redis, settings: Settings) -> tuple[int, int]:
    """Job hashes and queue entries in Redis."""
    queue = f"rq:queue:{settings.queue.queue_name}"
    return len(redis.keys(Job.key_for("*"))), int(redis.llen(queue))  # type: ignore[arg-type]


def count_of(redis: Redis, settings: Settings, client: str) -> int:
    key = Keys(settings.queue.queue_name).rate(client, int(time.time() // WINDOW_S))
    return int(redis.get(key) or 0)  # type: ignore[arg-type]


def test_each_submission_is_counted_once(settings: Settings, redis: Redis) -> None:
    api = process(settings, limit=100)
    for _ in range(3):
        reply = api.post("/v1/articles", json=ARTICLE, headers=ALICE)
        assert reply.status_code == 202
        job_id = reply.get_json()["id"]
        assert api.get(f"/v1/jobs/{job_id}", headers=ALICE).get_json()["status"] == "queued"
    assert count_of(redis, settings, "alice") == 6  # three POSTs, three GETs
    # An invalid body is counted as well, as it was when the gate ran before the view.
    assert api.post("/v1/articles", json={"text": ""}, headers=ALICE).status_code == 422
    assert count_of(redis, settings, "alice") == 7


def test_a_submission_is_one_round_trip(settings: Settings, redis: Redis) -> None:
    api = process(settings, limit=100)
    assert api.post("/v1/articles", json=ARTICLE, headers=ALICE).status_code == 202  # warm
    before = redis.info("commandstats")
    assert api.post("/v1/articles", json=ARTICLE, headers=ALICE).status_code == 202
    after = redis.info("commandstats")

    def calls(command: str) -> int:
        return int(after.get(f"cmdstat_{command}", {}).get("calls", 0)) - int(
            before.get(f"cmdstat_{command}", {}).get("calls", 0)
        )

    # The script's commands (the count, the job, the marker) are counted inside one EVALSHA.
    assert (calls("evalsha"), calls("multi"), calls("exec")) == (1, 0, 0)
    assert (calls("incr"), calls("hset"), calls("rpush")) == (1, 1, 1)


def test_a_key_past_its_limit_is_refused_and_nothing_is_written(settings: Settings, redis: Redis) -> None:
    first, second = process(settings, limit=4), process(settings, limit=4)
    assert second.post("/v1/articles", json=ARTICLE, headers=ALICE).status_code == 202
    for _ in range(3):
        assert first.get("/v1/jobs/x", headers=ALICE).status_code == 404
    before = written(redis, settings)
    refused = second.post("/v1/articles", json=ARTICLE, headers=ALICE)
    assert refused.status_code == 429 and refused.get_json()["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= WINDOW_S
    assert "4 requests per minute" in refused.get_json()["detail"]
    assert written(redis, settings) == before
    assert count_of(redis, settings, "alice") == 5
    # The second process now counts this key before reading a body: refused alike, counted once.
    assert second.post("/v1/articles", json=ARTICLE, headers=ALICE).status_code == 429
    assert written(redis, settings) == before and count_of(redis, settings, "alice") == 6


def test_a_limited_key_gets_429_before_its_body_is_judged(settings: Settings, redis: Redis) -> None:
    first, second = process(settings, limit=2), process(settings, limit=2)
    for _ in range(2):
        assert first.get("/v1/jobs/x", headers=ALICE).status_code == 404
    for body in ({"text": ""}, {"text": "Berita", "callback_url": "http://192.168.1.1/hook"}):
        other = process(settings, limit=2)  # a process that has not seen the key busy
        reply = other.post("/v1/articles", json=body, headers=ALICE)
        assert reply.status_code == 429 and reply.get_json()["code"] == "rate_limited"
    malformed = process(settings, limit=2).post(
        "/v1/articles", data='{"text": "unterminated', content_type="application/json", headers=ALICE
    )
    assert malformed.status_code == 429
    assert count_of(redis, settings, "alice") == 5
    assert second.get("/v1/jobs/x", headers=ALICE).status_code == 429


def test_a_blocked_address_is_refused_even_with_a_valid_key(settings: Settings, redis: Redis) -> None:
    guesser, api = process(settings, limit=100, failures=2), process(settings, limit=100, failures=2)
    assert [guesser.get("/v1/jobs/x", headers=WRONG).status_code for _ in range(2)] == [401, 401]
    before = written(redis, settings)
    blocked = api.post("/v1/articles", json=ARTICLE, headers=ALICE)
    assert blocked.status_code == 429 and "failed authentications" in blocked.get_json()["detail"]
    assert written(redis, settings) == before
    assert count_of(redis, settings, "alice") == 0  # a blocked address's key is not counted


def test_idempotent_submissions_are_counted_by_the_gate(settings: Settings, redis: Redis) -> None:
    api = process(settings, limit=100)
    headers = {**ALICE, "Idempotency-Key": "order-1"}
    first = api.post("/v1/articles", json=ARTICLE, headers=headers)
    again = api.post("/v1/articles", json=ARTICLE, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.get_json()["id"] == again.get_json()["id"]
    assert count_of(redis, settings, "alice") == 2
