"""Headlines written in Title Case ("IHSG Ditutup Menguat 1,2%, Saham Bank Jadi Penopang") or in
capitals give the CRF no case to go by: read that way, every word looks like part of a name.
Such a sequence is put back in sentence case before tagging, from a table of words that edited
news writes in lowercase mid-sentence (scripts/build_truecase.py); names, acronyms and words the
table does not know keep their capitals. Mentions keep the offsets and text of the original.
"""

from __future__ import annotations

import gzip
from pathlib import Path

# Headline styles differ in their short words ("Timnas Kalahkan Vietnam di Piala AFF"): only
# words this long are looked at.
LONG = 4
ACRONYM_MAX = 4  # a word in capitals this short stays as it is ("IHSG", "OPEC"): likely an acronym


def load_lowercase(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


def is_headline_case(toks: list[str], lowercase: frozenset[str]) -> bool:
    """Title Case or ALL CAPS: after the first token, every long word starts with a capital and
    one of them is a word edited text writes in lowercase. One long word in lowercase is a sign
    of an ordinary sentence, whose capitals then mean names."""
    words = [t for t in toks[1:] if len(t) >= LONG and t.isalpha()]
    return not any(t == t.lower() for t in words) and any(t.lower() in lowercase for t in words)


def sentence_case(toks: list[str], lowercase: frozenset[str]) -> list[str]:
    """The tokens as edited text would write them: table words in lowercase (the first one
    capitalized), other words in capitals that are longer than an acronym capitalized only."""
    out = []
    for i, tok in enumerate(toks):
        low = tok.lower()
        if low in lowercase and tok.isalpha():
            tok = low.capitalize() if i == 0 else low
        elif tok.isupper() and len(tok) > ACRONYM_MAX and tok.isalpha():
            tok = tok.capitalize()
        out.append(tok)
    return out
