"""Real RQ workers configured with transformers models (tiny, random, built on the fly)."""

from __future__ import annotations

from pathlib import Path

import pytest
from redis import Redis

from service.config import Settings
from service.pipeline.document import ArticleRequest
from service.queue.jobs import JobQueue
from service.queue.reports import WorkerReports
from tests import servers, tiny_models

pytestmark = pytest.mark.e2e
pytest.importorskip("torch")


def test_jobs_run_through_transformers_models(
    redis_url: str, tmp_path: Path, logs_dir: Path, seeds: dict[str, str]
) -> None:
    ner = tiny_models.bert(tmp_path / "ner", "token", tiny_models.NER_LABELS)
    sentiment = tiny_models.bert(tmp_path / "sentiment", "sequence", ["negative", "neutral", "positive"])
    env = servers.service_env(
        redis_url,
        ENRICH_QUEUE_NAME="hf-worker",
        ENRICH_ENTITIES_MODEL=f"id={ner}",
        ENRICH_SENTIMENT_MODEL=str(sentiment),
        ENRICH_WINDOW_TOKENS="64",
        ENRICH_WINDOW_STRIDE="16",
    )
    worker = servers.start_worker(env, logs_dir / "hf-worker.log")
    try:
        jobs = JobQueue(Redis.from_url(redis_url), Settings.from_env({}, queue_name="hf-worker").queue)
        # Two jobs on one worker, which loaded the models once at start.
        for key in ("001", "003"):
            job = servers.wait_for_job(
                jobs, jobs.submit(ArticleRequest(text=seeds[key], features=("entities", "sentiment"))).job_id
            )
            assert job["status"] == "finished", (job, (logs_dir / "hf-worker.log").read_text()[-3000:])
            result = job["result"]
            assert result["models"]["entities"]["backend"] == "transformers"
            assert str(ner) in result["models"]["entities"]["model"]
            assert result["models"]["sentiment"]["backend"] == "transformers"
            body = result["body"]
            for entity in result["entities"]:
                assert entity["type"] in ("PERSON", "ORGANIZATION", "LOCATION")
                for mention in entity["mentions"]:
                    assert body[mention["start"] : mention["end"]] == mention["text"]
            assert 0 <= result["sentiment"]["score"] <= 1
        english = servers.wait_for_job(
            jobs,
            jobs.submit(ArticleRequest(text="The minister met reporters in Geneva.", language="en")).job_id,
        )
        assert (
            english["result"]["models"]["entities"]["backend"] == "builtin-crf"
        )  # no English model: built-in
        reported = WorkerReports(jobs.redis, jobs.keys).backends()
        assert reported is not None
        assert reported["stages"]["entities"]["by_language"]["id"]["backend"] == "transformers"
    finally:
        servers.stop(worker)


def test_misconfigured_model_stops_the_worker_at_start(
    redis_url: str, tmp_path: Path, logs_dir: Path
) -> None:
    log = logs_dir / "bad-worker.log"
    env = servers.service_env(
        redis_url, ENRICH_QUEUE_NAME="bad", ENRICH_ENTITIES_MODEL=str(tmp_path / "missing")
    )
    worker = servers.start_worker(env, log)
    try:
        assert worker.wait(60) != 0
    finally:
        servers.stop(worker)
    assert "ENRICH_ENTITIES_MODEL" in log.read_text() and "config.json" in log.read_text()
