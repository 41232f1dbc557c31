"""Submitting and reading jobs through the Flask app on a real Redis (no worker here)."""

from __future__ import annotations

from flask.testing import FlaskClient
from redis import Redis

from service.config import Settings
from service.pipeline.document import ArticleRequest

ARTICLE = {
    "text": "Presiden Joko Widodo meresmikan jalan tol baru di Semarang, Jawa Tengah, pada Senin.\nBaca Juga: X",
    "title": "Tol baru",
    "url": "https://example.com/berita/1",
    "published_at": "2024-06-15T02:02:00+07:00",
    "features": ["entities"],
}


def test_submit_answers_202_with_location(client: FlaskClient) -> None:
    response = client.post("/v1/articles", json=ARTICLE)
    assert response.status_code == 202
    job = response.get_json()
    assert job["status"] == "queued" and job["id"]
    assert response.headers["Location"] == f"/v1/jobs/{job['id']}"
    queued = client.get(response.headers["Location"]).get_json()
    assert queued["status"] == "queued" and queued["result"] is None and queued["error"] is None


def test_the_queued_payload_is_the_json_request(
    client: FlaskClient, redis: Redis, settings: Settings
) -> None:
    from rq import Queue
    from rq.serializers import JSONSerializer

    job_id = client.post("/v1/articles", json=ARTICLE).get_json()["id"]
    job = Queue(settings.queue.queue_name, connection=redis, serializer=JSONSerializer).fetch_job(job_id)
    (payload,) = job.args
    # The API does not clean the body: the worker's boilerplate stage owns it.
    assert payload["text"] == ARTICLE["text"] and payload["html"] is None
    assert payload["published_at"] == "2024-06-15T02:02:00+07:00"
    assert payload["features"] == ["entities"] and payload["title"] == "Tol baru"
    assert ArticleRequest.from_json(payload).features == ("entities",)
    assert payload["summary_chars"] is None  # not sent: the summary stage's defaults apply


def test_summary_length_fields_travel_to_the_worker(
    client: FlaskClient, redis: Redis, settings: Settings
) -> None:
    from rq import Queue
    from rq.serializers import JSONSerializer

    body = {**ARTICLE, "summary_chars": 280, "summary_sentences": 2}
    job_id = client.post("/v1/articles", json=body).get_json()["id"]
    job = Queue(settings.queue.queue_name, connection=redis, serializer=JSONSerializer).fetch_job(job_id)
    request = ArticleRequest.from_json(job.args[0])
    assert (request.summary_chars, request.summary_sentences) == (280, 2)


def test_expired_job_says_so(client: FlaskClient, redis: Redis) -> None:
    job_id = client.post("/v1/articles", json=ARTICLE).get_json()["id"]
    redis.delete(f"rq:job:{job_id}")  # what Redis does when the result TTL runs out
    response = client.get(f"/v1/jobs/{job_id}")
    assert response.status_code == 410
    assert "expired" in response.get_json()["detail"]


def test_wait_is_bounded_and_returns_the_job(client: FlaskClient) -> None:
    import time

    job_id = client.post("/v1/articles", json=ARTICLE).get_json()["id"]
    started = time.monotonic()
    response = client.get(f"/v1/jobs/{job_id}?wait=0.3")
    assert response.status_code == 200 and response.get_json()["status"] == "queued"
    assert 0.25 <= time.monotonic() - started < 5
