"""Issue 14's probes on jobs and the job store, short versions (bench/chaos.py runs the long
ones): a full Redis, a paused worker, a Redis restarted empty, hostile characters, parallel retries
and per-key failure listings, on real Redis, workers and gunicorn on 127.0.0.1."""

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
from tests.e2e.conftest import Stack
from tests.e2e.http import TOKEN

pytestmark = pytest.mark.e2e
ARTICLE = {"text": "Presiden Joko Widodo meresmikan jalan tol baru di Semarang, Jawa Tengah, pada Senin."}
ONLY_BOILERPLATE = {"text": "Baca Juga\nloading...\nA\nA", "features": ["entities"]}


def wait_status(stack: Stack, job_id: str, statuses: tuple[str, ...], timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = probes.call(stack.base_url, "GET", f"/v1/jobs/{job_id}?wait=5", token=TOKEN).json()
        if job["status"] in statuses:
            return job
    raise TimeoutError(f"{job_id} not {statuses} after {timeout} s")


def test_a_full_redis_answers_503_and_workers_carry_on(stack: Stack) -> None:
    """Row 2: the session's Redis hits maxmemory (noeviction) for a few seconds."""
    redis = Redis.from_url(stack.redis_url)
    used = int(redis.info("memory")["used_memory"])
    redis.config_set("maxmemory", used)
    try:
        reply = probes.call(
            stack.base_url, "POST", "/v1/articles", ARTICLE, token=TOKEN, headers={"Idempotency-Key": "full"}
        )
        assert (
            reply.status == 503
            and reply.json()["code"] == "job_store_full"
            and int(reply.headers["Retry-After"]) > 0
        )
        assert probes.call(stack.base_url, "GET", "/readyz").status == 503
        assert probes.call(stack.base_url, "GET", "/healthz").status == 200
        time.sleep(3)  # the worker's beats and scheduler are refused meanwhile
    finally:
        redis.config_set("maxmemory", 0)
    assert probes.call(stack.base_url, "GET", "/readyz").status == 200
    reply = probes.call(
        stack.base_url, "POST", "/v1/articles", ARTICLE, token=TOKEN, headers={"Idempotency-Key": "full"}
    )
    assert reply.status == 202 and "Idempotent-Replayed" not in reply.headers  # nothing half-written
    assert wait_status(stack, reply.json()["id"], ("finished", "failed"))["status"] == "finished"
    assert stack.worker.poll() is None


def test_hostile_characters_never_fail_a_job(stack: Stack) -> None:
    """Row 8: NUL, controls and a lone surrogate beside a valid paragraph."""
    raw = (
        b'{"text": "Presiden Joko Widodo \\u0000 meresmikan jalan tol \\ud800 baru di Semarang, '
        b'Jawa Tengah, pada Senin.\\u0007\\n\\n\\ud800\\n\\nGubernur Jawa Tengah hadir dalam acara itu."}'
    )
    job_id = probes.call(stack.base_url, "POST", "/v1/articles", raw, token=TOKEN).json()["id"]
    job = wait_status(stack, job_id, ("finished", "failed"))
    assert job["status"] == "finished" and job["attempts"] == 1, job["error"]


def test_of_parallel_retries_one_wins_and_the_job_runs_once_more(stack: Stack) -> None:
    """Rows 14 and 16."""
    job_id = probes.call(stack.base_url, "POST", "/v1/articles", ONLY_BOILERPLATE, token=TOKEN).json()["id"]
    failed = wait_status(stack, job_id, ("failed",))
    assert failed["attempts"] == 1 and failed["error"]["code"] == "empty_body"
    listed = probes.call(stack.base_url, "GET", "/v1/jobs?status=failed", token=TOKEN).json()["jobs"]
    assert job_id in [job["id"] for job in listed]
    replies = probes.in_threads(
        20, lambda i: probes.call(stack.base_url, "POST", f"/v1/jobs/{job_id}/retry", token=TOKEN)
    )
    assert sorted(reply.status for reply in replies) == [202] + [409] * 19
    again = wait_status(stack, job_id, ("failed",))
    time.sleep(1)  # a second run, were there one, would have started by now
    assert (
        probes.call(stack.base_url, "GET", f"/v1/jobs/{job_id}", token=TOKEN).json()["attempts"]
        == again["attempts"]
        == 2
    )


def test_a_redis_restarted_without_data_is_detected(tmp_path: Path, logs_dir: Path) -> None:
    """Row 7: a real restart of a Redis without persistence, under gunicorn (no worker needed)."""
    redis_proc, url = servers.start_redis(tmp_path)
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    env = servers.service_env(url, ENRICH_QUEUE_NAME="restart", ENRICH_WEB_WORKERS="1")
    web, base = servers.start_gunicorn(env, logs_dir / "gunicorn-restart.log")
    try:
        job_id = probes.call(base, "POST", "/v1/articles", ARTICLE, headers={"Idempotency-Key": "k"}).json()[
            "id"
        ]
        servers.stop(redis_proc)
        redis_proc, _ = servers.start_redis(tmp_path, port)
        servers.wait_until(lambda: probes.call(base, "GET", "/readyz").status == 200, 20, "readyz")
        reply = probes.call(base, "GET", f"/v1/jobs/{job_id}")
        assert reply.status == 410 and reply.json()["code"] == "job_store_lost", reply.body
        replay = probes.call(base, "POST", "/v1/articles", ARTICLE, headers={"Idempotency-Key": "k"})
        assert replay.status == 202 and replay.headers.get("Job-Store-Lost-At")
    finally:
        servers.stop(web)
        servers.stop(redis_proc)


def test_a_paused_workers_late_result_is_discarded(
    redis_url: str, logs_dir: Path, seeds: dict[str, str]
) -> None:
    """Row 5: SIGSTOP past the liveness TTL; another worker finishes the job; SIGCONT."""
    env = servers.service_env(redis_url, ENRICH_QUEUE_NAME="paused", ENRICH_WORKER_ALIVE_TTL_S="4")
    jobs = JobQueue(Redis.from_url(redis_url), Settings.from_env({}, queue_name="paused").queue)
    long_text = probes.long_article(seeds.values(), 25)
    first = servers.start_worker(env, logs_dir / "paused-1.log")
    second = None
    try:
        job_id = jobs.submit(ArticleRequest(text=long_text, features=("entities",))).job_id
        servers.wait_for_job(jobs, job_id, ("started",), timeout=60)
        first.send_signal(signal.SIGSTOP)
        second = servers.start_worker(env, logs_dir / "paused-2.log")
        done = servers.wait_for_job(jobs, job_id, ("finished",), timeout=120)
        assert done["attempts"] == 2
        first.send_signal(signal.SIGCONT)
        servers.wait_until(
            lambda: "this run's outcome is discarded" in (logs_dir / "paused-1.log").read_text()
            or "a later attempt took this job over" in (logs_dir / "paused-1.log").read_text(),
            120, "the paused worker to notice",
        )  # fmt: skip
        after = jobs.fetch(job_id)
        assert after is not None and after["status"] == "finished" and after["attempts"] == 2
        assert after["result"] == done["result"] and after["ended_at"] == done["ended_at"]
    finally:
        first.send_signal(signal.SIGCONT)
        servers.stop(first)
        if second is not None:
            servers.stop(second)
