"""Job metrics written by the worker and a request id that follows the job into the worker log."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Stack
from tests.e2e.http import request

pytestmark = pytest.mark.e2e


def test_request_id_follows_the_job_and_metrics_count_it(stack: Stack, seeds: dict[str, str]) -> None:
    headers = {"X-Request-ID": "trace-me-0042"}
    accepted = request("POST", stack.base_url + "/v1/articles", {"text": seeds["003"]}, headers=headers)
    assert accepted.headers["X-Request-ID"] == "trace-me-0042"
    job = request("GET", stack.base_url + accepted.headers["Location"] + "?wait=30").json()
    assert job["status"] == "finished"

    worker_lines = [
        json.loads(line)
        for line in (stack.logs / "worker.log").read_text().splitlines()
        if line.startswith("{")
    ]
    finished = [
        e for e in worker_lines if e.get("message") == "job finished" and e.get("job_id") == job["id"]
    ]
    assert finished and finished[0]["request_id"] == "trace-me-0042"

    metrics = request("GET", stack.base_url + "/metrics", token=None).body.decode()
    assert 'enrich_jobs_total{outcome="finished"}' in metrics
    assert 'enrich_stage_seconds_total{stage="entities"}' in metrics
    assert 'enrich_http_requests_total{method="POST",route="/v1/articles",status="202"}' in metrics
