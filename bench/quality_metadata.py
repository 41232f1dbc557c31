"""Metadata on IndoSum's held-out half: is the outlet read from plain text the article's real outlet?

    PYTHONPATH=. .venv/bin/python bench/quality_metadata.py [--limit N] [--errors K]

IndoSum (../shared/data/indosum, read in place) records each article's `source` outlet, so outlet
precision and recall need no hand labels. The held-out half (`in_holdout` on the article id, the
rule scripts/build_regions.py also keeps out) was never looked at while writing the rules.
Beside it, a naive baseline: the text before the first " - " of the first line, looked up in the
same outlet table. `coverage` is the share of articles whose text names its outlet at all (the
ceiling for recall: Kumparan, Goal and DailySocial articles never do).
Also: the share with a dateline, and with an author or editor, on the same half.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.metadata import extract_metadata  # noqa: E402
from service.pipeline.backends.builtin.metadata.outlets import normalise_outlet  # noqa: E402
from service.pipeline.backends.builtin.regions import in_holdout  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "indosum" / "indosum.jsonl.gz"
SOURCE_OUTLETS = {
    "cnn indonesia": "CNN Indonesia",
    "kumparan": "Kumparan",
    "dailysocial.id": "DailySocial",
    "antaranews": "Antara",
    "merdeka": "Merdeka.com",
    "juara.net": "JUARA.net",
    "suara": "Suara.com",
    "goal indonesia": "Goal Indonesia",
    "rimanews": "Rimanews",
    "poskotanews": "Pos Kota",
}
# Outlets that never name themselves in IndoSum's text (checked on the training half).
SILENT = {"Kumparan", "Goal Indonesia", "DailySocial"}


def naive_outlet(text: str) -> str | None:
    first = text.split("\n", 1)[0]
    head = first.split(" - ", 1)[0] if " - " in first else ""
    return normalise_outlet(head.split(",")[-1].split("(")[-1].strip(" )")) if head else None


def evaluate(limit: int | None = None, errors: int = 0) -> dict[str, float]:
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        articles = [a for a in map(json.loads, f) if in_holdout(a["id"])]
    articles = articles[:limit] if limit else articles
    counts = {"n": 0, "named": 0, "out": 0, "right": 0, "naive_out": 0, "naive_right": 0}
    counts |= {"dateline": 0, "byline": 0}
    for article in articles:
        gold = SOURCE_OUTLETS[article["source"]]
        meta = extract_metadata(text=article["text"], html=None)
        naive = naive_outlet(article["text"])
        counts["n"] += 1
        counts["named"] += gold not in SILENT
        counts["out"] += meta.outlet is not None
        counts["right"] += meta.outlet == gold
        counts["naive_out"] += naive is not None
        counts["naive_right"] += naive == gold
        counts["dateline"] += meta.dateline is not None
        counts["byline"] += bool(meta.authors or meta.editors)
        if errors and meta.outlet not in (None, gold):
            errors -= 1
            print(f"  outlet {meta.outlet!r} for {gold!r}: {article['text'][:100]!r}", file=sys.stderr)
    n = counts["n"]
    return {
        "metadata.indosum.articles": float(n),
        "metadata.indosum.outlet.precision": counts["right"] / max(1, counts["out"]),
        "metadata.indosum.outlet.recall": counts["right"] / n,
        "metadata.indosum.outlet.coverage": counts["named"] / n,
        "metadata.indosum.naive.outlet.precision": counts["naive_right"] / max(1, counts["naive_out"]),
        "metadata.indosum.naive.outlet.recall": counts["naive_right"] / n,
        "metadata.indosum.dateline_rate": counts["dateline"] / n,
        "metadata.indosum.byline_rate": counts["byline"] / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", type=int, default=0, help="print up to K wrong outlets")
    args = parser.parse_args()
    for name, value in evaluate(args.limit, args.errors).items():
        print(f"{name} {value:.4f}")


if __name__ == "__main__":
    main()
