"""Throughput of the pipeline in-process, and through API + queue + one worker on 127.0.0.1.

    .venv/bin/python bench/throughput.py [--rounds 20] [--jobs 100] [--clients 8] [--workers 3]

The ratio of the two articles/second figures is what the HTTP + queue path costs.

Backends keep per-word tables between articles (entities, sentiment, the Malayic model), so the
repeated-seeds figure is a worker that has read these very words before. Two more figures bound
it: "fresh worker", each seed the first article after start and warm-up (nothing of it cached),
and "steady state", each seed read once after other news (IndoSum articles), as a worker
that has run for a while reads a new article.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.quality_summary import indosum
from service.config import Settings
from service.pipeline.document import ArticleRequest
from service.pipeline.runner import Pipeline
from tests import servers
from tests.e2e.http import request

SEEDS = [p.read_text(encoding="utf-8") for p in sorted((servers.ROOT / "seeds").glob("*.txt"))]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_mb() -> float:
    """Resident memory of this process now (a worker holds the same backends)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def in_process(rounds: int) -> None:
    started = time.perf_counter()
    pipeline = Pipeline.build(Settings.from_env().pipeline)
    pipeline.warm_up()
    print(
        f"in-process: backends loaded and warmed in {time.perf_counter() - started:.2f} s, RSS {rss_mb():.0f} MB"
    )
    for text in SEEDS:  # warm-up
        pipeline.run(ArticleRequest(text=text))
    per_article: list[float] = []
    stage_ms: dict[str, list[float]] = {}
    for _ in range(rounds):
        for text in SEEDS:
            t0 = time.perf_counter()
            article = pipeline.run(ArticleRequest(text=text))
            pipeline.result(article)  # the worker returns the JSON document: part of the cost
            per_article.append((time.perf_counter() - t0) * 1000)
            for stage, ms in article.timings_ms.items():
                stage_ms.setdefault(stage, []).append(ms)
    total_s = sum(per_article) / 1000
    print(
        f"in-process: {len(per_article)} articles, {len(per_article) / total_s:.1f} articles/s, "
        f"median {statistics.median(per_article):.2f} ms/article, p99 {percentile(per_article, 0.99):.2f} ms"
    )
    print("in-process: median ms per stage: "
          + ", ".join(f"{s} {statistics.median(v):.2f}" for s, v in stage_ms.items()))  # fmt: skip


def fresh_and_steady(workers: int, news: int) -> None:
    """Each seed timed once in `workers` freshly built pipelines: right after warm-up, then again
    in new pipelines after `news` other articles (a different slice of IndoSum each time)."""
    texts = [row["text"] for _, row in zip(range(workers * news), indosum(), strict=False)]
    for label, before in (("fresh worker", 0), (f"steady state, after {news} IndoSum articles", news)):
        per_article: list[float] = []
        for w in range(workers):
            pipeline = Pipeline.build(Settings.from_env().pipeline)
            pipeline.warm_up()
            for text in texts[w * before : (w + 1) * before]:
                pipeline.result(pipeline.run(ArticleRequest(text=text)))
            for seed in SEEDS:
                t0 = time.perf_counter()
                pipeline.result(pipeline.run(ArticleRequest(text=seed)))
                per_article.append((time.perf_counter() - t0) * 1000)
        print(f"in-process, {label}: each seed once in {workers} new pipelines, "
              f"median {statistics.median(per_article):.2f} ms/article, max {max(per_article):.2f} ms")  # fmt: skip


def end_to_end(jobs: int, clients: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        redis_proc, redis_url = servers.start_redis(Path(tmp))
        env = servers.service_env(redis_url, ENRICH_QUEUE_NAME="bench")
        worker = servers.start_worker(env, Path(tmp) / "worker.log")
        web, base = servers.start_gunicorn(env, Path(tmp) / "web.log")
        try:
            # Warm-up job: the worker is ready once it has finished one.
            submit_and_wait(base, SEEDS[0])
            post_ms: list[float] = []

            def one(i: int) -> float:
                latency, post = submit_and_wait(base, SEEDS[i % len(SEEDS)])
                post_ms.append(post)
                return latency

            t0 = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                latencies = list(pool.map(one, range(jobs)))
            elapsed = time.perf_counter() - t0
        finally:
            for proc in (web, worker, redis_proc):
                servers.stop(proc)
    print(f"end-to-end (API + queue + 1 worker, {clients} clients): {jobs} articles, "
          f"{jobs / elapsed:.1f} articles/s, latency p50 {percentile(latencies, 0.5):.0f} ms, "
          f"p99 {percentile(latencies, 0.99):.0f} ms; POST p50 {percentile(post_ms, 0.5):.1f} ms, "
          f"p99 {percentile(post_ms, 0.99):.1f} ms")  # fmt: skip


def submit_and_wait(base: str, text: str) -> tuple[float, float]:
    t0 = time.perf_counter()
    accepted = request("POST", base + "/v1/articles", {"text": text})
    post_ms = (time.perf_counter() - t0) * 1000
    assert accepted.status == 202, accepted.body
    for _ in range(20):
        job = request("GET", base + accepted.headers["Location"] + "?wait=30").json()
        if job["status"] == "finished":
            return (time.perf_counter() - t0) * 1000, post_ms
        assert job["status"] != "failed", job
    raise TimeoutError("job did not finish")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=20, help="passes over the seeds in-process")
    parser.add_argument("--jobs", type=int, default=100, help="articles sent end to end")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients")
    parser.add_argument("--workers", type=int, default=3, help="new pipelines for the fresh/steady figures")
    parser.add_argument(
        "--news", type=int, default=500, help="IndoSum articles read before the steady figure"
    )
    args = parser.parse_args()
    in_process(args.rounds)
    fresh_and_steady(args.workers, args.news)
    end_to_end(args.jobs, args.clients)


if __name__ == "__main__":
    main()
