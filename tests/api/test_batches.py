"""POST /v1/batches and GET /v1/batches/{id} through the Flask app on a real Redis (no worker)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue

from service.app import create_app
from service.config import Settings

KEYS = "alice:alice-secret-1,bob:bob-secret-22"
WEBHOOK_SECRETS = "alice:alice-webhook-secret-0001"
ALICE = {"Authorization": "Bearer alice-secret-1"}
BOB = {"Authorization": "Bearer bob-secret-22"}
ARTICLE = {"text": "Presiden Joko Widodo meresmikan jalan tol baru di Semarang, Jawa Tengah, pada Senin."}


def make_client(settings: Settings, **overrides: Any) -> FlaskClient:
    config = Settings.from_env(
        {},
        redis_url=settings.queue.redis_url,
        queue_name=settings.queue.queue_name,
        api_keys=KEYS,
        webhook_secrets=WEBHOOK_SECRETS,
        **overrides,
    )
    return create_app(config).test_client()


@pytest.fixture
def client(settings: Settings) -> FlaskClient:
    return make_client(settings)


def articles(n: int) -> list[dict[str, Any]]:
    return [{"text": f"{ARTICLE['text']} Nomor {i}."} for i in range(n)]


def queued(redis: Redis, settings: Settings) -> int:
    return Queue(settings.queue.queue_name, connection=redis).count


def test_a_bad_item_is_reported_by_index_and_the_rest_are_jobs(client: FlaskClient) -> None:
    body = [ARTICLE, {"text": ""}, {"html": "<p>Halo dunia, ini berita.</p>", "title": "T"}, 7]
    reply = client.post("/v1/batches", json=body, headers=ALICE)
    assert reply.status_code == 202, reply.get_json()
    batch = reply.get_json()
    assert reply.headers["Location"] == f"/v1/batches/{batch['id']}"
    assert (batch["size"], batch["accepted"], batch["status"]) == (4, 2, "running")
    assert [r["index"] for r in batch["rejected"]] == [1, 3]
    assert "text" in batch["rejected"][0]["errors"] and "_schema" in batch["rejected"][1]["errors"]
    assert [item["index"] for item in batch["jobs"]] == [0, 2]
    assert batch["counts"] == {"queued": 2, "started": 0, "finished": 0, "failed": 0, "expired": 0}
    for item in batch["jobs"]:  # every accepted article is also a job of the same key
        job = client.get(f"/v1/jobs/{item['job_id']}", headers=ALICE)
        assert job.status_code == 200 and job.get_json()["status"] == item["status"] == "queued"
        assert client.get(f"/v1/jobs/{item['job_id']}", headers=BOB).status_code == 404
    assert client.get(reply.headers["Location"], headers=ALICE).get_json()["id"] == batch["id"]


def test_an_item_summary_length_is_checked_like_an_article(client: FlaskClient) -> None:
    body = [{**ARTICLE, "summary_chars": 300}, {**ARTICLE, "summary_chars": 5}]
    batch = client.post("/v1/batches", json=body, headers=ALICE).get_json()
    assert batch["accepted"] == 1 and [r["index"] for r in batch["rejected"]] == [1]
    assert "summary_chars" in batch["rejected"][0]["errors"]


def test_ndjson_lines_are_items_and_a_line_that_is_not_json_is_rejected_alone(client: FlaskClient) -> None:
    lines = [
        json.dumps(ARTICLE),
        "",
        "{not json",
        json.dumps({"text": "Berita kedua yang cukup panjang."}),
        "",
    ]
    reply = client.post(
        "/v1/batches", data="\n".join(lines).encode(), content_type="application/x-ndjson", headers=ALICE
    )
    assert reply.status_code == 202, reply.get_json()
    batch = reply.get_json()
    assert (batch["size"], batch["accepted"]) == (3, 2)  # blank lines are not items
    assert batch["rejected"] == [{"index": 1, "errors": {"_schema": ["this line is not valid JSON"]}}]


def test_limits_are_named_in_the_errors(settings: Settings) -> None:
    client = make_client(settings, max_batch_items=3, max_batch_bytes=2000, max_request_bytes=300)
    too_many = client.post("/v1/batches", json=articles(4), headers=ALICE)
    problem = too_many.get_json()
    assert too_many.status_code == 422 and problem["code"] == "too_many_articles"
    assert "at most 3 articles" in problem["detail"] and "ENRICH_MAX_BATCH_ITEMS" in problem["detail"]
    too_big = client.post("/v1/batches", json=[{"text": "x" * 3000}], headers=ALICE)
    assert too_big.status_code == 413 and too_big.headers["Content-Type"] == "application/problem+json"
    assert (
        "2000 bytes" in too_big.get_json()["detail"]
        and "ENRICH_MAX_BATCH_BYTES" in too_big.get_json()["detail"]
    )
    one_too_big = client.post("/v1/batches", json=[ARTICLE, {"text": "y" * 400}], headers=ALICE)
    assert one_too_big.status_code == 202  # one article over its own limit is rejected alone
    (rejected,) = one_too_big.get_json()["rejected"]
    assert rejected["index"] == 1 and "ENRICH_MAX_REQUEST_BYTES" in rejected["errors"]["_schema"][0]


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        (b"[]", "application/json", 422, "validation_failed"),
        (b'{"text": "x"}', "application/json", 422, "validation_failed"),
        (b"[{", "application/json", 400, "malformed_json"),
        (b"\n \n", "application/x-ndjson", 422, "validation_failed"),
        (b"[]", "text/plain", 415, "unsupported_media_type"),
    ],
)
def test_bodies_that_are_not_a_batch(
    client: FlaskClient, data: bytes, content_type: str, status: int, code: str
) -> None:
    reply = client.post("/v1/batches", data=data, content_type=content_type, headers=ALICE)
    assert (reply.status_code, reply.get_json()["code"]) == (status, code)


def test_pages_follow_the_request_order(client: FlaskClient) -> None:
    body = articles(5)
    body.insert(2, {"text": "   "})  # index 2 rejected: pages list indexes 0, 1, 3, 4, 5
    batch_id = client.post("/v1/batches", json=body, headers=ALICE).get_json()["id"]
    seen, cursor, pages = [], None, 0
    while True:
        query = "?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(f"/v1/batches/{batch_id}{query}", headers=ALICE).get_json()
        seen += [item["index"] for item in page["jobs"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [0, 1, 3, 4, 5] and pages == 3
    bad = client.get(f"/v1/batches/{batch_id}?cursor=abc", headers=ALICE)
    assert bad.status_code == 422 and "cursor" in bad.get_json()["errors"]
    assert client.get(f"/v1/batches/{batch_id}?limit=101", headers=ALICE).status_code == 422


def test_a_batch_is_visible_only_to_its_key(client: FlaskClient) -> None:
    batch_id = client.post("/v1/batches", json=articles(1), headers=ALICE).get_json()["id"]
    other = client.get(f"/v1/batches/{batch_id}", headers=BOB)
    assert other.status_code == 404 and other.get_json()["code"] == "not_found"
    assert client.get("/v1/batches/no-such-batch", headers=ALICE).status_code == 404
    assert client.get(f"/v1/batches/{batch_id}").status_code == 401


def test_idempotency_key_replays_the_same_batch(
    client: FlaskClient, redis: Redis, settings: Settings
) -> None:
    headers = {**ALICE, "Idempotency-Key": "cms-batch-1"}
    first = client.post("/v1/batches", json=articles(3), headers=headers)
    before = queued(redis, settings)
    again = client.post("/v1/batches", json=articles(3), headers=headers)
    assert again.status_code == 202 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == first.get_json()["id"] and queued(redis, settings) == before == 3
    assert again.headers["Location"] == first.headers["Location"]
    other_body = client.post("/v1/batches", json=articles(2), headers=headers)
    assert other_body.status_code == 409 and other_body.get_json()["code"] == "idempotency_key_reused"
    # Keys are per client: the same key from another client is another batch.
    bobs = client.post("/v1/batches", json=articles(3), headers={**BOB, "Idempotency-Key": "cms-batch-1"})
    assert bobs.status_code == 202 and bobs.get_json()["id"] != first.get_json()["id"]


def test_callback_urls_are_checked_at_submission(settings: Settings) -> None:
    client = make_client(settings, webhook_allow_networks="10.1.0.0/16")
    hook = "https://hooks.example.com/enrich"
    unsigned = client.post("/v1/articles", json={**ARTICLE, "callback_url": hook}, headers=BOB)
    assert unsigned.status_code == 422  # bob has no webhook secret: his webhooks could not be signed
    assert "ENRICH_WEBHOOK_SECRETS" in unsigned.get_json()["errors"]["callback_url"][0]
    for url, status in [
        ("ftp://hooks.example.com/x", 422),
        ("http://127.0.0.1:8080/hook", 422),
        ("http://[::ffff:169.254.169.254]/latest", 422),
        ("http://10.0.0.5/hook", 422),
        ("http://10.1.2.3/hook", 202),  # in a network the operator allows
        (hook, 202),
    ]:
        reply = client.post("/v1/articles", json={**ARTICLE, "callback_url": url}, headers=ALICE)
        assert reply.status_code == status, (url, reply.get_json())
        if status == 422:
            assert "callback_url" in reply.get_json()["errors"]
    batch_level = client.post(
        "/v1/batches?callback_url=http://192.168.1.1/x", json=articles(1), headers=ALICE
    )
    assert batch_level.status_code == 422 and "callback_url" in batch_level.get_json()["errors"]
    per_item = client.post(
        "/v1/batches", json=[ARTICLE, {**ARTICLE, "callback_url": "http://127.0.0.2/"}], headers=ALICE
    )
    assert per_item.status_code == 202
    assert [(r["index"], list(r["errors"])) for r in per_item.get_json()["rejected"]] == [
        (1, ["callback_url"])
    ]


def test_a_batch_with_every_article_rejected_ends_at_once(client: FlaskClient) -> None:
    reply = client.post(
        "/v1/batches?callback_url=https://hooks.example.com/b", json=[{"text": ""}], headers=ALICE
    )
    assert reply.status_code == 202
    batch = reply.get_json()
    assert (batch["accepted"], batch["status"]) == (0, "ended") and batch["ended_at"]
    (delivery,) = batch["deliveries"]  # its webhook is due at once; a worker sends it
    assert (delivery["event"], delivery["status"], delivery["attempts"]) == ("batch.ended", "pending", [])


def test_job_deliveries_are_owner_scoped(client: FlaskClient) -> None:
    job_id = client.post("/v1/articles", json=ARTICLE, headers=ALICE).get_json()["id"]
    assert client.get(f"/v1/jobs/{job_id}/deliveries", headers=ALICE).get_json() == {"deliveries": []}
    assert client.get(f"/v1/jobs/{job_id}/deliveries", headers=BOB).status_code == 404
    assert client.get("/v1/jobs/nope/deliveries", headers=ALICE).status_code == 404


def test_batches_share_the_keys_rate_limit(settings: Settings) -> None:
    client = make_client(settings, rate_limit_per_minute=2)
    statuses = [client.post("/v1/batches", json=articles(2), headers=ALICE).status_code for _ in range(2)]
    limited = client.get("/v1/batches/any", headers=ALICE)
    assert statuses == [202, 202] and limited.status_code == 429 and limited.headers["Retry-After"]
