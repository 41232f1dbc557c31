"""Hostile and unlucky requests through the Flask app on a real Redis (issue 14's table, the rows
that need no gunicorn or worker; tests/e2e/test_hostile.py has the others)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from redis import Redis
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry
from rq.serializers import JSONSerializer

from service.app import create_app
from service.config import Settings
from service.pipeline.registry import REGISTRY
from service.queue import attempts
from service.queue.events import WaitSlots
from service.queue.failures import FailedIndex
from service.queue.keys import Keys
from tests import servers

ARTICLE = {"text": "Presiden Joko Widodo meresmikan jalan tol baru di Semarang pada Senin."}


def post(client: FlaskClient, body: object = ARTICLE, key: str | None = None) -> tuple[int, dict, dict]:
    headers = {"Idempotency-Key": key} if key else {}
    reply = client.post("/v1/articles", json=body, headers=headers)
    return reply.status_code, reply.get_json(), dict(reply.headers)


def fail(redis: Redis, settings: Settings, job_id: str, owner: str = "") -> None:
    """Mark a queued job failed, as a worker would (there is no worker in these tests)."""
    job = Job.fetch(job_id, connection=redis, serializer=JSONSerializer)
    with redis.pipeline() as pipe:
        job.set_status(JobStatus.FAILED, pipeline=pipe)
        FailedJobRegistry(settings.queue.queue_name, connection=redis).add(job, ttl=600, pipeline=pipe)
        pipe.lrem(f"rq:queue:{settings.queue.queue_name}", 0, job_id)
        pipe.hset(job.key, attempts.ERROR, json.dumps({"code": "enrichment_failed", "message": "x"}))
        pipe.execute()
    FailedIndex(redis, Keys(settings.queue.queue_name), 600).add(owner, job_id)


# --- row 1 and 20: Idempotency-Key claims and replays -------------------------------------------


def test_a_claim_whose_job_never_existed_is_taken_over(
    client: FlaskClient, redis: Redis, settings: Settings
) -> None:
    """What the old claim-then-enqueue left behind when a process died between the two."""
    import hashlib

    keys = Keys(settings.queue.queue_name)
    status, job, _ = post(client, key="lost-claim")
    claim_key = keys.idempotency("", hashlib.sha256(b"lost-claim").hexdigest())
    claim = json.loads(redis.get(claim_key))
    redis.set(claim_key, json.dumps({**claim, "job": "00000000-0000-4000-8000-000000000000"}))
    status, job, headers = post(client, key="lost-claim")
    assert status == 202 and "Idempotent-Replayed" not in headers
    assert client.get(f"/v1/jobs/{job['id']}").status_code == 200
    status, again, headers = post(client, key="lost-claim")
    assert headers["Idempotent-Replayed"] == "true" and again["id"] == job["id"]


def test_replay_of_an_expired_job_says_what_get_says(client: FlaskClient, redis: Redis) -> None:
    _, job, _ = post(client, key="expires")
    redis.delete(f"rq:job:{job['id']}")  # the result TTL ran out; the id is remembered (410)
    assert client.get(f"/v1/jobs/{job['id']}").status_code == 410
    reply = client.post("/v1/articles", json=ARTICLE, headers={"Idempotency-Key": "expires"})
    assert reply.status_code == 410 and reply.get_json()["code"] == "job_expired"


# --- row 7: Redis lost its data -----------------------------------------------------------------


def test_a_job_store_that_lost_its_data_says_so(tmp_path: Path) -> None:
    proc, url = servers.start_redis(tmp_path)
    try:
        settings = Settings.from_env({}, redis_url=url, auth="disabled")
        client = create_app(settings).test_client()
        _, job, _ = post(client, key="before-the-loss")
        Redis.from_url(url).flushall()  # what a restart without persistence leaves
        reply = client.get(f"/v1/jobs/{job['id']}")
        assert reply.status_code == 410 and reply.get_json()["code"] == "job_store_lost"
        status, replayed, headers = post(client, key="before-the-loss")
        assert status == 202 and replayed["id"] != job["id"]
        assert headers["Job-Store-Lost-At"]  # not silent: the key may have been used before
        # Another process that never saw the old store knows old ids by their epoch too.
        fresh = create_app(settings).test_client()
        assert fresh.get(f"/v1/jobs/{job['id']}").get_json()["code"] == "job_store_lost"
        assert fresh.get(f"/v1/jobs/{replayed['id']}").status_code == 200
        # A well-formed id no store ever issued is simply unknown.
        assert fresh.get(f"/v1/jobs/00000000{job['id'][8:]}").status_code == 404
    finally:
        servers.stop(proc)


def test_a_submission_without_a_key_notices_a_lost_store_in_its_own_round_trip(tmp_path: Path) -> None:
    """Without an Idempotency-Key a job is written with the epoch this process last saw, and the
    marker is read in the same transaction: the first job after a loss still carries the old
    epoch (as one accepted while Redis restarted always could), the loss is recorded at once, and
    later jobs carry the new epoch."""
    proc, url = servers.start_redis(tmp_path)
    try:
        redis = Redis.from_url(url)
        settings = Settings.from_env({}, redis_url=url, auth="disabled")
        client = create_app(settings).test_client()
        _, before, _ = post(client)
        redis.flushall()
        _, during, _ = post(client)
        assert during["id"][:8] == before["id"][:8]
        marker = json.loads(redis.get(Keys(settings.queue.queue_name).store()))
        assert marker["lost_at"] and marker["previous"] == [before["id"][:8]]
        _, after, _ = post(client)
        assert after["id"][:8] == marker["epoch"] != before["id"][:8]
        assert client.get(f"/v1/jobs/{during['id']}").status_code == 200  # it exists
        assert client.get(f"/v1/jobs/{before['id']}").get_json()["code"] == "job_store_lost"
    finally:
        servers.stop(proc)


# --- row 2: Redis full ----------------------------------------------------------------------------


def test_a_full_redis_answers_503_and_is_not_ready(tmp_path: Path) -> None:
    proc, url = servers.start_redis(
        tmp_path, None, False, "--maxmemory", "4mb", "--maxmemory-policy", "noeviction"
    )
    try:
        redis = Redis.from_url(url)
        client = create_app(Settings.from_env({}, redis_url=url, auth="disabled")).test_client()
        _, earlier, _ = post(client)
        with pytest.raises(Exception, match="maxmemory"):
            for i in range(10_000):
                redis.set(f"ballast:{i}", "x" * 1000)
        jobs_before, queued_before = len(redis.keys("rq:job:*")), redis.llen("rq:queue:enrich")
        for key in (None, "full-1"):
            reply = client.post("/v1/articles", json=ARTICLE, headers={"Idempotency-Key": key} if key else {})
            assert reply.status_code == 503 and reply.get_json()["code"] == "job_store_full"
            assert int(reply.headers["Retry-After"]) > 0
        # Nothing half-written: no job without its queue entry, no claim without its job.
        assert len(redis.keys("rq:job:*")) == jobs_before and redis.llen("rq:queue:enrich") == queued_before
        assert not redis.keys("enrich:enrich:idempotency:*")
        assert client.get("/readyz").status_code == 503
        assert client.get("/healthz").status_code == 200
        assert client.get(f"/v1/jobs/{earlier['id']}").status_code == 200  # reads still work
        redis.flushdb()
        assert client.get("/readyz").status_code == 200
        assert post(client, key="full-1")[0] == 202
    finally:
        servers.stop(proc)


def test_a_full_redis_still_checks_keys_and_blocked_addresses(tmp_path: Path) -> None:
    """A full Redis refuses the gate's script (it writes): keys are still checked and a blocked
    address still refused, from reads alone; what cannot be counted is let through."""
    proc, url = servers.start_redis(
        tmp_path, None, False, "--maxmemory", "4mb", "--maxmemory-policy", "noeviction"
    )
    try:
        redis = Redis.from_url(url)
        settings = Settings.from_env(
            {}, redis_url=url, auth="required", api_keys="good:good-secret-key", auth_failures_per_minute=2
        )
        client = create_app(settings).test_client()
        good = {"Authorization": "Bearer good-secret-key"}
        wrong = {"Authorization": "Bearer wrong-key-0000"}

        def fill() -> None:
            with pytest.raises(Exception, match="maxmemory"):
                for i in range(10_000):
                    redis.set(f"ballast:{i}", "x" * 1000)

        if time.time() % 60 > 50:  # failures are counted per minute: stay within one
            time.sleep(61 - time.time() % 60)
        fill()
        assert client.get("/v1/jobs?status=failed", headers=good).status_code == 200
        reply = client.post("/v1/articles", json=ARTICLE, headers=good)
        assert reply.status_code == 503 and reply.get_json()["code"] == "job_store_full"
        assert [client.get("/v1/jobs?status=failed", headers=wrong).status_code for _ in range(3)] == [
            401
        ] * 3
        redis.delete(*redis.keys("ballast:*"))
        assert [client.get("/v1/jobs?status=failed", headers=wrong).status_code for _ in range(2)] == [
            401
        ] * 2
        fill()
        assert client.get("/v1/jobs?status=failed", headers=good).status_code == 429  # blocked, read
    finally:
        servers.stop(proc)


# --- rows 8, 9, 10, 13: what the body may hold -----------------------------------------------------


def test_control_characters_and_lone_surrogates_are_normalised(
    client: FlaskClient, redis: Redis, settings: Settings
) -> None:
    raw = b'{"text": "Presiden\\u0000 Joko\\u0007 Widodo \\ud800 di Semarang.\\r\\ne\\u0301", "title": "a\\u0000b"}'
    reply = client.post("/v1/articles", data=raw, content_type="application/json")
    assert reply.status_code == 202, reply.get_json()
    job = Job.fetch(reply.get_json()["id"], connection=redis, serializer=JSONSerializer)
    (payload,) = job.args
    assert payload["text"] == "Presiden Joko Widodo \ufffd di Semarang.\n\u00e9"
    assert payload["title"] == "ab"
    assert post(client, {"text": "\u0000\u0001\u0002"})[0] == 422  # nothing left
    # The contract's maxLength holds for the title as sent, before control characters go.
    assert post(client, {**ARTICLE, "title": "\u000b" * 1001})[0] == 422


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deep_json_is_refused_before_parsing(client: FlaskClient, opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    raw = (opening * 100_000 + "1" + closing * 100_000).encode()
    reply = client.post("/v1/articles", data=raw, content_type="application/json")
    assert reply.status_code == 400
    problem = reply.get_json()
    assert problem["code"] == "json_too_deep" and "20 levels" in problem["detail"]


def test_validation_errors_are_capped(client: FlaskClient) -> None:
    status, problem, _ = post(client, {"text": "x", "features": ["nope"] * 100_000})
    limit = len(REGISTRY.features())  # each feature at most once
    assert status == 422 and problem["errors"] == {"features": [f"at most {limit} items, got 100000"]}
    status, problem, _ = post(client, {"text": "x", **{f"unknown{i}": 1 for i in range(5000)}})
    assert status == 422 and len(json.dumps(problem)) < 3000
    assert problem["errors"]["_truncated"] == ["4980 more messages not shown (the first 20 are)"]


@pytest.mark.parametrize(
    "field, value",
    [("summary_sentences", "3"), ("summary_sentences", 2.5), ("summary_sentences", True),
     ("summary_chars", "200"), ("summary_chars", 200.5), ("summary_chars", True), ("summary_chars", None),
     ("title", 5), ("language", ["id"]), ("published_at", 1718400000), ("features", "entities"),
     ("text", 5), ("url", 7)],
)  # fmt: skip
def test_types_are_strict(client: FlaskClient, field: str, value: object) -> None:
    body = {**ARTICLE, field: value} if field != "text" else {"text": value}
    status, problem, _ = post(client, body)
    assert status == 422 and field in problem["errors"], problem


def test_heavy_html_is_never_parsed_on_the_request_path(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row 6: 110,000 paragraphs take a worker a minute; the API only queues them."""
    import lxml.etree
    import lxml.html

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("HTML parsed by the API")

    monkeypatch.setattr(lxml.html, "fromstring", refuse)
    monkeypatch.setattr(lxml.html, "document_fromstring", refuse)
    monkeypatch.setattr(lxml.etree, "fromstring", refuse)
    status, job, _ = post(client, {"html": "<html><body>" + "<p>x</p>" * 110_000 + "</body></html>"})
    assert status == 202 and job["status"] == "queued"


