"""Completion webhooks on the real stack: gunicorn takes the callback URL, the worker's delivery
threads POST the signed job or batch to a receiver on 127.0.0.1, retry a failing one, refuse a
private address, and every attempt shows through the API."""

from __future__ import annotations

import itertools
import json
import time
from datetime import datetime
from typing import Any

import pytest

from service.client.webhooks import verify_signature
from tests.e2e.conftest import Stack
from tests.e2e.http import OTHER_TOKEN, WEBHOOK_SECRET, request
from tests.receiver import Received, receiver

pytestmark = pytest.mark.e2e

ARTICLE = {
    "text": "Presiden Joko Widodo meresmikan jalan tol baru di Semarang, Jawa Tengah, pada Senin.",
    "features": ["entities"],
}


def submit(stack: Stack, callback_url: str, **fields: Any) -> str:
    reply = request(
        "POST", stack.base_url + "/v1/articles", {**ARTICLE, **fields, "callback_url": callback_url}
    )
    assert reply.status == 202, reply.body
    return str(reply.json()["id"])


def deliveries(stack: Stack, job_id: str, until: str, timeout: float = 30) -> list[dict[str, Any]]:
    """The job's deliveries once the first one is `until` (delivered or failed)."""
    deadline = time.monotonic() + timeout
    while True:
        reply = request("GET", f"{stack.base_url}/v1/jobs/{job_id}/deliveries")
        assert reply.status == 200, reply.body
        shown = reply.json()["deliveries"]
        if shown and shown[0]["status"] == until:
            return list(shown)
        if time.monotonic() > deadline:
            raise TimeoutError(f"deliveries of {job_id}: {shown}")
        time.sleep(0.1)


def verified(received: Received) -> dict[str, Any]:
    verify_signature(WEBHOOK_SECRET, received.headers["Enrich-Signature"], received.body)
    return dict(json.loads(received.body))


def test_a_finished_job_is_posted_signed_and_the_delivery_shows(stack: Stack) -> None:
    with receiver() as hook:
        job_id = submit(stack, hook.url)
        (got,) = hook.wait_for(1)
        job = verified(got)
        assert (job["id"], job["status"]) == (job_id, "finished")
        assert job["result"]["entities"]  # the whole job resource, result included
        assert got.headers["Enrich-Event"] == "job.finished"
        (shown,) = deliveries(stack, job_id, "delivered")
    assert shown["id"] == got.headers["Enrich-Delivery"] and shown["event"] == "job.finished"
    assert [a["status_code"] for a in shown["attempts"]] == [200] and shown["next_attempt_at"] is None
    assert job == request("GET", f"{stack.base_url}/v1/jobs/{job_id}").json()
    other = request("GET", f"{stack.base_url}/v1/jobs/{job_id}/deliveries", token=OTHER_TOKEN)
    assert other.status == 404


def test_a_failing_receiver_is_retried_with_backoff(stack: Stack) -> None:
    with receiver(statuses=[500, 503, 200]) as hook:
        job_id = submit(stack, hook.url)
        received = hook.wait_for(3)
        (shown,) = deliveries(stack, job_id, "delivered")
    assert len({r.body for r in received}) == 1  # every retry sends the same, signed anew
    assert len({r.headers["Enrich-Delivery"] for r in received}) == 1
    for got in received:
        verified(got)
    attempts = shown["attempts"]
    assert [a["status_code"] for a in attempts] == [500, 503, 200]
    assert attempts[0]["error"] == "the receiver answered 500" and attempts[2]["error"] is None
    times = [datetime.fromisoformat(a["at"]).timestamp() for a in attempts]
    assert all(later - earlier >= 0.9 for earlier, later in itertools.pairwise(times))


def test_a_receiver_that_never_answers_2xx_is_given_up_after_the_window(stack: Stack) -> None:
    with receiver(statuses=[500]) as hook:
        job_id = submit(stack, hook.url)
        (shown,) = deliveries(stack, job_id, "failed", timeout=30)
    # The stack retries every second for 4 s: the first attempt and about four more.
    assert 3 <= len(shown["attempts"]) <= 7 and shown["next_attempt_at"] is None
    assert len(hook.received) == len(shown["attempts"])


def test_private_addresses_are_refused(stack: Stack) -> None:
    for url in (
        "http://10.0.0.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::ffff:192.168.0.1]/",
    ):
        reply = request("POST", stack.base_url + "/v1/articles", {**ARTICLE, "callback_url": url})
        assert reply.status == 422 and "callback_url" in reply.json()["errors"], url
    # A name hides its address until it is resolved: "167772161" is 10.0.0.1 to the resolver.
    job_id = submit(stack, "http://167772161:9/hook")
    (shown,) = deliveries(stack, job_id, "failed")
    (attempt,) = shown["attempts"]  # refused for good: not retried
    assert attempt["status_code"] is None
    assert attempt["error"] == "refused: 167772161 resolves to 10.0.0.1, a private address"


def test_a_batch_posts_itself_when_its_last_job_ends(stack: Stack) -> None:
    with receiver() as batch_hook, receiver() as article_hook:
        body = [ARTICLE, {"text": ""}, {**ARTICLE, "callback_url": article_hook.url}, ARTICLE]
        reply = request("POST", f"{stack.base_url}/v1/batches?callback_url={batch_hook.url}", body)
        assert reply.status == 202, reply.body
        created = reply.json()
        (got,) = batch_hook.wait_for(1, timeout=60)
        (article_got,) = article_hook.wait_for(1)
    batch = verified(got)
    assert got.headers["Enrich-Event"] == "batch.ended"
    assert (batch["id"], batch["status"], batch["accepted"]) == (created["id"], "ended", 3)
    assert batch["counts"] == {"queued": 0, "started": 0, "finished": 3, "failed": 0, "expired": 0}
    assert [item["job"]["status"] for item in batch["jobs"]] == ["finished"] * 3
    assert verified(article_got)["id"] == created["jobs"][1]["job_id"]  # index 2's own webhook
    shown = request("GET", f"{stack.base_url}/v1/batches/{created['id']}").json()
    (delivery,) = shown["deliveries"]
    assert delivery["status"] == "delivered" and delivery["id"] == got.headers["Enrich-Delivery"]
