"""ROUGE of the built-in extractive summary beside LEAD-3, on IndoSum (held out) and CNN/DailyMail.

One scorer for every system: `rouge-score` with a lowercase Unicode word tokenizer and no stemming
(its default tokenizer keeps only a-z and 0-9, which would cut Indonesian and English words at every
accented letter). LEAD-3 is the first three sentences of the same `split_sentences` the summary uses.

- IndoSum: the articles `in_holdout` picks (md5 of the article id, 20%), which the model never saw;
  the reference is the human summary. The dump holds only official dev folds (02-05), so it has no
  train/test field of its own to respect. Scored without a title (the harder case, as for a
  client that sends none) and with the title (the article id's slug, as the training script uses).
- cnndm-dev: 100 English articles and their highlights, measured only (never trained or tuned on).
- seeds: every pick is a body sentence (or its tail past a dateline) at exact offsets, in order;
  and the time of summarize() per seed's clean body (median of 50 runs, CPU time of this thread,
  so that other processes on a shared machine do not count).

Usage: .venv/bin/python bench/quality_summary.py [--limit N] [--sentences 3] [--no-speed]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.boilerplate import RuleBasedBoilerplateRemover  # noqa: E402
from service.pipeline.backends.builtin.summary import ExtractiveSummarizer  # noqa: E402
from service.pipeline.text import split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
INDOSUM = DATA / "indosum" / "indosum.jsonl.gz"
CNNDM = DATA / "cnndm-dev" / "cnndm-dev.jsonl.gz"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
HOLDOUT_PERCENT = 20
METRICS = ("rouge1", "rouge2", "rougeL")


def in_holdout(article_id: str, percent: int = HOLDOUT_PERCENT) -> bool:
    """Fixed hold-out membership by a hash of the article id (the rule sentiment uses on texts)."""
    return int(hashlib.md5(article_id.encode("utf-8")).hexdigest()[:8], 16) % 100 < percent


def slug_title(article_id: str) -> str:
    """IndoSum has no title field; its ids end with the headline's slug, cut at 50 characters
    ("1504976700-marquez-pebalap-tercepat-fp1-gp-san-marino"). A cut last word is dropped."""
    slug = article_id.partition("-")[2]
    parts = slug.split("-")
    return " ".join(parts[:-1] if len(slug) >= 50 else parts)


def indosum() -> Iterator[dict[str, Any]]:
    with gzip.open(INDOSUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def _spread(rows: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    """With `limit`, that many rows evenly spaced over all of them (deterministic)."""
    if limit is None or limit >= len(rows):
        return rows
    return [rows[i * len(rows) // limit] for i in range(limit)]


def held_out(limit: int | None = None) -> list[dict[str, Any]]:
    return _spread([a for a in indosum() if in_holdout(a["id"])], limit)


def cnndm(limit: int | None = None) -> list[dict[str, Any]]:
    with gzip.open(CNNDM, "rt", encoding="utf-8") as fh:
        return _spread([json.loads(line) for line in fh], limit)


class WordTokenizer:
    """Lowercase Unicode words, the tokens every system is scored on."""

    _WORD = re.compile(r"\w+")

    def tokenize(self, text: str) -> list[str]:
        return self._WORD.findall(text.lower())


@cache
def _scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=False, tokenizer=WordTokenizer())


def rouge(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Mean F1 x 100 of (system, reference) pairs."""
    totals = dict.fromkeys(METRICS, 0.0)
    for system, reference in pairs:
        for name, score in _scorer().score(reference, system).items():
            totals[name] += score.fmeasure
    return {name: 100 * total / max(len(pairs), 1) for name, total in totals.items()}


def lead(text: str, n: int = 3) -> str:
    return " ".join(s.text for s in split_sentences(text)[:n])


def _systems(
    summarizer: ExtractiveSummarizer, language: str, sentences: int
) -> dict[str, Callable[[dict[str, Any]], str]]:
    return {
        "builtin": lambda a: summarizer.summarize(a["text"], language, sentences).text,
        "lead3": lambda a: lead(a["text"], 3),
    }


