"""Quality of the built-in entity backend on held-out Indonesian and English sentences.

Sets (never trained on; the splits are the training scripts' own):
- `nergrit`, `nerp`: the seeded 15 % of IndoNLU NERGrit (Wikipedia-like) and NERP (lowercased);
- `idner2k`: the IDNer2k online-news sentences whose text hash falls in the lowest 20 %;
- `pud_news`: Universal NER English-PUD's 500 news sentences, read as language "en" (never
  trained or tuned on; the English model trains on most of PUD's Wikipedia half and was tuned
  on the rest of it).
Unlike the training scripts' bare-CRF scores, this runs the FULL backend path: each sentence's
tokens are joined back into text as it was written (nltk's Treebank detokenizer: "Anggun C. Sasmi,"
rather than the sets' "Anggun C . Sasmi ,", which no article contains and which the sentence
splitter rightly cuts at "C ."), `extract()` runs on it (tokenizer, CRF, repair rules,
mention grouping), and every returned mention is compared with the gold chunks by character
span (a bracket or quote inside a gold token, as in IDNer2k's "(Jokowi)", is not part of the
name). Metric: entity-level micro precision / recall / F1, exact span + type, over the types the
set annotates; F1 per type too.

The cased sets are read a second time as headlines, every word capitalized ("Title Case") as
many outlets write their titles and RSS feeds carry them: `<set>_headlines`.

Usage: .venv/bin/python bench/quality_entities.py [--limit N]
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from nltk.tokenize.treebank import TreebankWordDetokenizer  # noqa: E402

from service.pipeline.backends.builtin.entities import CrfEntityRecognizer  # noqa: E402
from service.pipeline.backends.builtin.entities.decoding import bio_spans  # noqa: E402
from service.pipeline.document import Entity  # noqa: E402

Chunk = tuple[int, int, str]  # start, end (characters), type
Sentence = tuple[list[str], list[str]]
NAMES = ("PERSON", "ORGANIZATION", "LOCATION")


@cache
def _script(name: str) -> ModuleType:
    """scripts/ is not a package: its training scripts give the splits and label mappings."""
    return importlib.import_module(name)


def held_out(name: str) -> tuple[list[Sentence], str]:
    """A held-out set's sentences and the language code they are read as."""
    if name == "pud_news":
        en = _script("train_entities_en")
        return en.read_conll(en.PUD)[: en.PUD_NEWS], "en"
    return _script("train_entities").load_split(name)[1], "id"


SETS = ("nergrit", "nerp", "idner2k", "pud_news")
CASED_SETS = ("nergrit", "idner2k", "pud_news")


@cache
def _recognizer() -> CrfEntityRecognizer:
    return CrfEntityRecognizer()


_DETOKENIZER = TreebankWordDetokenizer()


def join_tokens(toks: list[str]) -> tuple[str, list[int]]:
    """The sentence's text as written, and each token's start offset in it; tokens joined with
    spaces where the detokenizer changed a token's spelling (2 of the 2,073 held-out sentences)."""
    text, starts, pos = _DETOKENIZER.detokenize(toks), [], 0
    for tok in toks:
        start = text.find(tok, pos)
        if start < 0:
            return spaced(toks)
        starts.append(start)
        pos = start + len(tok)
    return text, starts


def spaced(toks: list[str]) -> tuple[str, list[int]]:
    """Tokens joined with spaces, and each token's start offset."""
    starts, pos = [], 0
    for tok in toks:
        starts.append(pos)
        pos += len(tok) + 1
    return " ".join(toks), starts


_OPENERS = "([{\"'“‘«"
_CLOSERS = ")]}\"'”’»,;:"


def gold_spans(text: str, toks: list[str], starts: list[int], tags: list[str]) -> set[Chunk]:
    """Gold chunks as character spans of `text`, without the brackets and quotes some sets keep
    inside a token ("(Jokowi)" in IDNer2k is the name Jokowi)."""
    out: set[Chunk] = set()
    for a, b, kind in bio_spans(tags):
        start, end = starts[a], starts[b - 1] + len(toks[b - 1])
        while start < end and text[start] in _OPENERS:
            start += 1
        while end > start and text[end - 1] in _CLOSERS:
            end -= 1
        out.add((start, end, kind))
    return out


def mention_spans(entities: list[Entity]) -> set[Chunk]:
    return {(m.start, m.end, e.type) for e in entities for m in e.mentions}


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def title_case(toks: list[str]) -> list[str]:
    return [t[:1].upper() + t[1:] for t in toks]


Counts = tuple[Counter[str], Counter[str], Counter[str]]  # by type: matched, predicted, gold


def count_matches(
    sents: list[Sentence],
    language: str,
    recognizer: CrfEntityRecognizer,
    kinds: set[str],
    counts: Counts | None = None,
) -> Counts:
    """Add the full path's mentions of `kinds` and the gold chunks of `sents`, by type, to `counts`."""
    tp, n_pred, n_gold = counts or (Counter(), Counter(), Counter())
    for toks, gold in sents:
        text, starts = join_tokens(toks)
        pred = {c for c in mention_spans(recognizer.extract(text, language)) if c[2] in kinds}
        want = gold_spans(text, toks, starts, gold)
        for counter, chunks in ((n_pred, pred), (n_gold, want), (tp, pred & want)):
            counter.update(c[2] for c in chunks)
    return tp, n_pred, n_gold


def scores(counts: Counts, kinds: set[str]) -> dict[str, float]:
    """Micro precision, recall and F1, and F1 per type."""
    tp, n_pred, n_gold = counts
    p, r, f = _f1(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    out = {"precision": p, "recall": r, "f1": f}
    return out | {
        f"{kind}.f1": _f1(tp[kind], n_pred[kind], n_gold[kind])[2] for kind in NAMES if kind in kinds
    }


def evaluate_set(
    name: str,
    limit: int | None = None,
    recognizer: CrfEntityRecognizer | None = None,
    headline_case: bool = False,
) -> dict[str, float]:
    sents, language = held_out(name)
    if headline_case:
        sents = [(title_case(toks), tags) for toks, tags in sents]
    annotated = {c[2] for _, gold in sents for c in bio_spans(gold)}
    return scores(count_matches(sents[:limit], language, recognizer or _recognizer(), annotated), annotated)


def evaluate(limit: int | None = None, recognizer: CrfEntityRecognizer | None = None) -> dict[str, float]:
    """{"entities.<set>.<metric>": value}; `limit` caps the held-out sentences per set (the first
    N of the split) for a quick check. The cased sets in Title Case too (NERP is all lowercase):
    "entities.<set>_headlines.<metric>"."""
    out: dict[str, float] = {}
    for name, headline_case in [(n, False) for n in SETS] + [(n, True) for n in CASED_SETS]:
        key = f"{name}_headlines" if headline_case else name
        for metric, value in evaluate_set(name, limit, recognizer, headline_case).items():
            out[f"entities.{key}.{metric}"] = value
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="held-out sentences per set")
    ap.add_argument("--model", help="an Indonesian CRF model other than the shipped one")
    ap.add_argument("--clusters", help="its word-cluster table")
    ap.add_argument("--en-model", help="an English CRF model other than the shipped one")
    ap.add_argument("--en-clusters", help="its word-cluster table")
    args = ap.parse_args()
    recognizer = CrfEntityRecognizer(args.model, args.clusters, args.en_model, args.en_clusters)
    for key, value in evaluate(args.limit, recognizer).items():
        print(f"{key} {value:.4f}")


if __name__ == "__main__":
    main()
