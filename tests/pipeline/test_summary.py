"""Builtin extractive summary on the seeds: sentences come from the text, at their offsets, in order."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from service.pipeline.backends.builtin.summary import ExtractiveSummarizer
from service.pipeline.text import split_sentences

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def body(path: Path) -> str:
    """Crude boilerplate removal for the test: keep only paragraphs longer than 80 characters."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return "\n".join(line for line in lines if len(line.strip()) > 80)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
@pytest.mark.parametrize("max_sentences", [1, 3])
def test_seed_summary(seed: Path, max_sentences: int) -> None:
    text = body(seed)
    summary = ExtractiveSummarizer().summarize(text, "id", max_sentences)
    assert 1 <= len(summary.sentences) <= max_sentences
    all_sentences = split_sentences(text)
    for s in summary.sentences:
        assert text[s.start : s.end] == s.text
        assert s in all_sentences  # whole sentences of the article, so in its language
    starts = [s.start for s in summary.sentences]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert summary.text == " ".join(s.text for s in summary.sentences)


def test_skips_quotes_and_duplicates() -> None:
    text = (
        "Presiden Rusia Vladimir Putin akan mengunjungi Korea Utara pekan depan untuk bertemu Kim Jong Un.\n"
        "“Kami akan melakukan itu lebih lanjut dan hubungan kita sangat besar,” tegasnya.\n"
        "Presiden Rusia Vladimir Putin akan mengunjungi Korea Utara pekan depan untuk bertemu Kim Jong Un.\n"
        "Amerika Serikat dan Korea Selatan khawatir kunjungan Putin ke Korea Utara memperkuat kerja sama militer.\n"
    )
    summary = ExtractiveSummarizer().summarize(text, "id", 3)
    assert [s.start for s in summary.sentences] == [0, text.index("Amerika")]


def test_empty_and_other_language() -> None:
    assert ExtractiveSummarizer().summarize("", "id", 3).sentences == []
    text = "Short. Tiny.\nThe council approved the new budget for schools and hospitals on Monday evening."
    summary = ExtractiveSummarizer().summarize(text, "xx", 2)
    assert [s.text for s in summary.sentences] == [text.split("\n")[1]]


def test_fast() -> None:
    text = max((p.read_text(encoding="utf-8") for p in SEEDS), key=len)
    summarizer = ExtractiveSummarizer()
    start = time.perf_counter()
    for _ in range(20):
        summarizer.summarize(text, "id", 3)
    assert (time.perf_counter() - start) / 20 < 0.05  # ~2 ms measured; loose for slow CI machines
