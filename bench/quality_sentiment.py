"""Quality and speed of the built-in sentiment backend on two held-out sets it never trained on.

- SmSA (IndoNLU reviews and comments): rows `in_holdout` picks (md5 of the text, 15%).
- CNBC Indonesia finance-news headlines: rows `headline_in_holdout` picks (md5 of the lowercase
  words, 15%, so that a headline repeated with other capitals stays on one side).
- English news (`en_cnndm`): the 100 cnndm-dev articles, their tone labelled by hand
  (bench/sentiment_en_gold.md), read as English; never used to fit the English calibration.

Every row goes through the FULL backend path, `analyze(text, "id")` (sentence split, both heads,
the gate, the article aggregation), as a request whose text is just that would. Metrics: accuracy,
macro-F1 and per-class F1 of the label; expected calibration error (ECE, 10 bins) of the top score;
the share of rows scored >= 0.8 and how often those are right; the gate's mean news share. Beside
each set, the majority-label baseline (always the set's most frequent label). Speed: median
milliseconds per seed article over 50 runs.

`sentiment.cnbc.pipeline.accuracy`: the CNBC headlines again, each as a request with just that text
through the whole pipeline (boilerplate, language detection, sentiment), as an RSS client sends
them: language detection guesses wrong on short text, and this is where that would show.

Usage: .venv/bin/python bench/quality_sentiment.py [--limit N] [--no-speed]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.sentiment import LexicalSentimentAnalyzer  # noqa: E402
from service.pipeline.backends.builtin.sentiment_features import headline_in_holdout, in_holdout  # noqa: E402
from service.pipeline.document import SENTIMENT_LABELS  # noqa: E402

DATA = ROOT.parent / "shared/data/indonlu/smsa/train.tsv"
CNNDM = ROOT.parent / "shared/data/cnndm-dev/cnndm-dev.jsonl.gz"
ENGLISH_GOLD = ROOT / "bench" / "sentiment_en_gold.jsonl"
HEADLINES = ROOT.parent / "shared/data/cnbc-headlines/train.jsonl.gz"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CONFIDENT = 0.8


def load(path: Path = DATA) -> list[tuple[str, str]]:
    """(text, label) rows of an SmSA TSV file, in file order."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if label in SENTIMENT_LABELS:
            rows.append((text, label))
    return rows


def load_headlines(path: Path = HEADLINES) -> list[tuple[str, str]]:
    """(headline, label) rows of the CNBC headline set, in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [(row["text"], row["label"]) for row in map(json.loads, fh)]


def load_english() -> list[tuple[str, str]]:
    """(article, label) of the cnndm set of bench/sentiment_en_gold.jsonl: English news whose tone
    was labelled by hand and never used to fit anything (see sentiment_en_gold.md)."""
    labels = {
        row["id"]: row["label"]
        for row in map(json.loads, ENGLISH_GOLD.read_text(encoding="utf-8").splitlines())
        if row["set"] == "cnndm"
    }
    with gzip.open(CNNDM, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [("\n".join(r["article_lines"]), labels[r["hash"]]) for r in rows if r["hash"] in labels]


# Per held-out set: its loader, its hold-out rule and the language it is read in.
SETS: dict[str, tuple[Callable[[], list[tuple[str, str]]], Callable[[str], bool], str]] = {
    "smsa": (load, in_holdout, "id"),
    "cnbc": (load_headlines, headline_in_holdout, "id"),
    "en_cnndm": (load_english, lambda text: True, "en"),  # every row: the labels are held out whole
}


def held_out(limit: int | None = None, name: str = "smsa") -> list[tuple[str, str]]:
    """Held-out rows of one set; with `limit`, that many evenly spaced over them (deterministic, and
    spread over the whole file rather than its first part)."""
    loader, rule, _ = SETS[name]
    rows = [r for r in loader() if rule(r[0])]
    if limit is None or limit >= len(rows):
        return rows
    return [rows[i * len(rows) // limit] for i in range(limit)]


@cache
def _analyzer() -> LexicalSentimentAnalyzer:
    return LexicalSentimentAnalyzer()


def class_f1(gold: np.ndarray, pred: np.ndarray) -> list[float]:
    f1s = []
    for k in range(len(SENTIMENT_LABELS)):
        tp = int(((pred == k) & (gold == k)).sum())
        wrong = int(((pred == k) != (gold == k)).sum())  # false positives + false negatives
        f1s.append(2 * tp / (2 * tp + wrong) if tp else 0.0)
    return f1s


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    return float(np.mean(class_f1(gold, pred)))


def ece(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top label: bin by score, weigh |accuracy - mean score|."""
    which = np.minimum((conf * bins).astype(int), bins - 1)
    total = 0.0
    for b in np.unique(which):
        sel = which == b
        total += sel.mean() * abs(correct[sel].mean() - conf[sel].mean())
    return float(total)


