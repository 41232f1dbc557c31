"""The language-text data set (../shared/data/language-text), split by a fixed hash rule.

Three sets, each item with the key its hold-out membership is drawn from (`in_holdout`, 30 %):
  tatoeba  short conversational sentences: ms, id, tl, jv (key: the text)
  nusa     NusaParagraph paragraphs: jv, su, min (key: the text)
  ntrex    news sentences, ms and id, from disjoint documents (key: the document id, so no document
           straddles the split)
scripts/train_language.py trains on the rest; bench/quality_language.py reports the held-out part.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from service.pipeline.backends.builtin.language_malayic import in_holdout

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "language-text"
SETS = ("tatoeba", "nusa", "ntrex")


class Item(NamedTuple):
    text: str
    lang: str
    set: str
    held_out: bool


def _read(name: str) -> Iterator[dict[str, str]]:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def items() -> list[Item]:
    """Every item of the three sets, in file order; [] when the data is not here."""
    if not DATA.is_dir():
        return []
    out = []
    for row in _read("sentences.jsonl.gz"):
        name = "nusa" if row["granularity"] == "paragraph" else "tatoeba"
        out.append(Item(row["text"], row["lang"], name, in_holdout(row["text"])))
    for row in _read("ms_id_news_sentences.jsonl.gz"):
        out.append(Item(row["text"], row["lang"], "ntrex", in_holdout(str(row["doc_id"]))))
    return out


def held_out(name: str) -> list[tuple[str, str]]:
    """(text, language) of one set's held-out part."""
    return [(item.text, item.lang) for item in items() if item.set == name and item.held_out]
