"""Build the entity backend's tables of words that edited text writes in lowercase mid-sentence
(entities/truecase.py puts Title Case and ALL CAPS headlines back in sentence case with them).

Usage: .venv/bin/python scripts/build_truecase.py

Counted on cased, edited text only, never on a held-out part: Indonesian from the training parts
of NERGrit and IDNer2k and the IndoSum news articles outside the summary bench's held-out part
(CC BY-SA 4.0); English from the training
parts of GMB, EWT and PUD's Wikipedia half (the English model's own training text). A word is in
the table when it was seen at least MIN_SEEN times away from a sentence's start and at least
LOWER_SHARE of those in lowercase. Headlines use words that body text seldom does ("Kalahkan",
"Pangkas"): a word seen less often is in the table when wordfreq counts it common in the language
(Zipf band COMMON_BAND or more) and the lexicon knows it as no name or place.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_entities
import train_entities_en
from entity_training import DATA, read_conll, split_by_hash, write_table

from bench.quality_summary import in_holdout
from service.pipeline.backends.builtin.entities.lexicons import DATA as MODELS
from service.pipeline.backends.builtin.entities.lexicons import Lexicon, cue, gazetteer
from service.pipeline.backends.builtin.entities.tokenizer import sequences

MIN_SEEN, LOWER_SHARE = 3, 0.9
# Chosen on text never held out, every word capitalized: the English model's PUD-Wikipedia tuning
# split (micro F1 0.615 with band 4, 0.629 with band 3) and the Indonesian training sentences
# (IDNer2k's training part and 1,000 of NERGrit's: 0.898 with band 4, 0.881 with band 3).
COMMON_BAND = {0: "4", 1: "3"}  # Indonesian, English
INDOSUM = DATA / "indosum" / "indosum.jsonl.gz"
_STOPS = frozenset(".!?:\"'“”")


def lowercase_words(sentences: Iterable[list[str]], lexicon: Lexicon, language: int) -> list[str]:
    """`language`: the index of its Zipf band in Lexicon.zipf's pairs (0 Indonesian, 1 English)."""
    seen: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for toks in sentences:
        if _headline(toks):
            continue
        for prev, tok in itertools.pairwise(toks):
            if not tok.isalpha() or prev in _STOPS or (tok.isupper() and len(tok) > 1):
                continue
            low = tok.lower()
            seen[low] += 1
            lower[low] += tok == low
    words = {w for w, n in seen.items() if n >= MIN_SEEN and lower[w] >= LOWER_SHARE * n}
    for word, bands in lexicon.zipf.items():
        common = bands[language] >= COMMON_BAND[language] or (language == 0 and _verb(word, bands[0]))
        if seen[word] < MIN_SEEN and common and _plain(word, lexicon):
            words.add(word)
    return sorted(words)


# An Indonesian verb's prefix: headlines are made of verbs ("Menganugerahi", "Menegur") that body
# text and wordfreq's common band seldom hold, and no name the lexicons know starts this way.
_VERB = re.compile(r"(?:me[mn]?|meng|meny|di|ber|ter|memper|diper)[a-z]{3,}")


def _verb(word: str, band: str) -> bool:
    return band >= "3" and _VERB.fullmatch(word) is not None


def _headline(toks: list[str]) -> bool:
    """Mostly capitalized: a headline or a list of names (IndoSum's text keeps "Baca juga" titles)."""
    words = [t for t in toks[1:] if t.isalpha()]
    return sum(t[:1].isupper() for t in words) >= 0.5 * len(words)


def _plain(word: str, lexicon: Lexicon) -> bool:
    """A common word of letters that no lexicon knows as a name, a place or a name cue."""
    return (
        word.isalpha()
        and word not in lexicon.names
        and word not in lexicon.place_prefixes
        and cue(word) in ("", "say")
        and not gazetteer([word])[0]
    )


def indonesian() -> Iterable[list[str]]:
    for name in ("nergrit", "idner2k"):
        yield from (toks for toks, _ in train_entities.load_split(name)[0])
    with gzip.open(INDOSUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            article = json.loads(line)
            if not in_holdout(article["id"]):  # the summary bench's held-out articles stay unread
                yield from ([t for t, _, _ in seq] for seq in sequences(article["text"]))


def english() -> Iterable[list[str]]:
    for path in train_entities_en.FILES.values():
        yield from (toks for toks, _ in split_by_hash(read_conll(path), train_entities_en.HOLDOUT_PERCENT)[0])
    pud = read_conll(train_entities_en.PUD)[train_entities_en.PUD_NEWS :]
    yield from (toks for toks, _ in split_by_hash(pud, train_entities_en.WIKI_TUNE_PERCENT)[0])


def main() -> None:
    lexicon = Lexicon.load()
    for corpus, language, name in (
        (indonesian(), 0, "entities-lowercase.txt.gz"),
        (english(), 1, "entities-lowercase-en.txt.gz"),
    ):
        words = lowercase_words(corpus, lexicon, language)
        write_table(MODELS / name, words)
        print(f"{name}: {len(words)} words, {(MODELS / name).stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
