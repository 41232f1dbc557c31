"""Property-based fuzzing of every operation in openapi.yaml against the real app (schemathesis).

The Flask app runs in-process over WSGI (deterministic, no sockets for HTTP) on a real Redis from
the session's `redis_url` fixture; only the worker is absent, so jobs stay queued. Every response
must be no 5xx and must match the spec: status code, content type, headers and body schema, and
the spec's security (requests without the API key must get 401). Examples are derandomized and
capped so the run is bounded and repeatable.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from redis import Redis

from service.app import create_app
from service.config import Settings
from service.pipeline.registry import REGISTRY
from service.queue.keys import Keys
from service.queue.reports import WorkerReports
from tests.servers import ROOT

# The document GET /openapi.yaml serves (a contract test keeps the file current). Loaded from disk
# rather than through a fixture because schemathesis.pytest.from_fixture relies on a pytest
# internal (Node._nodeid) that pytest 9 dropped.
schema = schemathesis.openapi.from_path(ROOT / "openapi.yaml")
# The one exclusion: no undeclared query parameters or headers in negative cases. OpenAPI does not
# make them invalid, and the API ignores unknown ones on purpose (cache busters, proxies' headers),
# so a 200 to `GET /v1/jobs?status=failed&x=1` is correct, not a "schema-violating request accepted".
schema.config.generation.update(allow_extra_parameters=False)

SECRET = "fuzz-secret-key"
NDJSON = "application/x-ndjson"


@schemathesis.serializer(NDJSON)
def ndjson(ctx: Any, value: Any) -> bytes:
    """A batch as NDJSON: each item of the documented array on a line of its own."""
    return b"".join(json.dumps(item).encode() + b"\n" for item in value)


# What a worker reports at start (shape of Pipeline.describe()); without it /v1/models is a
# correct 503 "no worker has started yet", and its 200 response would never be checked.
BACKENDS = {
    stage: {"default": {"backend": "builtin", "version": "1", "model": None}, "by_language": {}}
    for stage in [stage.name for stage in REGISTRY.stages()]
}


@pytest.fixture(scope="module")
def wsgi_app(redis_url: str) -> Flask:
    # Auth on, as in production, so schemathesis' auth checks test something; the rate limit is
    # out of reach because a 429 would only hide what the other checks look at.
    settings = Settings.from_env(
        {},
        redis_url=redis_url,
        queue_name=f"fuzz-{uuid.uuid4().hex[:8]}",
        auth="required",
        api_keys=f"fuzz:{SECRET}",
        rate_limit_per_minute=10**9,
        # Generated callback URLs are schema-valid, so they must be accepted: the key can sign, and
        # every address is allowed (where webhooks may go is tests/webhooks' and test_webhooks' job).
        webhook_secrets="fuzz:fuzz-webhook-secret-0123",
        webhook_allow_networks="0.0.0.0/0,::/0",
        auth_failures_per_minute=10**9,  # the security checks send many keyless requests
    )
    WorkerReports(Redis.from_url(redis_url), Keys(settings.queue.queue_name)).report_backends(
        "fuzz-worker", BACKENDS
    )
    return create_app(settings)


@pytest.mark.e2e
@schema.parametrize()
@settings(
    max_examples=50,
    derandomize=True,  # same examples every run: a failure here is reproducible, never flaky
    database=None,  # nothing replayed from (or written to) .hypothesis/ between runs
    deadline=None,  # the first request of a process pays for imports; latency is bench/load.py's job
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_openapi(case: schemathesis.Case, wsgi_app: Flask) -> None:
    # On the schema, not per call: the checks' own probes (e.g. the same request without the API
    # key) are sent through the schema's transport, which must be the in-process app too.
    case.operation.schema.app = wsgi_app
    if case.media_type == NDJSON and not isinstance(case.body, list):
        # A negative "not an array" has no NDJSON form: any JSON value on a line is a batch of one.
        return
    # Every check, positive_data_acceptance included: the API no longer refuses schema-valid
    # articles (whether boilerplate leaves anything is the worker's boilerplate stage's rule).
    case.call_and_validate(app=wsgi_app, headers={"Authorization": f"Bearer {SECRET}"})