# --- row 11: key guessing -------------------------------------------------------------------------


def test_failed_authentication_is_rate_limited_per_address(settings: Settings) -> None:
    app = create_app(
        Settings.from_env(
            {}, redis_url=settings.queue.redis_url, queue_name=settings.queue.queue_name,
            auth="required", api_keys="good:good-secret-key", auth_failures_per_minute=5,
        )
    )  # fmt: skip
    client = app.test_client()
    wrong = {"Authorization": "Bearer wrong-key-0000"}
    assert [client.get("/v1/jobs?status=failed", headers=wrong).status_code for _ in range(5)] == [401] * 5
    blocked = client.get("/v1/jobs?status=failed", headers=wrong)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    # The whole address waits, right key or not; other addresses do not.
    good = {"Authorization": "Bearer good-secret-key"}
    assert client.get("/v1/jobs?status=failed", headers=good).status_code == 429
    other = {"REMOTE_ADDR": "192.0.2.7"}
    assert client.get("/v1/jobs?status=failed", headers=good, environ_base=other).status_code == 200
    assert client.get("/healthz").status_code == 200  # probes stay open


def test_the_client_address_is_read_behind_trusted_proxies(settings: Settings) -> None:
    app = create_app(
        Settings.from_env(
            {}, redis_url=settings.queue.redis_url, queue_name=settings.queue.queue_name,
            auth="required", api_keys="good:good-secret-key", auth_failures_per_minute=2, proxy_hops=1,
        )
    )  # fmt: skip
    client = app.test_client()
    for address in ("198.51.100.1", "198.51.100.1", "198.51.100.2"):
        client.get("/v1/jobs?status=failed", headers={"X-Forwarded-For": address})
    assert (
        client.get("/v1/jobs?status=failed", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 429
    )
    assert (
        client.get("/v1/jobs?status=failed", headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 401
    )


# --- row 14: parallel retries -----------------------------------------------------------------------


def test_of_parallel_retries_exactly_one_queues_the_job(
    app: object, client: FlaskClient, redis: Redis, settings: Settings
) -> None:
    _, job, _ = post(client)
    fail(redis, settings, job["id"])
    statuses: list[int] = []

    def retry() -> None:
        statuses.append(app.test_client().post(f"/v1/jobs/{job['id']}/retry").status_code)  # type: ignore[attr-defined]

    threads = [threading.Thread(target=retry) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses) == [202] + [409] * 19
    assert redis.lrange(f"rq:queue:{settings.queue.queue_name}", 0, -1).count(job["id"].encode()) == 1
    assert client.get(f"/v1/jobs/{job['id']}").get_json()["status"] == "queued"
    assert client.post(f"/v1/jobs/{job['id']}/retry").get_json()["code"] == "job_not_failed"


# --- row 15: metric labels --------------------------------------------------------------------------


def test_unknown_methods_are_one_metric_label(client: FlaskClient) -> None:
    for i in range(50):
        client.open("/v1/articles", method=f"X{i}RANDOM")
    metrics = client.get("/metrics").get_data(as_text=True)
    assert "RANDOM" not in metrics and 'method="other"' in metrics


# --- row 16: failed jobs per owner -----------------------------------------------------------------


def test_failed_listing_reads_only_the_callers_index(
    client: FlaskClient, redis: Redis, settings: Settings
) -> None:
    _, mine, _ = post(client)
    fail(redis, settings, mine["id"])
    others = Keys(settings.queue.queue_name).failed("someone-else")
    redis.zadd(others, {f"{i:08x}-0000-4000-8000-000000000000": i for i in range(10_000)})
    listed = client.get("/v1/jobs?status=failed").get_json()["jobs"]
    assert [job["id"] for job in listed] == [mine["id"]] and listed[0]["error"]["code"] == "enrichment_failed"
    assert redis.zcard(others) == 10_000  # untouched: listing one key never walks another's


# --- waiting --------------------------------------------------------------------------------------


def test_a_wait_is_woken_by_the_jobs_end(client: FlaskClient, redis: Redis, settings: Settings) -> None:
    from service.queue.events import publish_ended

    _, job, _ = post(client)
    timer = threading.Timer(
        0.5,
        lambda: (
            fail(redis, settings, job["id"]),
            publish_ended(redis, Keys(settings.queue.queue_name), job["id"]),
        ),
    )
    timer.start()
    reply = client.get(f"/v1/jobs/{job['id']}?wait=20")
    timer.join()
    assert reply.get_json()["status"] == "failed"


def test_wait_slots_are_bounded_per_process_and_per_key() -> None:
    slots = WaitSlots(total=3, per_key=2)
    with slots.slot("a") as a1, slots.slot("a") as a2, slots.slot("a") as a3, slots.slot("b") as b1:
        assert (a1, a2, a3, b1) == (True, True, False, True)
        with slots.slot("c") as c1:
            assert c1 is False  # the process is full
    assert slots.used == 0


# --- row 5: fencing -------------------------------------------------------------------------------


def test_a_superseded_attempt_cannot_write(client: FlaskClient, redis: Redis) -> None:
    _, job, _ = post(client)
    key = f"rq:job:{job['id']}"
    first = attempts.begin(redis, key, job["id"])
    second = attempts.begin(redis, key, job["id"])
    assert first and second and (first.number, second.number) == (1, 2)
    second.write(attempts.STAGE, "entities")
    with pytest.raises(attempts.StaleAttempt):
        first.write(attempts.STAGE, "language")
    assert not first.is_current() and second.is_current()
    assert client.get(f"/v1/jobs/{job['id']}").get_json()["attempts"] == 2
    redis.delete(key)
    assert attempts.begin(redis, key, job["id"]) is None and not redis.exists(key)  # no stub
