"""Prometheus metrics. HTTP metrics are per API process (gunicorn's processes share them through
prometheus_client's multiprocess directory); queue and job metrics live in Redis, written by the
workers, so any API replica reports the same cluster-wide figures (scrape one, or use max())."""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from service.queue.jobs import JobQueue
from service.queue.reports import WorkerReports

REQUESTS = Counter("enrich_http_requests", "HTTP requests", ["route", "method", "status"])
LATENCY = Histogram(
    "enrich_http_request_seconds",
    "HTTP request latency",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


class QueueCollector(Collector):
    def __init__(self, jobs: JobQueue, reports: WorkerReports) -> None:
        self.jobs, self.reports = jobs, reports

    def collect(self) -> Iterator[Metric]:
        name = self.jobs.settings.queue_name
        depth = GaugeMetricFamily("enrich_queue_depth", "Jobs waiting in the queue", labels=["queue"])
        depth.add_metric([name], self.jobs.depth())
        yield depth
        running = GaugeMetricFamily("enrich_jobs_running", "Jobs being worked on", labels=["queue"])
        running.add_metric([name], self.jobs.running())
        yield running
        jobs = CounterMetricFamily("enrich_jobs", "Job runs by outcome", labels=["outcome"])
        failures = CounterMetricFamily(
            "enrich_job_failures", "Failed job runs by error code", labels=["code"]
        )
        seconds = CounterMetricFamily("enrich_stage_seconds", "Time spent per stage", labels=["stage"])
        runs = CounterMetricFamily("enrich_stage_runs", "Runs per stage", labels=["stage"])
        webhooks = CounterMetricFamily(
            "enrich_webhook_attempts", "Webhook delivery attempts by outcome", labels=["outcome"]
        )
        families = {
            "finished": jobs,
            "failed": jobs,
            "error": failures,
            "stage_seconds_sum": seconds,
            "stage_count": runs,
            "webhook": webhooks,
        }
        for field, value in self.reports.stats().items():
            kind, _, label = field.partition(":")
            if kind in families:
                families[kind].add_metric([label or kind], float(value))
        yield from (jobs, failures, seconds, runs, webhooks)


def render(jobs: JobQueue, reports: WorkerReports) -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)  # every gunicorn process's HTTP metrics
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    output = generate_latest(registry)
    queue_registry = CollectorRegistry()
    queue_registry.register(QueueCollector(jobs, reports))
    return output + generate_latest(queue_registry)
