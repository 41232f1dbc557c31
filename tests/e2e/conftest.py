"""The whole product on 127.0.0.1: redis-server, one RQ worker and gunicorn, once per session."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import servers
from tests.e2e.http import API_KEYS, WEBHOOK_SECRETS


@dataclass
class Stack:
    base_url: str
    redis_url: str
    queue_name: str
    logs: Path
    web: subprocess.Popen
    worker: subprocess.Popen


@pytest.fixture(scope="session")
def stack(redis_url: str, logs_dir: Path) -> Iterator[Stack]:
    env = servers.service_env(
        redis_url,
        ENRICH_QUEUE_NAME="e2e",
        ENRICH_WEB_WORKERS="2",
        ENRICH_AUTH="required",
        ENRICH_API_KEYS=API_KEYS,
        ENRICH_RETRY_BACKOFF_S="1,1",  # retries stay on, but quick
        ENRICH_WEBHOOK_SECRETS=WEBHOOK_SECRETS,
        ENRICH_WEBHOOK_ALLOW_NETWORKS="127.0.0.0/8",  # the tests' receivers listen on loopback
        # Webhook retries every second for 4 s: a failing receiver is retried, then given up, quickly.
        ENRICH_WEBHOOK_BACKOFF_S="1",
        ENRICH_WEBHOOK_BACKOFF_MAX_S="1",
        ENRICH_WEBHOOK_RETRY_FOR_S="4",
        ENRICH_WEBHOOK_TIMEOUT_S="2",
        ENRICH_BODY_TIMEOUT_S="3",  # slow-body probes end in seconds
        # The suite's one key sends more than a client would (bursts, waiters, probes); the
        # per-key limit has its own test (tests/api/test_security.py).
        ENRICH_RATE_LIMIT_PER_MINUTE="100000",
    )
    worker = servers.start_worker(env, logs_dir / "worker.log")
    web, base_url = servers.start_gunicorn(env, logs_dir / "gunicorn.log")
    try:
        yield Stack(base_url, redis_url, "e2e", logs_dir, web, worker)
    finally:
        servers.stop(web)
        servers.stop(worker)
