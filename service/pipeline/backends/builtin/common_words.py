"""The words a news worker will meet most, for backends to fill their per-word caches with at
warm-up, so that a new worker's first articles cost what a worker's articles cost after a while.

Backends keep a row per distinct word between articles (the entity CRF's weight sums, the
sentiment and Malayic models' logit rows); a word met the first time costs ~10-30 µs, and a
fresh worker meets nearly every word of its first articles the first time. The list is the
shipped wordfreq table the entity lexicon reads (data/entities-wordfreq.tsv.gz: Zipf bands 3..6 of
Indonesian and English words), plus the numbers and punctuation it leaves out. It is chosen
from general word frequencies, never from the articles a benchmark times.
"""

from __future__ import annotations

import gzip
import string
from functools import cache
from pathlib import Path

WORD_FREQ = Path(__file__).parent / "data" / "entities-wordfreq.tsv.gz"
_COLUMN = {"id": 1, "en": 2}  # the table's rows: word, Indonesian band, English band ("-": none)
# wordfreq drops numbers and punctuation; news is full of both. Years and small numbers (dates,
# counts, percentages) and the marks news typesets, straight and curly.
NUMBERS = (*map(str, range(0, 101)), *map(str, range(1900, 2101)), *(f"0{n}" for n in range(10)))
PUNCTUATION = (*string.punctuation, *"“”‘’–—…•·«»")


def common_words(language: str, min_band: int, path: Path = WORD_FREQ) -> list[str]:
    """Lowercased words whose Zipf band in `language` ("id" or "en") is at least `min_band` (Zipf 3:
    about once per million words), most frequent band first; none when the table is absent."""
    words, bands = _ranked(path, language)
    return list(words[: sum(band >= min_band for band in bands)])


@cache
def _ranked(path: Path, language: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The words the table gives a band in `language`, highest band first, and their bands: read
    once, as several backends prefill from it (~50 ms a read; ~2 MB a language kept)."""
    if not path.exists():
        return (), ()
    column = _COLUMN[language]
    rows: list[tuple[int, str]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = line.rstrip("\n").split("\t")
            if len(row) == 3 and row[column].isdigit():
                rows.append((-int(row[column]), row[0]))
    rows.sort()
    return tuple(word for _, word in rows), tuple(-band for band, _ in rows)


def capitalised(words: list[str]) -> list[str]:
    """Each word with its first letter upper case, as it starts a sentence or a name."""
    return [w[:1].upper() + w[1:] for w in words]
