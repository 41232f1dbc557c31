"""Quality and speed of the built-in sentiment backend on the held-out part of IndoNLU SmSA.

The held-out rows are the ones `in_holdout` picks (md5 of the text, 15%), so the model never trained
on them. Every row goes through the FULL backend path, `analyze(text, "id")` (chunking, scoring,
calibrated softmax), as an article would. Metrics: macro-F1 and accuracy of the label; expected
calibration error (ECE, 10 bins) of the top score; the share of rows scored >= 0.8 and how often
those are right. Speed: median milliseconds per seed article over 50 runs.

Usage: .venv/bin/python bench/quality_sentiment.py [--limit N] [--no-speed]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.sentiment import LexicalSentimentAnalyzer, in_holdout  # noqa: E402
from service.pipeline.document import SENTIMENT_LABELS  # noqa: E402

DATA = ROOT.parent / "shared/data/indonlu/smsa/train.tsv"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CONFIDENT = 0.8
PREFIX = "sentiment.smsa."


def load(path: Path = DATA) -> list[tuple[str, str]]:
    """(text, label) rows of an SmSA TSV file, in file order."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if label in SENTIMENT_LABELS:
            rows.append((text, label))
    return rows


def held_out(limit: int | None = None, path: Path = DATA) -> list[tuple[str, str]]:
    """Held-out rows; with `limit`, that many evenly spaced over them (deterministic, and spread over
    the whole file rather than its first part)."""
    rows = [r for r in load(path) if in_holdout(r[0])]
    if limit is None or limit >= len(rows):
        return rows
    return [rows[i * len(rows) // limit] for i in range(limit)]


@cache
def _analyzer() -> LexicalSentimentAnalyzer:
    return LexicalSentimentAnalyzer()


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    f1s = []
    for k in range(len(SENTIMENT_LABELS)):
        tp = int(((pred == k) & (gold == k)).sum())
        wrong = int(((pred == k) != (gold == k)).sum())  # false positives + false negatives
        f1s.append(2 * tp / (2 * tp + wrong) if tp else 0.0)
    return float(np.mean(f1s))


def ece(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top label: bin by score, weigh |accuracy - mean score|."""
    which = np.minimum((conf * bins).astype(int), bins - 1)
    total = 0.0
    for b in np.unique(which):
        sel = which == b
        total += sel.mean() * abs(correct[sel].mean() - conf[sel].mean())
    return float(total)


def evaluate(limit: int | None = None, analyzer: LexicalSentimentAnalyzer | None = None) -> dict[str, float]:
    analyzer = analyzer or _analyzer()
    rows = held_out(limit)
    gold = np.array([SENTIMENT_LABELS.index(label) for _, label in rows])
    results = [analyzer.analyze(text, "id") for text, _ in rows]
    pred = np.array([SENTIMENT_LABELS.index(r.label) for r in results])
    conf = np.array([r.score for r in results])
    correct = pred == gold
    sure = conf >= CONFIDENT
    return {
        PREFIX + "macro_f1": macro_f1(gold, pred),
        PREFIX + "accuracy": float(correct.mean()),
        PREFIX + "ece": ece(conf, correct),
        PREFIX + "confident_share": float(sure.mean()),
        PREFIX + "confident_accuracy": float(correct[sure].mean()) if sure.any() else 0.0,
    }


def seed_ms(runs: int = 50, analyzer: LexicalSentimentAnalyzer | None = None) -> dict[str, float]:
    """Median milliseconds of analyze() per seed article (after one warm-up call, as in a worker)."""
    analyzer = analyzer or _analyzer()
    out = {}
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        analyzer.analyze(text, "id")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            analyzer.analyze(text, "id")
            times.append(time.perf_counter() - start)
        out[seed.name] = statistics.median(times) * 1e3
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="evenly spaced sample of the held-out rows")
    ap.add_argument("--no-speed", action="store_true", help="skip the seed timing")
    args = ap.parse_args()
    for name, value in evaluate(args.limit).items():
        print(f"{name} {value:.4f}")
    if not args.no_speed:
        for name, ms in seed_ms().items():
            chars = len((ROOT / "seeds" / name).read_text(encoding="utf-8"))
            print(f"sentiment.ms_per_article {name} ({chars} chars) {ms:.2f}")


if __name__ == "__main__":
    main()
