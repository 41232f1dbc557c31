"""ARTICLES arguments -> items: files by suffix, folders, JSONL lines, and what cannot be sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.cli.inputs import InputError, Options, collect


def test_files_folders_and_jsonl(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Teks berita.", encoding="utf-8")
    (folder / "sub" / "b.HTML").write_text("<p>Halaman</p>", encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    lines = [
        {"id": "cms-1", "text": "Satu.", "title": "Judul", "features": ["entities"]},
        {"html": "<p>Dua</p>", "url": "https://example.com/2"},
    ]
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    items = collect(
        [str(folder), str(jsonl)], Options(features=("language",), summary_sentences=2, summary_chars=300)
    )
    assert [item.source for item in items] == [
        f"{folder}/a.txt", f"{folder}/sub/b.HTML", f"{jsonl}#cms-1", f"{jsonl}:2"
    ]  # fmt: skip
    payloads = [item.article.to_payload() for item in items if item.article]
    assert payloads[0] == {
        "text": "Teks berita.",
        "features": ["language"],
        "summary_sentences": 2,
        "summary_chars": 300,
    }
    assert payloads[1]["html"] == "<p>Halaman</p>"
    # A line's own options win over the command line's; its id is not sent.
    assert payloads[2] == {
        "title": "Judul",
        "text": "Satu.",
        "summary_sentences": 2,
        "summary_chars": 300,
        "features": ["entities"],
    }
    assert payloads[3]["url"] == "https://example.com/2" and payloads[3]["features"] == ["language"]
    assert all(item.key and item.key.startswith("sha256-") for item in items)


def test_lines_that_cannot_be_sent_are_items_with_a_problem(tmp_path: Path) -> None:
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_text('{"text": "ok"}\nnot json\n[1, 2]\n{"title": "no body"}\n{"text": "a", "html": "b"}\n')
    items = collect([str(jsonl)], Options())
    assert items[0].article is not None and items[0].problem is None
    assert [item.problem is not None for item in items] == [False, True, True, True, True]
    assert "not JSON" in (items[1].problem or "") and "exactly one" in (items[3].problem or "")
    assert all(item.key is None for item in items[1:])


def test_a_file_that_is_not_utf8_is_reported_not_sent(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Bogotá".encode("latin-1"))
    [item] = collect([str(latin)], Options())
    assert item.article is None and "cannot read" in (item.problem or "")


def test_arguments_that_name_nothing_readable_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        collect([str(tmp_path / "missing")], Options())
    other = tmp_path / "x.pdf"
    other.write_bytes(b"%PDF")
    with pytest.raises(InputError, match=r"not \.txt"):
        collect([str(other)], Options())
