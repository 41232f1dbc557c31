"""Prometheus metrics. HTTP metrics are per API process (gunicorn's processes share them through
prometheus_client's multiprocess directory); queue and job metrics live in Redis, written by the
workers, so any API replica reports the same cluster-wide figures (scrape one, or use max())."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis import Redis

from service.queue.jobs import JobQueue

REQUESTS = Counter("enrich_http_requests", "HTTP requests", ["route", "method", "status"])
LATENCY = Histogram(
    "enrich_http_request_seconds",
    "HTTP request latency",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


def _stats_key(queue_name: str) -> str:
    return f"enrich:{queue_name}:stats"


def record_job(redis: Redis, queue_name: str, timings_ms: dict[str, float], error_code: str | None) -> None:
    """Called by the worker after each run: outcome, failure code and per-stage time."""
    key = _stats_key(queue_name)
    with redis.pipeline(transaction=False) as pipe:
        pipe.hincrby(key, "failed" if error_code else "finished", 1)
        if error_code:
            pipe.hincrby(key, f"error:{error_code}", 1)
        for stage, ms in timings_ms.items():
            pipe.hincrbyfloat(key, f"stage_seconds_sum:{stage}", ms / 1000)
            pipe.hincrby(key, f"stage_count:{stage}", 1)
        pipe.execute()


class QueueCollector(Collector):
    def __init__(self, jobs: JobQueue):
        self.jobs = jobs

    def collect(self) -> Iterator[Metric]:
        queue = self.jobs.queue
        depth = GaugeMetricFamily("enrich_queue_depth", "Jobs waiting in the queue", labels=["queue"])
        depth.add_metric([queue.name], queue.count)
        yield depth
        running = GaugeMetricFamily("enrich_jobs_running", "Jobs being worked on", labels=["queue"])
        running.add_metric([queue.name], queue.started_job_registry.count)
        yield running
        stats: dict[str, str] = {
            k.decode(): v.decode() for k, v in self.jobs.redis.hgetall(_stats_key(queue.name)).items()
        }
        jobs = CounterMetricFamily("enrich_jobs", "Job runs by outcome", labels=["outcome"])
        failures = CounterMetricFamily(
            "enrich_job_failures", "Failed job runs by error code", labels=["code"]
        )
        seconds = CounterMetricFamily("enrich_stage_seconds", "Time spent per stage", labels=["stage"])
        runs = CounterMetricFamily("enrich_stage_runs", "Runs per stage", labels=["stage"])
        for field, value in stats.items():
            kind, _, label = field.partition(":")
            target: dict[str, Any] = {
                "finished": (jobs, "finished"),
                "failed": (jobs, "failed"),
                "error": (failures, label),
                "stage_seconds_sum": (seconds, label),
                "stage_count": (runs, label),
            }
            if kind in target:
                family, name = target[kind]
                family.add_metric([name], float(value))
        yield from (jobs, failures, seconds, runs)


def render(jobs: JobQueue) -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)  # every gunicorn process's HTTP metrics
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    output = generate_latest(registry)
    queue_registry = CollectorRegistry()
    queue_registry.register(QueueCollector(jobs))
    return output + generate_latest(queue_registry)
