"""Request ids and Prometheus metrics on the Flask app (real Redis, no worker)."""

from __future__ import annotations

from flask.testing import FlaskClient

ARTICLE = {"text": "Presiden Joko Widodo meresmikan jalan tol baru di Semarang, Jawa Tengah, pada Senin."}


def test_request_id_is_echoed_or_made(client: FlaskClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"}).headers["X-Request-ID"]
    assert len(made) == 32 and " " not in made


def test_metrics_count_requests_and_queue(client: FlaskClient) -> None:
    client.post("/v1/articles", json=ARTICLE)
    client.post("/v1/articles", json={"text": ""})
    text = client.get("/metrics").get_data(as_text=True)
    assert 'enrich_http_requests_total{method="POST",route="/v1/articles",status="202"}' in text
    assert 'enrich_http_requests_total{method="POST",route="/v1/articles",status="422"}' in text
    assert "enrich_http_request_seconds_bucket" in text
    depth = [line for line in text.splitlines() if line.startswith("enrich_queue_depth{")]
    assert depth and float(depth[0].split()[-1]) >= 1
