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

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:\.(?:com|co|id|net|org|go|ac|or)\b)+|\w+|[^\w\s]", re.UNICODE)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def sequences(text: str) -> list[list[Token]]:
    """One token sequence per sentence, long ones cut every MAX_SEQ_TOKENS tokens."""
    out: list[list[Token]] = []
    for sentence in split_sentences(text):
        assert sentence.start is not None  # split_sentences always gives offsets
        toks = tokenize(sentence.text, sentence.start)
        out += [toks[i : i + MAX_SEQ_TOKENS] for i in range(0, len(toks), MAX_SEQ_TOKENS)]
    return out
