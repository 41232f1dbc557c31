"""Transformers token classification on CPU: latency, throughput, int8, service overhead, warm workers.

    .venv/bin/python bench/transformers_ner.py [--rounds 3] [--threads 2]

Random weights (timing only): a BERT-base-sized model (12 layers, 768 hidden) and a 6-layer
one, with a WordPiece vocabulary trained on the seeds. Windows of 512 tokens, stride 128.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.config import Settings
from service.pipeline.document import BODY, Article, ArticleRequest
from service.pipeline.registry import REGISTRY
from tests import servers, tiny_models

SEEDS = [p.read_text(encoding="utf-8") for p in sorted((servers.ROOT / "seeds").glob("*.txt"))]
SIZES = {"bert-base (12x768)": (12, 768, 12), "6-layer (6x768)": (6, 768, 12)}


def timed_runs(work, texts: list[str], rounds: int) -> list[float]:
    for text in texts:  # warm-up
        work(text)
    per_article = []
    for _ in range(rounds):
        for text in texts:
            t0 = time.perf_counter()
            work(text)
            per_article.append((time.perf_counter() - t0) * 1000)
    return per_article


def report(label: str, ms: list[float]) -> float:
    median = statistics.median(ms)
    print(f"{label}: median {median:.0f} ms/article, {1000 * len(ms) / sum(ms):.2f} articles/s")
    return median


def bench_model(name: str, directory: Path, rounds: int, threads: int) -> None:
    import torch
    from transformers import pipeline

    t0 = time.perf_counter()
    recognizer = _entities(_env(directory, threads))
    print(f"{name}: load {time.perf_counter() - t0:.2f} s, torch threads {torch.get_num_threads()}")
    service_ms = report(f"{name} service backend", timed_runs(lambda t: recognizer(_on(t)), SEEDS, rounds))

    raw = pipeline(
        "token-classification",
        model=recognizer.model,
        tokenizer=recognizer.tokenizer,
        aggregation_strategy="simple",
        stride=128,
        device=-1,
    )
    raw_ms = report(f"{name} raw pipeline()", timed_runs(lambda t: raw(t), SEEDS, rounds))
    print(f"{name}: service overhead vs raw pipeline(): {100 * (service_ms - raw_ms) / raw_ms:+.1f} %")

    int8 = _entities({**_env(directory, threads), "ENRICH_QUANTIZE": "int8"})
    int8_ms = report(f"{name} service backend int8", timed_runs(lambda t: int8(_on(t)), SEEDS, rounds))
    print(f"{name}: int8 speed-up x{service_ms / int8_ms:.2f}")
    same = agree = 0
    for text in SEEDS:
        full = {(s, e): max(range(len(p)), key=p.__getitem__) for s, e, p in _tokens(recognizer, text)}
        quant = {(s, e): max(range(len(p)), key=p.__getitem__) for s, e, p in _tokens(int8, text)}
        same += len(full)
        agree += sum(full[k] == quant.get(k) for k in full)
    print(f"{name}: int8 changes the argmax label of {100 * (1 - agree / same):.2f} % of tokens")


def _entities(env: dict[str, str]) -> Any:
    stage = next(s for s in REGISTRY.stages() if s.name == "entities")
    return REGISTRY.build(stage, Settings.from_env(env).pipeline).default


def _on(text: str) -> Article:
    article = Article(ArticleRequest(text=text, language="id"))
    article[BODY] = text
    return article


def _tokens(recognizer: Any, text: str) -> list[tuple[int, int, list[float]]]:
    inputs = recognizer.preprocess(_on(text))
    tokens: list[tuple[int, int, list[float]]] = recognizer.token_probabilities(
        inputs, recognizer.forward(inputs)
    )
    return tokens


def _env(directory: Path, threads: int) -> dict[str, str]:
    return {"ENRICH_ENTITIES_MODEL": str(directory), "ENRICH_TORCH_THREADS": str(threads)}


def warm_worker(directory: Path) -> None:
    """Model load happens once at worker start: job 1 and job 2 cost the same."""
    from redis import Redis

    from service.queue.jobs import JobQueue

    with tempfile.TemporaryDirectory() as tmp:
        redis_proc, redis_url = servers.start_redis(Path(tmp))
        env = servers.service_env(
            redis_url, ENRICH_QUEUE_NAME="bench-hf", ENRICH_ENTITIES_MODEL=str(directory)
        )
        t0 = time.perf_counter()
        worker = servers.start_worker(env, Path(tmp) / "worker.log")
        try:
            jobs = JobQueue(Redis.from_url(redis_url), Settings.from_env({}, queue_name="bench-hf").queue)
            durations = []
            for i in range(3):
                job_id = jobs.submit(ArticleRequest(text=SEEDS[1], features=("entities",))).job_id
                job = servers.wait_for_job(jobs, job_id, timeout=120)
                assert job["status"] == "finished", job
                if i == 0:
                    print(
                        f"warm worker: first job done {time.perf_counter() - t0:.1f} s after the worker started"
                    )
                durations.append(job["result"]["timings_ms"]["entities"])
            print(
                "warm worker: entities stage ms for jobs 1, 2, 3: " + ", ".join(f"{d:.0f}" for d in durations)
            )
        finally:
            servers.stop(worker)
            servers.stop(redis_proc)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, (layers, hidden, heads) in SIZES.items():
            directory = tiny_models.bert(
                Path(tmp) / name.split()[0],
                "token",
                tiny_models.NER_LABELS,
                layers=layers,
                hidden=hidden,
                heads=heads,
            )
            bench_model(name, directory, args.rounds, args.threads)
        warm_worker(Path(tmp) / "6-layer")


if __name__ == "__main__":
    main()
