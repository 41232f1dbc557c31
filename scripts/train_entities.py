"""Train the built-in entity CRF on IndoNLU NERGrit + NERP and report held-out entity F1.

Usage: .venv/bin/python scripts/train_entities.py [DATA_DIR] [--out MODEL]
DATA_DIR defaults to <repo>/../shared/data/indonlu (read in place, never copied).
A fixed, seeded part of each file is held out; the scores printed are on that part only.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import pycrfsuite  # noqa: E402

from service.pipeline.backends.builtin.entities import (  # noqa: E402
    DEFAULT_MODEL,
    bio_spans,
    token_features,
)

DEFAULT_DATA = REPO.parent / "shared" / "data" / "indonlu"
FILES = {"nergrit": "nergrit/train.txt", "nerp": "nerp/train.txt"}
TAG_MAP = {
    "PERSON": "PERSON", "PPL": "PERSON",
    "PLACE": "LOCATION", "PLC": "LOCATION",
    "ORGANISATION": "ORGANIZATION", "IND": "ORGANIZATION",
    "EVT": "EVENT", "FNB": "PRODUCT",
}
HOLDOUT_FRACTION = 0.15
SPLIT_SEED = 20240615

Sentence = tuple[list[str], list[str]]


def read_conll(path: Path) -> list[Sentence]:
    """`token<TAB>tag` lines, blank line between sentences; tags mapped to the service's types."""
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if toks:
                sents.append((toks, tags))
            toks, tags = [], []
            continue
        tok, _, tag = line.rstrip("\n").partition("\t")
        prefix, _, kind = tag.strip().partition("-")
        toks.append(tok)
        tags.append(f"{prefix}-{TAG_MAP[kind]}" if kind else "O")
    return sents


def split_holdout(sents: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """Deterministic (seeded) split: (train, held-out)."""
    order = list(range(len(sents)))
    random.Random(SPLIT_SEED).shuffle(order)
    n_held = int(len(sents) * HOLDOUT_FRACTION)
    held = set(order[:n_held])
    return ([s for i, s in enumerate(sents) if i not in held], [s for i, s in enumerate(sents) if i in held])


def load_split(data_dir: Path, name: str) -> tuple[list[Sentence], list[Sentence]]:
    return split_holdout(read_conll(data_dir / FILES[name]))


def evaluate(tagger: pycrfsuite.Tagger, sents: list[Sentence]) -> dict[str, float]:
    """Entity-level micro P/R/F1, exact span + type (conlleval-style)."""
    tp = n_pred = n_gold = 0
    for toks, gold in sents:
        pred = set(bio_spans(tagger.tag(token_features(toks))))
        want = set(bio_spans(gold))
        tp, n_pred, n_gold = tp + len(pred & want), n_pred + len(pred), n_gold + len(want)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "entities": n_gold}


def training_items(data_dir: Path) -> tuple[list[Sentence], dict[str, list[Sentence]]]:
    train: list[Sentence] = []
    held: dict[str, list[Sentence]] = {}
    for name in FILES:
        tr, held[name] = load_split(data_dir, name)
        train += tr
        if name == "nergrit":  # lowercased copies: robustness to unedited / all-lowercase text
            train += [([t.lower() for t in toks], tags) for toks, tags in tr]
    return train, held


def train(train_sents: list[Sentence], out: Path, c1: float, c2: float, iters: int) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for toks, tags in train_sents:
        trainer.append(token_features(toks), tags)
    trainer.set_params({
        "c1": c1, "c2": c2, "max_iterations": iters,
        "feature.minfreq": 2, "feature.possible_transitions": True,
    })
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=200)
    args = ap.parse_args()

    t0 = time.time()
    train_sents, held = training_items(args.data_dir)
    print(f"training sentences: {len(train_sents)}; held out: "
          + ", ".join(f"{k}={len(v)}" for k, v in held.items()))
    train(train_sents, args.out, args.c1, args.c2, args.iters)
    print(f"trained in {time.time() - t0:.0f}s -> {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")

    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.out))
    for name, sents in held.items():
        m = evaluate(tagger, sents)
        print(f"{name}-heldout: P={m['precision']:.4f} R={m['recall']:.4f} F1={m['f1']:.4f} "
              f"({m['entities']} entities)")


if __name__ == "__main__":
    main()
