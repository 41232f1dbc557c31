"""`python -m service.cli enrich` against the real stack: results file, resume, interruption, errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from redis import Redis

from tests.e2e.conftest import Stack
from tests.e2e.http import TOKEN
from tests.servers import ROOT

pytestmark = pytest.mark.e2e


def cli(stack: Stack, *args: str, key: str = TOKEN, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "service.cli", "enrich", *args, "--url", stack.base_url]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ENRICH_API_KEY": key}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def jobs_created(stack: Stack) -> int:
    """Jobs the API has created in the e2e queue (each leaves a `known` key for 30 days)."""
    redis = Redis.from_url(stack.redis_url)
    return sum(1 for _ in redis.scan_iter(match=f"enrich:{stack.queue_name}:known:*", count=1000))


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def articles_jsonl(path: Path, seeds: dict[str, str], count: int) -> Path:
    """`count` distinct articles (new to this stack on every run): seeds with a numbered line."""
    run = uuid.uuid4().hex[:8]
    texts = list(seeds.values())
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            text = f"{texts[n % len(texts)]}\nCatatan redaksi {run}-{n}."
            out.write(json.dumps({"id": f"a{n}", "text": text, "features": ["entities"]}) + "\n")
    return path


def test_seeds_folder_then_a_rerun_sends_nothing(stack: Stack, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    before = jobs_created(stack)
    first = cli(stack, str(ROOT / "seeds"), "--out", str(out), "--concurrency", "3")
    assert first.returncode == 0, first.stderr
    records = lines(out)
    assert len(records) == 5 and {r["status"] for r in records} == {"finished"}
    assert sorted(r["source"] for r in records) == sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    assert len({r["job_id"] for r in records}) == 5
    assert all(r["result"]["entities"] and r["result"]["summary"] and r["error"] is None for r in records)
    assert "5 finished" in first.stderr
    assert jobs_created(stack) - before == 5

    again = cli(stack, str(ROOT / "seeds"), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "5 article(s) already done" in again.stderr
    assert jobs_created(stack) - before == 5  # nothing sent again
    assert lines(out) == records


def test_interrupted_run_resumes_without_duplicates(
    stack: Stack, seeds: dict[str, str], tmp_path: Path
) -> None:
    # Enough articles that the interrupt lands mid-run even when the pipeline is fast and the
    # machine busy (30 could all finish between the third result and the SIGINT).
    total = 120
    source = articles_jsonl(tmp_path / "articles.jsonl", seeds, total)
    out = tmp_path / "results.jsonl"
    before = jobs_created(stack)
    command = [sys.executable, "-m", "service.cli", "enrich", str(source), "--out", str(out),
               "--url", stack.base_url, "--key", TOKEN, "--concurrency", "2"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # A shell without job control starts background jobs with SIGINT ignored, and Python keeps an
    # ignored SIGINT ignored: `.ci/run &` would otherwise see the run finish instead of stopping.
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or len(out.read_text().splitlines()) < 3):
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)  # Ctrl-C
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "run the same command again" in stderr
    done_before = lines(out)
    assert 3 <= len(done_before) < total, "interrupt came too late to test resuming"

    resumed = cli(stack, str(source), "--out", str(out), "--concurrency", "4")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(done_before)} article(s) already done" in resumed.stderr
    records = lines(out)
    assert sorted(r["source"] for r in records) == sorted(f"{source}#a{n}" for n in range(total))
    assert {r["status"] for r in records} == {"finished"}
    assert len({r["job_id"] for r in records}) == total
    # Articles in flight at the interrupt were sent again with the same key: replayed, not duplicated.
    assert jobs_created(stack) - before == total
    earlier = {r["source"]: r["job_id"] for r in done_before}
    assert all(earlier[r["source"]] == r["job_id"] for r in records if r["source"] in earlier)


def test_submit_only_then_collect(stack: Stack, seeds: dict[str, str], tmp_path: Path) -> None:
    source = articles_jsonl(tmp_path / "articles.jsonl", seeds, 3)
    out = tmp_path / "results.jsonl"
    submitted = cli(stack, str(source), "--out", str(out), "--wait", "0")
    assert submitted.returncode == 1, submitted.stderr  # not finished yet: not a success
    pending = {r["source"]: r for r in lines(out)}
    assert {r["status"] for r in pending.values()} == {"pending"}
    collected = cli(stack, str(source), "--out", str(out))
    assert collected.returncode == 0, collected.stderr
    for record in lines(out):
        assert record["status"] == "finished"
        assert record["job_id"] == pending[record["source"]]["job_id"]  # the same job, replayed


def test_rejected_articles_and_exit_codes(stack: Stack, tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_text(
        "\n".join([
            json.dumps({"id": "ok", "text": "Presiden Joko Widodo meresmikan jalan tol di Semarang pada Senin."}),
            json.dumps({"id": "typo", "text": "Teks berita.", "langauge": "id"}),
            "{not json",
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    out = tmp_path / "results.jsonl"
    run = cli(stack, str(source), "--out", str(out))
    assert run.returncode == 1, run.stderr
    records = {r["source"]: r for r in lines(out)}
    assert records[f"{source}#ok"]["status"] == "finished"
    typo = records[f"{source}#typo"]
    assert typo["status"] == "rejected" and typo["job_id"] is None
    assert typo["error"]["code"] == "validation_failed" and typo["error"]["http_status"] == 422
    assert "langauge" in typo["error"]["errors"]
    assert records[f"{source}:3"]["error"]["code"] == "invalid_input"
    assert "1 finished" in run.stderr and "2 rejected" in run.stderr

    refused = cli(stack, str(source), "--out", str(tmp_path / "other.jsonl"), key="wrong-key")
    assert refused.returncode == 3 and "refused the key" in refused.stderr
