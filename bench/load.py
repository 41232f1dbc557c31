"""Bounded load test of the API on 127.0.0.1: concurrent keep-alive clients, POSTs and GETs mixed.

    .venv/bin/python bench/load.py [--clients 64] [--duration 30] [--post-share 0.5]

Starts redis-server, one RQ worker and gunicorn (gevent workers; ENRICH_WEB_WORKERS /
ENRICH_WEB_CONNECTIONS from the environment, defaults 2 / 1000 as in gunicorn.conf.py). Each client thread keeps one HTTP/1.1
connection and, until --duration ends, either POSTs a seed article or GETs a job it or another
client created (no ?wait: a plain poll). Auth is disabled, so the per-key rate limit is not in play.

Prints requests/s, p50/p99 latency of POST and GET, errors (anything but 202/200, or a transport
error), the queue depth (LLEN rq:queue:<name>) once a second, and created->ended latency of the
jobs that finished during the run. One worker on two shared cores cannot keep up with the POSTs:
the queue grows, and job latency is mostly time spent queued. The load generator shares the cores.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from redis import Redis
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from tests import servers

SEEDS = [p.read_text(encoding="utf-8") for p in sorted((servers.ROOT / "seeds").glob("*.txt"))]
BODIES = [json.dumps({"text": text}).encode() for text in SEEDS]
QUEUE = "load"


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latency_ms: dict[str, list[float]] = field(default_factory=lambda: {"POST": [], "GET": []})
    statuses: Counter = field(default_factory=Counter)
    job_ids: list[str] = field(default_factory=list)

    def record(self, method: str, status: int | str, ms: float, job_id: str | None) -> None:
        with self.lock:
            self.latency_ms[method].append(ms)
            self.statuses[f"{method} {status}"] += 1
            if job_id:
                self.job_ids.append(job_id)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def client_loop(host: str, port: int, deadline: float, post_share: float, stats: Stats, seed: int) -> None:
    rng = random.Random(seed)  # per-thread, so runs are comparable
    conn = http.client.HTTPConnection(host, port, timeout=30)
    while time.monotonic() < deadline:
        post = rng.random() < post_share or not stats.job_ids
        if post:
            method, path, body = "POST", "/v1/articles", rng.choice(BODIES)
        else:
            method, path, body = "GET", f"/v1/jobs/{rng.choice(stats.job_ids)}", None
        headers = {"Content-Type": "application/json"} if body else {}
        t0 = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status: int | str = response.status
        except (OSError, http.client.HTTPException) as exc:
            conn.close()  # http.client reconnects on the next request
            status, data = type(exc).__name__, b""
        ms = (time.perf_counter() - t0) * 1000
        job_id = json.loads(data)["id"] if post and status == 202 else None
        stats.record(method, status, ms, job_id)
    conn.close()


def sample_queue(redis: Redis, deadline: float, out: list[tuple[float, int]], t0: float) -> None:
    while time.monotonic() < deadline:
        out.append((time.monotonic() - t0, int(redis.llen(f"rq:queue:{QUEUE}"))))
        time.sleep(1)


def job_latencies(redis: Redis, ids: list[str], until: datetime) -> tuple[list[float], Counter]:
    """created->ended seconds of the jobs that finished by `until`, and every job's RQ status."""
    latencies: list[float] = []
    states: Counter = Counter()
    for start in range(0, len(ids), 500):
        jobs = Job.fetch_many(ids[start : start + 500], connection=redis, serializer=JSONSerializer)
        for job in jobs:
            if job is None:
                states["missing"] += 1
                continue
            status = job.get_status(refresh=False)
            states[str(status.value if isinstance(status, JobStatus) else status)] += 1
            if status == JobStatus.FINISHED and job.ended_at and job.ended_at <= until:
                latencies.append((job.ended_at - job.created_at).total_seconds())
    return latencies, states


def report(stats: Stats, elapsed: float, depth: list[tuple[float, int]], latencies: list[float],
           states: Counter) -> int:  # fmt: skip
    total = sum(len(v) for v in stats.latency_ms.values())
    errors = sum(n for key, n in stats.statuses.items() if key not in ("POST 202", "GET 200"))
    print(
        f"requests: {total} in {elapsed:.1f} s = {total / elapsed:.0f} req/s; by status {dict(stats.statuses)}"
    )
    for method, values in stats.latency_ms.items():
        print(f"  {method}: {len(values)} ({len(values) / elapsed:.0f}/s), p50 {percentile(values, 0.5):.1f} ms, "
              f"p99 {percentile(values, 0.99):.1f} ms, max {max(values, default=0):.1f} ms")  # fmt: skip
    print(f"errors: {errors}")
    print("queue depth (s: LLEN): " + ", ".join(f"{t:.0f}:{n}" for t, n in depth))
    print(f"jobs accepted: {len(stats.job_ids)}; states at the end: {dict(states)}")
    print(f"jobs finished during the run: {len(latencies)} ({len(latencies) / elapsed:.1f}/s); created->ended "
          f"p50 {percentile(latencies, 0.5):.2f} s, p99 {percentile(latencies, 0.99):.2f} s, "
          f"max {max(latencies, default=0):.2f} s")  # fmt: skip
    return errors


def run(args: argparse.Namespace, tmp: Path) -> int:
    redis_proc, redis_url = servers.start_redis(tmp)
    env = servers.service_env(redis_url, ENRICH_QUEUE_NAME=QUEUE)
    web_workers, connections = env.get("ENRICH_WEB_WORKERS", "2"), env.get("ENRICH_WEB_CONNECTIONS", "1000")
    redis = Redis.from_url(redis_url)
    procs = [servers.start_worker(env, tmp / "worker.log")]
    try:
        web, base = servers.start_gunicorn(env, tmp / "web.log")
        procs.append(web)
        # Jobs only start once the worker has loaded its backends; wait so latency means queueing.
        servers.wait_until(lambda: redis.exists(f"enrich:{QUEUE}:backends") == 1, 180, "worker", procs[0])
        print(f"gunicorn: ENRICH_WEB_WORKERS={web_workers} ENRICH_WEB_CONNECTIONS={connections} (gevent); 1 RQ worker; "
              f"{args.clients} clients, {args.duration:.0f} s, POST share {args.post_share}; "
              f"{os.cpu_count()} CPUs shared with the load generator")  # fmt: skip
        host, port = base.removeprefix("http://").split(":")
        stats, depth = Stats(), []
        t0 = time.monotonic()
        deadline = t0 + args.duration
        workers = [threading.Thread(target=client_loop, args=(host, int(port), deadline, args.post_share, stats, i))
                   for i in range(args.clients)]  # fmt: skip
        workers.append(threading.Thread(target=sample_queue, args=(redis, deadline, depth, t0)))
        for t in workers:
            t.start()
        for t in workers:
            t.join(args.duration + 60)  # a request is bounded by its 30 s socket timeout
        elapsed = time.monotonic() - t0
        latencies, states = job_latencies(redis, stats.job_ids, datetime.now(UTC))
        return report(stats, elapsed, depth, latencies, states)
    finally:
        for proc in reversed(procs):
            servers.stop(proc)
        servers.stop(redis_proc)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--post-share", type=float, default=0.5, help="fraction of requests that POST")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        errors = run(args, Path(tmp))
    print("RESULT:", "PASS (0 errors)" if errors == 0 else f"FAIL ({errors} errors)")
    sys.exit(0 if errors == 0 else 1)


if __name__ == "__main__":
    main()
