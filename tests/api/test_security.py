"""API keys, per-key rate limits, job ownership, idempotency and security headers."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from service.app import create_app
from service.config import ConfigError, Settings

KEYS = "alice:alice-secret-1,bob:bob-secret-22"
ARTICLE = {"text": "Presiden Joko Widodo meresmikan jalan tol baru di Semarang, Jawa Tengah, pada Senin."}


@pytest.fixture
def secured(settings: Settings) -> FlaskClient:
    config = Settings.from_env(
        {},
        redis_url=settings.queue.redis_url,
        queue_name=settings.queue.queue_name,
        api_keys=KEYS,
        rate_limit_per_minute=5,
    )
    return create_app(config).test_client()


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_keys_are_required(secured: FlaskClient) -> None:
    missing = secured.post("/v1/articles", json=ARTICLE)
    assert missing.status_code == 401 and missing.get_json()["code"] == "unauthorized"
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = secured.post("/v1/articles", json=ARTICLE, headers=bearer("alice-secret-2"))
    assert wrong.status_code == 401
    assert secured.post("/v1/articles", json=ARTICLE, headers=bearer("alice-secret-1")).status_code == 202


def test_probes_and_contract_need_no_key(secured: FlaskClient) -> None:
    assert secured.get("/healthz").status_code == 200
    assert secured.get("/readyz").status_code == 200
    assert secured.get("/openapi.yaml").status_code == 200
    assert secured.get("/openapi.json").get_json()["openapi"] == "3.1.0"
    assert secured.get("/docs").status_code == 200 and secured.get("/docs/docs.js").status_code == 200


def test_a_job_is_visible_only_to_its_key(secured: FlaskClient) -> None:
    location = secured.post("/v1/articles", json=ARTICLE, headers=bearer("alice-secret-1")).headers[
        "Location"
    ]
    assert secured.get(location, headers=bearer("alice-secret-1")).status_code == 200
    other = secured.get(location, headers=bearer("bob-secret-22"))
    assert other.status_code == 404 and other.get_json()["code"] == "not_found"


def test_rate_limit_per_key(secured: FlaskClient) -> None:
    for _ in range(5):
        assert secured.get("/v1/jobs/x", headers=bearer("alice-secret-1")).status_code == 404
    limited = secured.get("/v1/jobs/x", headers=bearer("alice-secret-1"))
    assert limited.status_code == 429 and limited.get_json()["code"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert secured.get("/v1/jobs/x", headers=bearer("bob-secret-22")).status_code == 404  # bob has his own


def test_idempotency_key_returns_the_same_job(client: FlaskClient) -> None:
    first = client.post("/v1/articles", json=ARTICLE, headers={"Idempotency-Key": "order-42"})
    again = client.post("/v1/articles", json=ARTICLE, headers={"Idempotency-Key": "order-42"})
    assert first.status_code == again.status_code == 202
    assert first.get_json()["id"] == again.get_json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    other = client.post("/v1/articles", json=ARTICLE, headers={"Idempotency-Key": "order-43"})
    assert other.get_json()["id"] != first.get_json()["id"]


def test_idempotency_key_reused_for_another_article(client: FlaskClient) -> None:
    client.post("/v1/articles", json=ARTICLE, headers={"Idempotency-Key": "k1"})
    clash = client.post(
        "/v1/articles", json={"text": ARTICLE["text"] + " Lagi."}, headers={"Idempotency-Key": "k1"}
    )
    assert clash.status_code == 409 and clash.get_json()["code"] == "idempotency_key_reused"


def test_security_headers(client: FlaskClient) -> None:
    for response in (client.get("/healthz"), client.post("/v1/articles", json={})):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_auth_required_without_keys_refuses_to_start(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="ENRICH_API_KEYS"):
        create_app(Settings.from_env({}, redis_url=settings.queue.redis_url))


def test_html_is_never_fetched_nor_expanded(client: FlaskClient) -> None:
    html = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<html><body><article><p>Presiden Joko Widodo meresmikan jalan tol baru di Semarang pada Senin pagi. &xxe;</p>"
        '<img src="http://127.0.0.1:9/track.png"></article></body></html>'
    )
    response = client.post("/v1/articles", json={"html": html})
    assert response.status_code in (202, 422)
    assert b"root:" not in response.data
