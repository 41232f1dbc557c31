"""What workers tell the API: the backends they loaded, and job outcomes for /metrics."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from redis import Redis

from service.queue.keys import Keys


class WorkerReports:
    def __init__(self, redis: Redis, keys: Keys) -> None:
        self.redis, self.keys = redis, keys

    def report_backends(self, worker: str, described: dict[str, Any]) -> None:
        """A worker says which backends it loaded; all workers share one configuration, so the
        latest report stands for all (kept until the next worker starts)."""
        report = {
            "worker": worker,
            "reported_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "stages": described,
        }
        self.redis.set(self.keys.backends(), json.dumps(report))

    def backends(self) -> dict[str, Any] | None:
        raw = self.redis.get(self.keys.backends())
        return json.loads(raw) if raw else None

    def record_job(self, timings_ms: dict[str, float], error_code: str | None) -> None:
        """Called by the worker after each run: outcome, failure code and per-stage time."""
        key = self.keys.stats()
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.hincrby(key, "failed" if error_code else "finished", 1)
            if error_code:
                pipe.hincrby(key, f"error:{error_code}", 1)
            for stage, ms in timings_ms.items():
                pipe.hincrbyfloat(key, f"stage_seconds_sum:{stage}", ms / 1000)
                pipe.hincrby(key, f"stage_count:{stage}", 1)
            pipe.execute()

    def stats(self) -> dict[str, str]:
        raw: dict[bytes, bytes] = self.redis.hgetall(self.keys.stats())  # type: ignore[assignment]
        return {k.decode(): v.decode() for k, v in raw.items()}

    def record_webhook(self, outcome: str) -> None:
        """A webhook attempt's outcome (delivered, retrying, gave_up), for /metrics."""
        self.redis.hincrby(self.keys.stats(), f"webhook:{outcome}", 1)
