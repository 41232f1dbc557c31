"""Quote attribution on 40 hand-labelled IndoSum articles (bench/quotes_gold.jsonl; how they were
drawn and labelled: bench/quotes_gold.md), beside a simple baseline. Two sets: "a" (30 articles)
was blind for the first version of the rules and has been looked at since; "b" (10 more) is
blind for the current rules.

Entities come from the full service path (CRF recogniser, then known-name merging); quotes from
`extract_quotes`. Matching, one to one: a predicted quote matches a gold quote of the same kind
when their character spans overlap by at least half of the longer one; a (quote, speaker) pair
also needs the speaker to match: the predicted speaker's text, or the name of the entity it
points to, contains one of the gold speaker's forms as whole words (case-insensitive), and a gold
"nobody" matches only a predicted null.

Baseline: every span between paired quote marks is a direct quote, said by the PERSON mentioned
nearest before it in the same paragraph (else the nearest after); no indirect speech.

Usage: .venv/bin/python bench/quality_quotes.py [--errors]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.entities import CrfEntityRecognizer  # noqa: E402
from service.pipeline.backends.builtin.entity_aliases import KnownNames, merge_known_names  # noqa: E402
from service.pipeline.backends.builtin.quotes import extract_quotes  # noqa: E402
from service.pipeline.document import Entity, Quote, Speaker  # noqa: E402

GOLD = ROOT / "bench" / "quotes_gold.jsonl"
INDOSUM = ROOT.parent / "shared" / "data" / "indosum" / "indosum.jsonl.gz"
SELECTION = re.compile(r'["“”«»„]|\b(?:mengatakan|menurut|kata|ujar|said)\b')
MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class Gold:
    kind: str
    start: int
    end: int
    speaker: list[str] | None


def selected(rows: list[dict[str, str]], count: int = 30) -> list[str]:
    """The labelled articles: the first `count` by sha256(id) with a quote mark or a speech word."""
    order = sorted(rows, key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
    return [r["id"] for r in order if SELECTION.search(r["text"])][:count]


def load(part: str) -> list[tuple[str, list[Gold]]]:
    """Set "a": the first 30 drawn (blind for the first version of the rules); "b": the next 10
    (labelled after the rules were revised on a's errors, blind for that revision)."""
    with gzip.open(INDOSUM, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    texts = {r["id"]: r["text"] for r in rows}
    labelled = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [a["id"] for a in labelled] == selected(rows, 40), "the gold file is not the drawn selection"
    assert [a["set"] for a in labelled] == ["a"] * 30 + ["b"] * 10
    out = []
    for article in (a for a in labelled if a["set"] == part):
        text = texts[article["id"]]
        golds = []
        for q in article["quotes"]:
            span = text[q["start"] : q["end"]]
            assert span.startswith(q["begins"]) and span.endswith(q["ends"]), (article["id"], q["begins"])
            golds.append(Gold(q["kind"], q["start"], q["end"], q["speaker"]))
        out.append((text, golds))
    return out


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def speaker_matches(gold: list[str] | None, speaker: Speaker | None, entities: list[Entity]) -> bool:
    if gold is None or speaker is None:
        return gold is None and speaker is None
    said = [_words(speaker.text)]
    if speaker.entity is not None:
        said.append(_words(entities[speaker.entity].text))
    return any(_words(form) in text for form in gold for text in said)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, shared) / max(a[1] - a[0], b[1] - b[0], 1)


def match(golds: list[Gold], quotes: list[Quote]) -> list[tuple[Gold, Quote]]:
    """One-to-one, greedily by overlap."""
    candidates = sorted(
        (
            (overlap((g.start, g.end), (q.start, q.end)), i, j)
            for i, g in enumerate(golds)
            for j, q in enumerate(quotes)
            if g.kind == q.kind
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_q: set[int] = set()
    pairs = []
    for share, i, j in candidates:
        if share >= MIN_OVERLAP and i not in used_g and j not in used_q:
            used_g.add(i)
            used_q.add(j)
            pairs.append((golds[i], quotes[j]))
    return pairs


def baseline(text: str, entities: list[Entity]) -> list[Quote]:
    persons = sorted(
        (m.start, m.end, i) for i, e in enumerate(entities) if e.type == "PERSON" for m in e.mentions
    )
    quotes = []
    for m in re.finditer(r'"([^"\n]+)"|“([^”\n]+)”', text):
        start, end = m.span(1) if m.group(1) is not None else m.span(2)
        line_start = text.rfind("\n", 0, start) + 1
        line_end = len(text) if text.find("\n", end) == -1 else text.find("\n", end)
        before = [p for p in persons if line_start <= p[0] and p[1] <= start]
        after = [p for p in persons if end <= p[0] and p[1] <= line_end]
        near = before[-1] if before else after[0] if after else None
        speaker = Speaker(text[near[0] : near[1]], near[2]) if near else None
        quotes.append(Quote(text[start:end], start, end, "direct", speaker))
    return quotes


Extractor = Callable[[str, list[Entity]], list[Quote]]


def score(
    data: list[tuple[str, list[Entity], list[Gold]]], extractor: Extractor, show: bool
) -> dict[str, float]:
    counts: dict[str, float] = {}

    def add(key: str, value: float) -> None:
        counts[key] = counts.get(key, 0.0) + value

    for text, entities, golds in data:
        quotes = extractor(text, entities)
        pairs = match(golds, quotes)
        for kind in ("direct", "indirect"):
            add(f"{kind}.gold", sum(g.kind == kind for g in golds))
            add(f"{kind}.predicted", sum(q.kind == kind for q in quotes))
            add(f"{kind}.spans", sum(g.kind == kind for g, _ in pairs))
            add(
                f"{kind}.pairs",
                sum(g.kind == kind and speaker_matches(g.speaker, q.speaker, entities) for g, q in pairs),
            )
        if show:
            _show_errors(text, entities, golds, quotes, pairs)
    metrics: dict[str, float] = {}
    for kind in ("direct", "indirect", "all"):
        kinds = ("direct", "indirect") if kind == "all" else (kind,)
        gold = sum(counts[f"{k}.gold"] for k in kinds)
        predicted = sum(counts[f"{k}.predicted"] for k in kinds)
        for what in ("spans", "pairs"):
            hit = sum(counts[f"{k}.{what}"] for k in kinds)
            p, r = hit / max(predicted, 1), hit / max(gold, 1)
            metrics[f"{kind}.{what}.precision"] = p
            metrics[f"{kind}.{what}.recall"] = r
            metrics[f"{kind}.{what}.f1"] = 2 * p * r / max(p + r, 1e-9)
        metrics[f"{kind}.gold"], metrics[f"{kind}.predicted"] = gold, predicted
    return metrics


def _show_errors(
    text: str, entities: list[Entity], golds: list[Gold], quotes: list[Quote], pairs: list[tuple[Gold, Quote]]
) -> None:
    matched_g = {id(g) for g, _ in pairs}
    matched_q = {id(q) for _, q in pairs}
    for g in golds:
        if id(g) not in matched_g:
            print(f"  MISSED {g.kind:8s} {g.speaker}  «{text[g.start : g.end][:70]}»")
    for q in quotes:
        if id(q) not in matched_q:
            print(f"  EXTRA  {q.kind:8s} {q.speaker.text if q.speaker else None}  «{q.text[:70]}»")
    for g, q in pairs:
        if not speaker_matches(g.speaker, q.speaker, entities):
            print(
                f"  WHO    {g.kind:8s} gold {g.speaker} got {q.speaker.text if q.speaker else None}  «{q.text[:50]}»"
            )


def evaluate(limit: int | None = None, show: bool = False) -> dict[str, float]:
    recognizer, names = CrfEntityRecognizer(), KnownNames.load("id")
    metrics: dict[str, float] = {}
    for part in ("a", "b"):
        data = []
        for text, golds in load(part)[: limit or None]:
            data.append((text, merge_known_names(text, recognizer.extract(text, "id"), names), golds))
        if show:
            print(f"set {part}:")
        metrics |= {f"quotes.{part}.{k}": v for k, v in score(data, extract_quotes, show).items()}
        baseline_scores = score(data, baseline, False).items()
        metrics |= {f"quotes.{part}.baseline.{k}": v for k, v in baseline_scores if k.startswith("direct")}
    return metrics


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", action="store_true", help="print every miss, extra and wrong speaker")
    args = parser.parse_args()
    for name, value in evaluate(show=args.errors).items():
        print(f"{name} {value:.4f}" if value < 10 else f"{name} {value:.0f}")


if __name__ == "__main__":
    main()