def score_sets(limit: int | None = None, sentences: int = 3) -> dict[str, dict[str, float]]:
    """(set, system) -> ROUGE-1/2/L for the systems side by side; sets whose data is absent skipped."""
    summarizer = ExtractiveSummarizer()
    results: dict[str, dict[str, float]] = {}
    if INDOSUM.is_file():
        articles = held_out(limit)
        for name, system in _systems(summarizer, "id", sentences).items():
            results[f"indosum.{name}"] = rouge([(system(a), a["summary"]) for a in articles])
        titled = [
            (summarizer.summarize(a["text"], "id", sentences, title=slug_title(a["id"])).text, a["summary"])
            for a in articles
        ]
        results["indosum.builtin_titled"] = rouge(titled)
        results["indosum.articles"] = {"count": float(len(articles))}
    if CNNDM.is_file():
        articles = cnndm(limit)
        for name, system in _systems(summarizer, "en", sentences).items():
            results[f"cnndm.{name}"] = rouge([(system(a), a["highlights"]) for a in articles])
        results["cnndm.articles"] = {"count": float(len(articles))}
    return results


def seed_picks(sentences: int = 3) -> list[tuple[str, list[str]]]:
    """The summary of each seed's clean body; asserts exact offsets and body order."""
    cleaner, summarizer = RuleBasedBoilerplateRemover(), ExtractiveSummarizer()
    rows = []
    for path in SEEDS:
        body = cleaner.clean(text=path.read_text(encoding="utf-8"))
        chosen = summarizer.summarize(body, "id", sentences).sentences
        assert all(s.start is not None and body[s.start : s.end] == s.text for s in chosen)
        assert [s.start for s in chosen] == sorted(s.start for s in chosen if s.start is not None)
        rows.append((path.name[:3], [s.text for s in chosen]))
    return rows


def seed_ms(runs: int = 50, sentences: int = 3) -> dict[str, float]:
    """Median CPU milliseconds of summarize() per seed's clean body, after one warm-up call."""
    cleaner, summarizer = RuleBasedBoilerplateRemover(), ExtractiveSummarizer()
    out = {}
    for path in SEEDS:
        body = cleaner.clean(text=path.read_text(encoding="utf-8"))
        summarizer.summarize(body, "id", sentences)
        times = []
        for _ in range(runs):
            start = time.thread_time()
            summarizer.summarize(body, "id", sentences)
            times.append(time.thread_time() - start)
        out[path.name[:3]] = statistics.median(times) * 1e3
    return out


def evaluate(limit: int | None = None, sentences: int = 3) -> dict[str, float]:
    metrics = {"summary.seeds.articles": float(len(seed_picks(sentences)))}
    metrics["summary.seeds.in_order_with_offsets"] = 1.0  # asserted in seed_picks()
    for key, scores in score_sets(limit, sentences).items():
        for name, value in scores.items():
            metrics[f"summary.{key}.{name}"] = value
    for corpus in ("indosum", "cnndm"):
        if f"summary.{corpus}.builtin.rouge1" in metrics:
            for name in METRICS:
                gain = metrics[f"summary.{corpus}.builtin.{name}"] - metrics[f"summary.{corpus}.lead3.{name}"]
                metrics[f"summary.{corpus}.{name}_over_lead3"] = gain
    return metrics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="cap articles per data set")
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--no-speed", action="store_true", help="skip the timing loop over the seeds")
    args = parser.parse_args()
    for seed, chosen in seed_picks(args.sentences):
        print(f"seed {seed}:")
        for text in chosen:
            print(f"  {text[:110]}")
    results = score_sets(args.limit, args.sentences)
    print(f"\n{'set / system':34} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}")
    for key, scores in results.items():
        if "count" in scores:
            print(f"{key:34} {int(scores['count']):>8} articles")
        else:
            print(f"{key:34} " + " ".join(f"{scores[m]:8.2f}" for m in METRICS))
    if not args.no_speed:
        times = seed_ms(sentences=args.sentences)
        each = ", ".join(f"{seed} {ms:.2f}" for seed, ms in times.items())
        print(f"\nsummarize() per seed, median CPU ms: {each}; mean {statistics.mean(times.values()):.2f}")


if __name__ == "__main__":
    main()
