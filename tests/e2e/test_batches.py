"""Batches on the real stack: NDJSON and JSON bodies through gunicorn, a worker finishes each job,
the batch counts them and pages through them in request order; another key sees nothing."""

from __future__ import annotations

import http.client
import json
import time
from typing import Any

import pytest

from tests.e2e.conftest import Stack
from tests.e2e.http import OTHER_TOKEN, TOKEN, request

pytestmark = pytest.mark.e2e


def ended(stack: Stack, batch_id: str, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        batch = request("GET", f"{stack.base_url}/v1/batches/{batch_id}").json()
        if batch["status"] == "ended" or time.monotonic() > deadline:
            return dict(batch)
        time.sleep(0.2)


def test_an_ndjson_batch_is_enriched_and_paged_in_order(stack: Stack, seeds: dict[str, str]) -> None:
    lines = [json.dumps({"text": text, "features": ["language"]}) for text in seeds.values()]
    lines.insert(3, '{"text": "x", "features": ["colour"]}')  # index 3 is invalid, the rest go on
    reply = request(
        "POST",
        stack.base_url + "/v1/batches",
        raw="\n".join(lines).encode() + b"\n",
        content_type="application/x-ndjson",
        headers={"Idempotency-Key": "e2e-batch-ndjson"},
    )
    assert reply.status == 202, reply.body
    created = reply.json()
    assert (created["size"], created["accepted"], [r["index"] for r in created["rejected"]]) == (6, 5, [3])
    assert "features" in created["rejected"][0]["errors"]
    batch = ended(stack, created["id"])
    assert batch["status"] == "ended" and batch["ended_at"]
    assert batch["counts"]["finished"] == 5 and batch["counts"]["queued"] == 0
    indexes, languages, cursor = [], [], None
    while True:
        query = "?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = request("GET", f"{stack.base_url}/v1/batches/{created['id']}{query}").json()
        indexes += [item["index"] for item in page["jobs"]]
        languages += [item["job"]["result"]["language"]["code"] for item in page["jobs"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert indexes == [0, 1, 2, 4, 5] and set(languages) == {"id"}
    replay = request(
        "POST",
        stack.base_url + "/v1/batches",
        raw="\n".join(lines).encode() + b"\n",
        content_type="application/x-ndjson",
        headers={"Idempotency-Key": "e2e-batch-ndjson"},
    )
    assert replay.status == 202 and replay.json()["id"] == created["id"]
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert request("GET", f"{stack.base_url}/v1/batches/{created['id']}", token=OTHER_TOKEN).status == 404


def test_batch_limits_through_gunicorn(stack: Stack) -> None:
    too_many = request("POST", stack.base_url + "/v1/batches", [{"text": "a"}] * 101)
    assert too_many.status == 422 and too_many.json()["code"] == "too_many_articles"
    assert too_many.headers["Content-Type"] == "application/problem+json"
    # Refused from the Content-Length, before the body is read: send the headers and a little.
    host, port = stack.base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.putrequest("POST", "/v1/batches")
    for name, value in {
        "Authorization": f"Bearer {TOKEN}",
        "Content-Type": "application/json",
        "Content-Length": "10000001",
    }.items():
        conn.putheader(name, value)
    conn.endheaders(b"[")
    too_big = conn.getresponse()
    problem = json.loads(too_big.read())
    conn.close()
    assert too_big.status == 413 and problem["code"] == "payload_too_large"
    assert "10000000 bytes" in problem["detail"] and "ENRICH_MAX_BATCH_BYTES" in problem["detail"]
