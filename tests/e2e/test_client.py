"""The Python client against the real stack: enrich, idempotent replays, typed errors."""

from __future__ import annotations

import pytest

from service.client import (
    Article,
    EnrichClient,
    IdempotencyConflict,
    InvalidRequest,
    NotFound,
    Unauthorized,
)
from tests.e2e.conftest import Stack
from tests.e2e.http import TOKEN

pytestmark = pytest.mark.e2e


def test_enrich_a_seed(stack: Stack, seeds: dict[str, str]) -> None:
    with EnrichClient(stack.base_url, TOKEN) as client:
        job = client.enrich(Article(text=seeds["000"], summary_sentences=2), timeout_s=60)
    assert job.status == "finished" and job.result is not None
    people = {e["text"] for e in job.result["entities"] if e["type"] == "PERSON"}
    assert "Vladimir Putin" in people
    assert len(job.result["summary"]["sentences"]) == 2
    body = job.result["body"]
    for entity in job.result["entities"]:
        for mention in entity["mentions"]:
            assert body[mention["start"] : mention["end"]] == mention["text"]


def test_the_content_key_replays_the_same_job(stack: Stack, seeds: dict[str, str]) -> None:
    article = Article(text=seeds["001"], features=("language",))
    with EnrichClient(stack.base_url, TOKEN) as client:
        first = client.submit(article, idempotency_key=article.content_key())
        again = client.submit(article, idempotency_key=article.content_key())
        assert again.replayed and not first.replayed and again.job.id == first.job.id
        assert client.wait(first.job.id, timeout_s=60).result is not None
        changed = Article(text=seeds["001"], features=("sentiment",))
        with pytest.raises(IdempotencyConflict) as conflict:
            client.submit(changed, idempotency_key=article.content_key())
        assert conflict.value.code == "idempotency_key_reused"


def test_errors_carry_the_problem(stack: Stack) -> None:
    with EnrichClient(stack.base_url, TOKEN) as client:
        with pytest.raises(InvalidRequest) as invalid:
            client.submit(Article(text="x", extra={"colour": "red"}))
        assert invalid.value.status == 422 and invalid.value.code == "validation_failed"
        assert invalid.value.errors is not None and "colour" in invalid.value.errors
        with pytest.raises(NotFound) as missing:
            client.get_job("00000000-0000-4000-8000-000000000000")
        assert missing.value.code == "not_found" and missing.value.problem["status"] == 404
    with EnrichClient(stack.base_url, "not-a-key") as stranger, pytest.raises(Unauthorized) as refused:
        stranger.get_job("anything")
    assert refused.value.code == "unauthorized"


def test_a_batch_through_the_client(stack: Stack, seeds: dict[str, str]) -> None:
    articles = [Article(text=text, features=("language",)) for text in seeds.values()]
    articles.insert(1, Article(text="x", extra={"colour": "red"}))
    with EnrichClient(stack.base_url, TOKEN) as client:
        submission = client.submit_batch(articles, idempotency_key="e2e-client-batch")
        assert [r.index for r in submission.batch.rejected] == [1]
        batch = client.wait_batch(submission.batch.id, timeout_s=90, poll_s=0.2)
        assert batch.counts["finished"] == len(seeds)
        items = list(client.batch_items(batch.id, page_size=2))
        again = client.submit_batch(articles, idempotency_key="e2e-client-batch")
    assert [i.index for i in items] == [0, 2, 3, 4, 5]
    assert all(i.job is not None and i.job.result is not None for i in items)
    assert again.replayed and again.batch.id == batch.id
