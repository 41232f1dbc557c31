"""Tokens for the entity CRF, and the short sequences it tags.

Words split on hyphens and apostrophes as the IndoNLU data does; acronyms with dots ("U.S.") and
site names ("Kompas.com", a frequent source mention) stay whole. Sequences are the pipeline's
sentences (service/pipeline/text.py), cut again at MAX_SEQ_TOKENS.
"""

from __future__ import annotations

import re

from service.pipeline.text import split_sentences

Token = tuple[str, int, int]  # text, start, end (character offsets into the article)

MAX_SEQ_TOKENS = 80  # CRF cost is linear, but short sequences keep marginals sharp

# A word with any site-name suffixes in one alternative: as "\w+(?:\.(...)\b)+|\w+" but without
# matching each word twice (the same tokens on 13.6M characters of IndoSum, 43 % less time).
# Zero-width spaces and direction marks (U+200B-U+200F, U+2060, U+FEFF) are no tokens: pasted
# pages carry them ("Arema \u200e(2007-2008)"), and a name took the mark in.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|\w+(?:\.(?i:com|co|id|net|org|go|ac|or)\b)*|[^\w\s\u200b-\u200f\u2060\ufeff]",
    re.UNICODE,
)


# English titles and place words abbreviated with a full stop, one token as the English training
# sets write them ("St.", "Mr.", "Dr."): cut in two, "St. John" gave the place "St" and the person "John".
_ABBREVIATED = r"(?:St|Mt|Ft|Mr|Mrs|Ms|Dr|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Rev)\.(?!\w)"
_TOKEN_ABBREVIATED = re.compile(_ABBREVIATED + "|" + _TOKEN.pattern, re.UNICODE)


def tokenize(text: str, offset: int = 0, abbreviations: bool = False) -> list[Token]:
    pattern = _TOKEN_ABBREVIATED if abbreviations else _TOKEN
    return [(m.group(), m.start() + offset, m.end() + offset) for m in pattern.finditer(text)]


_DASHES = frozenset("- -- – —".split())
_DATELINE_MAX = 8  # tokens before a dateline's dash: "SEOUL, iNews.id -", "Liputan6.com, Seoul -"


def sequences(text: str, abbreviations: bool = False) -> list[list[Token]]:
    """One token sequence per sentence, a dateline apart, long ones cut every MAX_SEQ_TOKENS;
    `abbreviations`: English abbreviations with their full stop ("St.") are one token."""
    out: list[list[Token]] = []
    for sentence in split_sentences(text):
        assert sentence.start is not None  # split_sentences always gives offsets
        toks = tokenize(sentence.text, sentence.start, abbreviations)
        cut = _dateline_end(text, toks)
        if cut:
            out.append(toks[:cut])
            toks = toks[cut:]
        out += [toks[i : i + MAX_SEQ_TOKENS] for i in range(0, len(toks), MAX_SEQ_TOKENS)]
    return out


def _dateline_end(text: str, toks: list[Token]) -> int:
    """Tokens of a leading dateline ("SEOUL, iNews.id - Kunjungan ..."), 0 if none: capitalised
    words and punctuation, then a dash with spaces around it and a capital after. Read with the
    sentence, the CRF took "iNews.id - Kunjungan Presiden Rusia Vladimir Putin" for one name."""
    for i, (tok, start, end) in enumerate(toks[: _DATELINE_MAX + 1]):
        if tok in _DASHES and i > 0:
            j = i
            while j + 1 < len(toks) and toks[j + 1][0] in _DASHES and toks[j + 1][1] == toks[j][2]:
                j += 1  # "--" is two tokens
            end = toks[j][2]
            spaced = text[start - 1 : start].isspace() and text[end : end + 1].isspace()
            return j + 1 if spaced and j + 1 < len(toks) and toks[j + 1][0][:1].isupper() else 0
        if tok[:1].isalnum() and tok == tok.lower() and "." not in tok:
            return 0  # a lowercase word: a sentence, not a dateline ("iNews.id" may be one)
    return 0
