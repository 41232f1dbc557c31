"""A worker killed with SIGKILL mid-job: another worker picks the job up and finishes it."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from redis import Redis

from service.config import Settings
from service.pipeline.document import ArticleRequest
from service.queue.jobs import JobQueue
from tests import probes, servers

pytestmark = pytest.mark.e2e


def test_job_of_a_killed_worker_is_finished_by_another(
    redis_url: str, logs_dir: Path, seeds: dict[str, str]
) -> None:
    env = servers.service_env(redis_url, ENRICH_QUEUE_NAME="sigkill")
    jobs = JobQueue(Redis.from_url(redis_url), Settings.from_env({}, queue_name="sigkill").queue)
    # ~450 KB of distinct paragraphs (boilerplate removal keeps a repeated one once): seconds of
    # work, time to kill it mid-way.
    long_text = probes.long_article(seeds.values(), 25)
    first = servers.start_worker(env, logs_dir / "sigkill-1.log")
    second = None
    try:
        job_id = jobs.submit(ArticleRequest(text=long_text, features=("entities",))).job_id
        servers.wait_for_job(jobs, job_id, ("started",), timeout=60)
        first.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        first.wait(10)
        second = servers.start_worker(env, logs_dir / "sigkill-2.log")
        deadline = killed_at + 30  # issue 14: a killed worker's job runs again within 30 s
        while (job := jobs.fetch(job_id)) and job["attempts"] < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert job and job["attempts"] == 2, f"not retried within 30 s of the kill: {job}"
        job = servers.wait_for_job(jobs, job_id)
        assert job["status"] == "finished", job
        assert job["attempts"] == 2 and job["result"]["entities"]
    finally:
        servers.stop(first)
        if second is not None:
            servers.stop(second)
