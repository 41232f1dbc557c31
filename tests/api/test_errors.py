"""Bad input gets a clear 4xx problem+json naming the field; nothing produces a 500."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from service.config import Settings

PROBLEM = "application/problem+json"


def post(client: FlaskClient, body: object, **kwargs: object):
    return client.post("/v1/articles", json=body, **kwargs)


def assert_problem(response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    problem = response.get_json()
    assert problem["status"] == status and problem["code"] == code
    assert problem["title"] and problem["detail"] and problem["type"].endswith(code)
    assert "Traceback" not in response.get_data(as_text=True)
    if field is not None:
        assert field in problem["errors"], problem
    return problem


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   \n\t "}, "text"),
        ({"text": "!!! ... ?? -- **"}, "text"),  # nothing to read: refused now, not failed later
        ({}, "text"),
        ({"text": "a", "html": "<p>a</p>"}, "html"),
        ({"text": "Berita", "features": ["entities", "horoscope"]}, "features"),
        ({"text": "Berita", "features": []}, "features"),
        ({"text": "Berita", "language": "Indonesian"}, "language"),
        ({"text": "Berita", "published_at": "yesterday"}, "published_at"),
        ({"text": "Berita", "published_at": "2024-06-15T02:02:00"}, "published_at"),  # no time zone
        ({"text": "Berita", "summary_sentences": 0}, "summary_sentences"),
        ({"text": "Berita", "summary_chars": 39}, "summary_chars"),  # below MIN_CHARS
        ({"text": "Berita", "summary_chars": 10_001}, "summary_chars"),  # above MAX_CHARS
        ({"text": "Berita", "summary_chars": -200}, "summary_chars"),
        ({"text": "Berita", "url": "not a url"}, "url"),
        ({"text": "Berita", "colour": "red"}, "colour"),
        ({"text": 42}, "text"),
    ],
)
def test_invalid_fields_are_named(client: FlaskClient, body: dict, field: str) -> None:
    assert_problem(post(client, body), 422, "validation_failed", field)


def test_malformed_json(client: FlaskClient) -> None:
    response = client.post("/v1/articles", data='{"text": "unterminated', content_type="application/json")
    assert_problem(response, 400, "malformed_json")


def test_json_that_is_not_an_object(client: FlaskClient) -> None:
    assert_problem(post(client, ["text"]), 422, "validation_failed", "_schema")


def test_wrong_content_type(client: FlaskClient) -> None:
    response = client.post(
        "/v1/articles", data="text=Berita", content_type="application/x-www-form-urlencoded"
    )
    problem = assert_problem(response, 415, "unsupported_media_type")
    assert "application/json" in problem["detail"]


def test_body_over_the_limit_states_the_limit(settings: Settings) -> None:
    from service.app import create_app

    client = create_app(
        Settings.from_env({}, redis_url=settings.queue.redis_url, max_request_bytes=2000, auth="disabled")
    ).test_client()
    response = client.post(
        "/v1/articles", data=json.dumps({"text": "x" * 5000}), content_type="application/json"
    )
    problem = assert_problem(response, 413, "payload_too_large")
    assert "2000" in problem["detail"]


def test_unknown_job_is_404(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/jobs/no-such-job"), 404, "not_found")


def test_bad_wait_is_named(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/jobs/x?wait=soon"), 422, "validation_failed", "wait")


def test_unknown_route_and_method(client: FlaskClient) -> None:
    assert_problem(client.get("/v2/nothing"), 404, "not_found")
    not_allowed = client.delete("/v1/articles")
    assert_problem(not_allowed, 405, "method_not_allowed")
    assert "POST" in not_allowed.headers["Allow"]


def test_redis_down_is_503_with_retry_after() -> None:
    from service.app import create_app
    from tests.servers import free_port

    down = Settings.from_env({}, redis_url=f"redis://127.0.0.1:{free_port()}/0", auth="disabled")
    client = create_app(down).test_client()
    response = post(
        client, {"text": "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada Senin."}
    )
    assert_problem(response, 503, "service_unavailable")
    assert response.headers["Retry-After"].isdigit()
    assert_problem(client.get("/readyz"), 503, "service_unavailable")
    assert client.get("/healthz").status_code == 200