def label_metrics(prefix: str, gold: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    out = {prefix + "accuracy": float((pred == gold).mean()), prefix + "macro_f1": macro_f1(gold, pred)}
    for label, f1 in zip(SENTIMENT_LABELS, class_f1(gold, pred), strict=True):
        out[f"{prefix}f1.{label}"] = f1
    return out


def evaluate_set(
    name: str, limit: int | None = None, analyzer: LexicalSentimentAnalyzer | None = None
) -> dict[str, float]:
    analyzer = analyzer or _analyzer()
    rows = held_out(limit, name)
    gold = np.array([SENTIMENT_LABELS.index(label) for _, label in rows])
    results = [analyzer.analyze(text, SETS[name][2]) for text, _ in rows]
    pred = np.array([SENTIMENT_LABELS.index(r.label) for r in results])
    conf = np.array([r.score for r in results])
    correct = pred == gold
    sure = conf >= CONFIDENT
    prefix = f"sentiment.{name}."
    majority = SENTIMENT_LABELS.index(Counter(label for _, label in rows).most_common(1)[0][0])
    return {
        prefix + "rows": float(len(rows)),
        **label_metrics(prefix, gold, pred),
        prefix + "ece": ece(conf, correct),
        prefix + "confident_share": float(sure.mean()),
        prefix + "confident_accuracy": float(correct[sure].mean()) if sure.any() else 0.0,
        prefix + "news_share": float(np.mean([analyzer.news_share(text) for text, _ in rows])),
        **label_metrics(prefix + "majority.", gold, np.full(len(gold), majority)),
    }


def evaluate(limit: int | None = None, analyzer: LexicalSentimentAnalyzer | None = None) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for name in SETS:
        metrics |= evaluate_set(name, limit, analyzer)
    return metrics


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


def pipeline_accuracy(limit: int | None = None, name: str = "cnbc") -> float:
    """Accuracy on a held-out set through Pipeline.run, language detection included."""
    from service.config import Settings
    from service.pipeline.document import SENTIMENT, ArticleRequest
    from service.pipeline.runner import Pipeline

    pipeline = Pipeline.build(Settings.from_env().pipeline)
    rows = held_out(limit, name)
    right = 0
    for text, gold in rows:
        sentiment = pipeline.run(ArticleRequest(text=text, features=["sentiment"]))[SENTIMENT]
        right += sentiment.label == gold
    return right / len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="evenly spaced sample of each held-out set")
    ap.add_argument("--no-speed", action="store_true", help="skip the seed timing")
    args = ap.parse_args()
    for name, value in evaluate(args.limit).items():
        print(f"{name} {value:.4f}")
    print(f"sentiment.cnbc.pipeline.accuracy {pipeline_accuracy(args.limit):.4f}")
    print(f"sentiment.en_cnndm.pipeline.accuracy {pipeline_accuracy(args.limit, 'en_cnndm'):.4f}")
    if not args.no_speed:
        for name, ms in seed_ms().items():
            chars = len((ROOT / "seeds" / name).read_text(encoding="utf-8"))
            print(f"sentiment.ms_per_article {name} ({chars} chars) {ms:.2f}")


if __name__ == "__main__":
    main()
