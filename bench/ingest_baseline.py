"""The yardstick bench/ingest.py measures the API against: the least a Flask app can do for the
same two requests, with none of the service's guarantees (no auth, rate limit, validation,
idempotency, owner scoping, metrics or logs of its own).

- POST /v1/articles parses the JSON body and LPUSHes it, with a new id, to a Redis list.
- GET /v1/jobs/<id> reads a stored job resource (JSON) from Redis and answers it.

Served by gunicorn with the service's own gunicorn.conf.py (`gunicorn -c gunicorn.conf.py
bench.ingest_baseline:app`), reading ENRICH_REDIS_URL like the service does.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

from flask import Flask, abort, request
from redis import Redis

QUEUE_KEY = "bench:baseline:queue"
JOB_PREFIX = "bench:baseline:job:"

app = Flask(__name__)
redis = Redis.from_url(os.environ.get("ENRICH_REDIS_URL", "redis://127.0.0.1:6379/0"))


@app.post("/v1/articles")
def submit() -> tuple[dict[str, Any], int]:
    article = request.get_json()
    job_id = str(uuid.uuid4())
    redis.lpush(QUEUE_KEY, json.dumps({"id": job_id, "article": article}))
    return {"id": job_id, "status": "queued"}, 202


@app.get("/v1/jobs/<job_id>")
def job(job_id: str) -> dict[str, Any]:
    raw = redis.get(JOB_PREFIX + job_id)
    if raw is None:
        abort(404)
    stored: dict[str, Any] = json.loads(raw)
    return stored


@app.get("/readyz")
def ready() -> dict[str, str]:
    redis.ping()
    return {"status": "ready"}
