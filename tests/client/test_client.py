"""EnrichClient over real HTTP against a scripted server: retries, Retry-After, typed errors, waits."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from service.client import (
    ApiProblem,
    Article,
    ConnectionFailed,
    EnrichClient,
    IdempotencyConflict,
    InvalidRequest,
    JobExpired,
    RateLimited,
    RetryPolicy,
    ServerError,
    ServiceUnavailable,
    Unauthorized,
    WaitTimedOut,
)
from service.client.retry import parse_retry_after
from tests import servers
from tests.client.fake_api import Reply, fake_api, problem

ARTICLE = Article(text="Presiden Joko Widodo meresmikan jalan tol baru di Semarang pada Senin.")
QUEUED = {"id": "job-1", "status": "queued"}
ACCEPTED = Reply(202, QUEUED, {"Location": "/v1/jobs/job-1"})


def recording_policy(max_retries: int = 6) -> tuple[RetryPolicy, list[float]]:
    delays: list[float] = []
    return RetryPolicy(max_retries=max_retries, sleep=delays.append), delays


def test_503_is_retried_after_its_retry_after() -> None:
    unavailable = Reply(503, problem(503, "service_unavailable", "redis down"), {"Retry-After": "1"})
    with fake_api([unavailable, ACCEPTED]) as (url, seen), EnrichClient(url, "k-1") as client:
        started = time.monotonic()
        submission = client.submit(ARTICLE, idempotency_key=ARTICLE.content_key())
        elapsed = time.monotonic() - started
    assert submission.job.id == "job-1" and submission.location == "/v1/jobs/job-1"
    assert not submission.replayed
    assert elapsed >= 1.0, "the retry came before Retry-After"
    assert [s.method for s in seen] == ["POST", "POST"]
    # The same request both times: same key, same body, the API key on each.
    assert {s.headers["Idempotency-Key"] for s in seen} == {ARTICLE.content_key()}
    assert {s.headers["Authorization"] for s in seen} == {"Bearer k-1"}
    assert json.loads(seen[0].body) == json.loads(seen[1].body) == ARTICLE.to_payload()


def test_429_retries_are_bounded_and_end_in_a_typed_error() -> None:
    limited = Reply(429, problem(429, "rate_limited", "more than 600 requests"), {"Retry-After": "7"})
    policy, delays = recording_policy(max_retries=2)
    with fake_api([limited]) as (url, seen), EnrichClient(url, "k", retry=policy) as client:
        with pytest.raises(RateLimited) as caught:
            client.get_job("job-1")
    assert delays == [7.0, 7.0] and len(seen) == 3
    assert caught.value.code == "rate_limited" and caught.value.retry_after == 7.0
    assert caught.value.detail == "more than 600 requests" and caught.value.status == 429


def test_a_long_retry_after_is_capped() -> None:
    limited = Reply(503, problem(503, "service_unavailable", "x"), {"Retry-After": "3600"})
    policy, delays = recording_policy(max_retries=1)
    with fake_api([limited, Reply(200, QUEUED)]) as (url, _), EnrichClient(url, retry=policy) as client:
        assert client.get_job("job-1").status == "queued"
    assert delays == [policy.max_delay_s]


def test_retry_after_as_seconds_or_http_date() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now) == 30.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (422, "validation_failed", InvalidRequest),
        (415, "unsupported_media_type", InvalidRequest),
        (401, "unauthorized", Unauthorized),
        (409, "idempotency_key_reused", IdempotencyConflict),
        (410, "job_expired", JobExpired),
    ],
)
def test_problems_become_typed_errors(status: int, code: str, kind: type[ApiProblem]) -> None:
    fields = {"text": ["Missing data for required field."]}
    body = problem(status, code, "what went wrong", errors=fields)
    policy, delays = recording_policy()
    with fake_api([Reply(status, body, content_type="application/problem+json")]) as (url, seen):
        with EnrichClient(url, retry=policy) as client, pytest.raises(kind) as caught:
            client.submit(ARTICLE)
    assert caught.value.code == code and caught.value.status == status
    assert caught.value.detail == "what went wrong" and caught.value.errors == fields
    assert caught.value.problem == body
    assert len(seen) == 1 and delays == []  # sending it again cannot help: not retried


def test_a_proxy_error_page_is_a_server_error() -> None:
    page = Reply(502, b"<html>Bad Gateway</html>", content_type="text/html")
    with fake_api([page]) as (url, _), EnrichClient(url) as client, pytest.raises(ServerError) as caught:
        client.get_job("job-1")
    assert caught.value.code == "http_502" and "Bad Gateway" in caught.value.detail


def test_503_without_retries_left_is_service_unavailable() -> None:
    down = Reply(
        503, problem(503, "service_unavailable", "the job store is unreachable"), {"Retry-After": "5"}
    )
    policy, _ = recording_policy(max_retries=0)
    with fake_api([down]) as (url, _), EnrichClient(url, retry=policy) as client:
        with pytest.raises(ServiceUnavailable) as caught:
            client.get_job("job-1")
    assert caught.value.retry_after == 5.0


def test_network_failures_are_retried_only_when_repeating_is_safe() -> None:
    closed = f"http://127.0.0.1:{servers.free_port()}"  # nothing listens there
    policy, delays = recording_policy(max_retries=3)
    with EnrichClient(closed, retry=policy) as client:
        with pytest.raises(ConnectionFailed, match=r"POST .*/v1/articles"):
            client.submit(ARTICLE)  # no Idempotency-Key: a repeat might create a second job
        assert delays == []
        with pytest.raises(ConnectionFailed):
            client.submit(ARTICLE, idempotency_key="k")
        assert delays == [1.0, 2.0, 4.0]
        with pytest.raises(ConnectionFailed, match="healthz"):
            client.check()


def test_wait_asks_the_server_to_hold_and_returns_the_ended_job() -> None:
    started = {"id": "job-1", "status": "started", "stage": "entities"}
    finished = {"id": "job-1", "status": "finished", "attempts": 1, "result": {"body": "x", "future": 1}}
    with fake_api([Reply(200, started), Reply(200, finished)]) as (url, seen), EnrichClient(url) as client:
        job = client.wait("job-1", timeout_s=100)
    assert job.status == "finished" and job.done and job.result == {"body": "x", "future": 1}
    assert [s.path for s in seen] == ["/v1/jobs/job-1?wait=30"] * 2  # capped at the API's 30 s


def test_wait_gives_up_with_the_last_state() -> None:
    started = {"id": "job-1", "status": "started", "stage": "summary"}
    with fake_api([Reply(200, started)]) as (url, seen), EnrichClient(url) as client:
        with pytest.raises(WaitTimedOut) as caught:
            client.wait("job-1", timeout_s=0)
    assert caught.value.job.status == "started" and caught.value.job.stage == "summary"
    assert len(seen) == 1


def test_a_failed_job_carries_its_error() -> None:
    failed = {"id": "job-1", "status": "failed", "error": {"code": "enrichment_failed", "message": "boom"}}
    with fake_api([ACCEPTED, Reply(200, failed)]) as (url, _), EnrichClient(url) as client:
        job = client.enrich(ARTICLE)
    assert job.status == "failed" and job.error is not None and job.error.code == "enrichment_failed"


def test_article_payload_and_content_key() -> None:
    assert ARTICLE.to_payload() == {"text": ARTICLE.text}
    with_options = Article(
        text=ARTICLE.text, features=("entities",), summary_sentences=2, summary_chars=300, extra={"x": 1}
    )
    assert with_options.to_payload() == {
        "x": 1, "text": ARTICLE.text, "summary_sentences": 2, "summary_chars": 300, "features": ["entities"]
    }  # fmt: skip
    assert Article(text=ARTICLE.text).content_key() == ARTICLE.content_key()
    assert with_options.content_key() != ARTICLE.content_key()  # other options: another request
    assert ARTICLE.content_key().startswith("sha256-") and len(ARTICLE.content_key()) <= 255
    with pytest.raises(ValueError, match="exactly one"):
        Article(text="a", html="<p>a</p>")
    with pytest.raises(ValueError, match="exactly one"):
        Article()


BATCH = {
    "id": "batch-1",
    "status": "running",
    "size": 2,
    "accepted": 1,
    "rejected": [{"index": 1, "errors": {"text": ["must contain more than whitespace"]}}],
    "counts": {"queued": 1, "started": 0, "finished": 0, "failed": 0, "expired": 0},
    "jobs": [{"index": 0, "job_id": "job-1", "status": "queued", "job": QUEUED}],
    "next_cursor": None,
    "deliveries": [],
}


def test_submit_batch_sends_an_array_and_reads_rejections() -> None:
    accepted = Reply(202, BATCH, {"Location": "/v1/batches/batch-1", "Idempotent-Replayed": "true"})
    with fake_api([accepted]) as (url, seen), EnrichClient(url, "k-1") as client:
        submission = client.submit_batch(
            [ARTICLE, Article(text=" ", callback_url="https://hooks.example/a")],
            callback_url="https://hooks.example/b",
            idempotency_key="batch-key",
        )
    (sent,) = seen
    assert sent.path == "/v1/batches?callback_url=https%3A%2F%2Fhooks.example%2Fb"
    assert sent.headers["Idempotency-Key"] == "batch-key"
    body = json.loads(sent.body)
    assert body[0] == {"text": ARTICLE.text} and body[1]["callback_url"] == "https://hooks.example/a"
    batch = submission.batch
    assert submission.replayed and submission.location == "/v1/batches/batch-1" and not batch.done
    assert [(r.index, list(r.errors)) for r in batch.rejected] == [(1, ["text"])]
    (item,) = batch.items
    assert (item.index, item.job_id, item.job.status if item.job else None) == (0, "job-1", "queued")


def test_batch_items_follows_the_cursor() -> None:
    first = {**BATCH, "status": "ended", "next_cursor": "1"}
    second = {
        **BATCH,
        "status": "ended",
        "jobs": [{"index": 2, "job_id": "job-3", "status": "expired", "job": None}],
    }
    with fake_api([Reply(200, first), Reply(200, second)]) as (url, seen), EnrichClient(url, "k-1") as client:
        items = list(client.batch_items("batch-1", page_size=1))
    assert [s.path for s in seen] == ["/v1/batches/batch-1?limit=1", "/v1/batches/batch-1?cursor=1&limit=1"]
    assert [(i.index, i.job) for i in items] == [(0, items[0].job), (2, None)]
