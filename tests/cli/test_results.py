"""The results file: appended per article, compacted to one line per article, read back to resume."""

from __future__ import annotations

import json
from pathlib import Path

from service.cli.results import ResultsFile


def record(source: str, status: str, key: str = "k1") -> dict[str, object]:
    return {"source": source, "key": key, "job_id": "j", "status": status, "result": None, "error": None}


def test_resume_reads_the_latest_line_per_article_and_drops_a_cut_line(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    lines = [record("a", "pending"), record("b", "finished"), record("a", "finished")]
    out.write_text("".join(json.dumps(line) + "\n" for line in lines) + '{"source": "c", "sta')
    results = ResultsFile(out)
    results.open()
    assert results.unreadable_lines == 1
    assert results.done("a", "k1") is not None and results.done("b", "k1") is not None
    assert results.done("a", "k2") is None  # the article changed since: send it again
    assert results.done("c", "k1") is None
    results.append(record("c", "error"))
    results.close()
    kept = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["source"], r["status"]) for r in kept] == [
        ("a", "finished"),
        ("b", "finished"),
        ("c", "error"),
    ]


def test_only_ended_articles_count_as_done(tmp_path: Path) -> None:
    results = ResultsFile(tmp_path / "deep" / "results.jsonl")
    results.open()
    for source, status in [
        ("f", "finished"),
        ("x", "failed"),
        ("r", "rejected"),
        ("p", "pending"),
        ("e", "error"),
    ]:
        results.append(record(source, status))
    assert [s for s in "fxrpe" if results.done(s, "k1")] == ["f", "x", "r"]
    results.close()
    assert len((tmp_path / "deep" / "results.jsonl").read_text().splitlines()) == 5
