"""Entity salience on IndoSum: does the ranking put first the entities the human summary names?

IndoSum (../shared/data/indosum, CC BY-SA 4.0) has a human-written summary per article and no
entity labels, so an entity counts as salient when one of its forms appears in the summary. The
title is the article id's slug ("1499206500-sandi-tak-gentar-dipanggil-polda": lowercase, cut at
about 50 characters): weaker than a real title, so the title weight is if anything underrated here.
Entities come from the full path the service runs: the CRF recogniser, then known-name merging.

Split: an article is held out when sha256(id) % 5 == 0 (about a fifth); --tune chooses the
weights on the other articles only, and the figures printed are on the held-out ones. Metrics per
article with at least one salient and one other entity, averaged: average precision of the
ranking (map) and whether the top entity is salient (p_at_1). Baselines beside: mention count,
and first mention first.

Usage: .venv/bin/python bench/quality_entity_profile.py [--limit N] [--tune]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.entities import CrfEntityRecognizer  # noqa: E402
from service.pipeline.backends.builtin.entity_aliases import KnownNames, merge_known_names  # noqa: E402
from service.pipeline.backends.builtin.entity_profile import aliases, salience  # noqa: E402
from service.pipeline.document import Entity  # noqa: E402

INDOSUM = ROOT.parent / "shared" / "data" / "indosum" / "indosum.jsonl.gz"
Article = tuple[str, str, list[Entity], list[bool]]  # body, title, entities, salient per entity


def held_out(article_id: str) -> bool:
    return int(hashlib.sha256(article_id.encode()).hexdigest(), 16) % 5 == 0


def _plain(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def articles(split: str, limit: int | None) -> list[Article]:
    recognizer, names = CrfEntityRecognizer(), KnownNames.load("id")
    out: list[Article] = []
    with gzip.open(INDOSUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if held_out(row["id"]) != (split == "heldout"):
                continue
            body = row["text"]
            title = row["id"].split("-", 1)[-1].replace("-", " ")
            entities = merge_known_names(body, recognizer.extract(body, "id"), names)
            summary = _plain(row["summary"])
            salient = [any(_plain(form) in summary for form in aliases(e)) for e in entities]
            if any(salient) and not all(salient):
                out.append((body, title, entities, salient))
            if limit and len(out) >= limit:
                break
    return out


def average_precision(scores: list[float], salient: list[bool]) -> float:
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if salient[i]:
            hits += 1
            total += hits / rank
    return total / max(1, sum(salient))


Ranker = Callable[[str, str, list[Entity]], list[float]]


def score(data: list[Article], ranker: Ranker) -> dict[str, float]:
    aps, tops = [], []
    for body, title, entities, salient in data:
        scores = ranker(body, title, entities)
        aps.append(average_precision(scores, salient))
        tops.append(float(salient[max(range(len(scores)), key=lambda i: scores[i])]))
    return {"map": sum(aps) / len(aps), "p_at_1": sum(tops) / len(tops), "articles": float(len(data))}


RANKERS: dict[str, Ranker] = {
    "salience": lambda body, title, entities: salience(body, title, entities),
    "count": lambda body, title, entities: [float(len(e.mentions)) for e in entities],
    "first": lambda body, title, entities: [-float(min(m.start for m in e.mentions)) for e in entities],
}


def evaluate(limit: int | None = None) -> dict[str, float]:
    data = articles("heldout", limit)
    metrics: dict[str, float] = {}
    for name, ranker in RANKERS.items():
        for key, value in score(data, ranker).items():
            metrics[
                f"entities.salience.{name}.{key}" if name != "salience" else f"entities.salience.{key}"
            ] = value
    return metrics


def tune(limit: int | None) -> None:
    data = articles("dev", limit)
    grid = itertools.product((0.0, 1.0, 2.0, 4.0), (0.0, 0.5, 1.0, 2.0), (0.0, 1.0, 3.0, 6.0))
    results = []
    for decay, lead, title in grid:
        ranker: Ranker = lambda b, t, e, d=decay, le=lead, ti=title: salience(b, t, e, d, le, ti)  # noqa: E731
        results.append((score(data, ranker)["map"], decay, lead, title))
    for ap, decay, lead, title in sorted(results, reverse=True)[:8]:
        print(f"map {ap:.4f}  position_decay {decay:.1f}  lead_bonus {lead:.1f}  title_bonus {title:.1f}")
    print(f"({len(data)} development articles)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--tune", action="store_true", help="grid-search the weights on the development split"
    )
    args = parser.parse_args()
    if args.tune:
        tune(args.limit)
        return
    for name, value in evaluate(args.limit).items():
        print(f"{name} {value:.4f}")


if __name__ == "__main__":
    main()
