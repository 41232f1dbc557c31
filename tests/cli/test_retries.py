"""The CLI rides out 429 and 503 (after Retry-After) and says clearly when it cannot go on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.cli.__main__ import main
from tests import servers
from tests.client.fake_api import Reply, fake_api, problem

FINISHED = {"id": "job-1", "status": "finished", "attempts": 1, "result": {"body": "Teks."}}


def test_cli_honours_retry_after_on_429_and_503(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Teks berita.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    script = [
        Reply(200, {"status": "ok"}),  # GET /healthz
        Reply(429, problem(429, "rate_limited", "slow down"), {"Retry-After": "1"}),
        Reply(503, problem(503, "service_unavailable", "redis down"), {"Retry-After": "1"}),
        Reply(202, {"id": "job-1", "status": "queued"}, {"Location": "/v1/jobs/job-1"}),
        Reply(200, FINISHED),
    ]
    with fake_api(script) as (url, seen):
        code = main(["enrich", str(article), "--out", str(out), "--url", url, "--key", "k"])
    assert code == 0
    assert [(s.method, s.path.split("?")[0]) for s in seen] == [
        ("GET", "/healthz"), ("POST", "/v1/articles"), ("POST", "/v1/articles"), ("POST", "/v1/articles"),
        ("GET", "/v1/jobs/job-1"),
    ]  # fmt: skip
    assert len({s.headers["Idempotency-Key"] for s in seen if s.method == "POST"}) == 1
    [line] = out.read_text().splitlines()
    assert json.loads(line) == {
        "source": str(article), "key": seen[1].headers["Idempotency-Key"], "job_id": "job-1",
        "status": "finished", "result": {"body": "Teks."}, "error": None,
    }  # fmt: skip


def test_cli_exit_codes_for_a_refused_key_and_an_unreachable_api(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Teks berita.", encoding="utf-8")
    out = str(tmp_path / "out.jsonl")
    refused = Reply(401, problem(401, "unauthorized", "the API key is not valid"))
    with fake_api([Reply(200, {"status": "ok"}), refused]) as (url, _):
        assert main(["enrich", str(article), "--out", out, "--url", url, "--key", "bad"]) == 3
    assert "refused the key" in capsys.readouterr().err
    nowhere = f"http://127.0.0.1:{servers.free_port()}"
    assert main(["enrich", str(article), "--out", out, "--url", nowhere]) == 4
    assert "cannot reach the API" in capsys.readouterr().err
    assert main(["enrich", str(tmp_path / "missing.txt"), "--out", out, "--url", nowhere]) == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["enrich", str(article), "--out", out, "--concurrency", "0"])
    assert usage.value.code == 2
