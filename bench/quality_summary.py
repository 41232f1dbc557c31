"""What the extractive summary picks on the seeds, beside the "first N sentences" baseline.

There are no reference summaries for this news, so no score is claimed: the bench shows the
picks, how many differ from the lead, and that every pick is a body sentence in body order.

Usage: .venv/bin/python bench/quality_summary.py [--sentences 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.boilerplate import RuleBasedBoilerplateRemover  # noqa: E402
from service.pipeline.backends.builtin.summary import ExtractiveSummarizer  # noqa: E402
from service.pipeline.text import split_sentences  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def picks(sentences: int) -> list[tuple[str, list[str], list[str]]]:
    cleaner, summarizer = RuleBasedBoilerplateRemover(), ExtractiveSummarizer()
    rows = []
    for path in SEEDS:
        body = cleaner.clean(text=path.read_text(encoding="utf-8"))
        chosen = summarizer.summarize(body, "id", sentences).sentences
        assert all(body[s.start : s.end] == s.text for s in chosen if s.start is not None)
        assert [s.start for s in chosen] == sorted(s.start for s in chosen if s.start is not None)
        lead = [s.text for s in split_sentences(body)[:sentences]]
        rows.append((path.name[:3], [s.text for s in chosen], lead))
    return rows


def evaluate(limit: int | None = None, sentences: int = 3) -> dict[str, float]:
    rows = picks(sentences)[: limit or None]
    differing = sum(len(set(chosen) - set(lead)) for _, chosen, lead in rows)
    return {
        "summary.seeds.articles": float(len(rows)),
        "summary.seeds.sentences_not_in_lead": float(differing),
        "summary.seeds.in_order_with_offsets": 1.0,  # asserted in picks()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=3)
    args = parser.parse_args()
    for seed, chosen, lead in picks(args.sentences):
        print(f"seed {seed}:")
        for text in chosen:
            print(f"  {'  ' if text in lead else '+ '}{text[:110]}")
    for name, value in evaluate(sentences=args.sentences).items():
        print(f"{name} {value:g}")
    print("('+' marks a pick that the first-N baseline would not have made)")


if __name__ == "__main__":
    main()
