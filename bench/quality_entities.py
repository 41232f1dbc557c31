"""Quality of the built-in entity backend on the held-out part of IndoNLU NERGrit and NERP.

The held-out split is the one `scripts/train_entities.py` makes (fixed seed, 15% of each file), so
these sentences were never trained on. Unlike the training script's bare-CRF score, this runs the
FULL backend path: each sentence's tokens are joined with spaces into a text, `extract()` runs on
it (tokenizer, CRF, rule layer, mention grouping), and every returned mention is mapped back to
the token span it covers. Metric: entity-level micro precision / recall / F1, exact span + type.

Usage: .venv/bin/python bench/quality_entities.py [--limit N]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.entities import CrfEntityRecognizer  # noqa: E402
from service.pipeline.document import Entity  # noqa: E402

Chunk = tuple[int, int, str]  # first token, last token + 1, type


@cache
def _trainer() -> ModuleType:
    """scripts/ is not a package: load the training script for its split and label mapping."""
    spec = importlib.util.spec_from_file_location("train_entities", ROOT / "scripts" / "train_entities.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _recognizer() -> CrfEntityRecognizer:
    return CrfEntityRecognizer()


def join_tokens(toks: list[str]) -> tuple[str, list[int]]:
    """The text of space-joined tokens and each token's start offset."""
    starts, pos = [], 0
    for tok in toks:
        starts.append(pos)
        pos += len(tok) + 1
    return " ".join(toks), starts


def token_chunks(toks: list[str], starts: list[int], entities: list[Entity]) -> set[Chunk]:
    """Mentions as token spans; one that starts or ends inside a token cannot match gold, so it
    keeps a span that no gold chunk has (it still counts as a prediction)."""
    by_start = {s: i for i, s in enumerate(starts)}
    by_end = {s + len(t): i + 1 for i, (s, t) in enumerate(zip(starts, toks, strict=True))}
    out: set[Chunk] = set()
    for e in entities:
        for m in e.mentions:
            out.add((by_start.get(m.start, -1 - m.start), by_end.get(m.end, -1 - m.end), e.type))
    return out


def _score(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate_file(
    name: str, limit: int | None = None, recognizer: CrfEntityRecognizer | None = None
) -> dict[str, float]:
    te = _trainer()
    recognizer = recognizer or _recognizer()
    _, held = te.load_split(te.DEFAULT_DATA, name)
    tp = n_pred = n_gold = 0
    for toks, gold in held[:limit]:
        text, starts = join_tokens(toks)
        pred = token_chunks(toks, starts, recognizer.extract(text, "id"))
        want = set(te.bio_spans(gold))
        tp, n_pred, n_gold = tp + len(pred & want), n_pred + len(pred), n_gold + len(want)
    return _score(tp, n_pred, n_gold)


def evaluate(limit: int | None = None, recognizer: CrfEntityRecognizer | None = None) -> dict[str, float]:
    """{"entities.<file>.<precision|recall|f1>": value} for each IndoNLU file; `limit` caps the
    held-out sentences per file (the first N of the split) for a quick check."""
    out: dict[str, float] = {}
    for name in _trainer().FILES:
        for metric, value in evaluate_file(name, limit, recognizer).items():
            out[f"entities.{name}.{metric}"] = value
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="held-out sentences per file")
    ap.add_argument("--model", help="a CRF model other than the shipped one")
    ap.add_argument("--clusters", help="its word-cluster table")
    args = ap.parse_args()
    recognizer = CrfEntityRecognizer(args.model, args.clusters) if args.model else None
    for key, value in evaluate(args.limit, recognizer).items():
        print(f"{key} {value:.4f}")


if __name__ == "__main__":
    main()
