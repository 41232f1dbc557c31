"""Text helpers shared by the builtin backends: sentence splitting with exact offsets, word tokens,
where given words stand alone.

Rule-based on purpose: news prose is regular enough that a small set of rules (terminator, optional
closing quotes, whitespace, a capital that starts the next sentence) plus an abbreviation list beats a
statistical splitter trained on another genre, and it keeps offsets exact and costs microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from service.pipeline.document import Sentence

# Never end a sentence: titles, address and reference abbreviations (Indonesian and English).
_ABBREVIATIONS = frozenset(
    """
    a.n bp bpk brig brigjen cf co corp cv dept dr dra drs eds gen hj hlm ir jend jl jln jr kab kapt kec
    kel kh kol komjen letjen mayjen mr mrs ms mt no nos nn ny pdt pol pt prof prov rp sdr sdri sr st tel
    telp tn u.p vol vs yth
    """.split()
)
# Often end a sentence ("... buku, pena, dll."), so they end one only if a capital follows.
_CLOSING_ABBREVIATIONS = frozenset("dll dkk dsb dst tsb etc tbk ybs".split())
# Abbreviated months end a sentence unless a number follows ("Sep. 2023").
_MONTHS = frozenset("jan feb mar apr jun jul agu ags agt sep sept okt oct nov des dec".split())

# A terminator run, closing quotes/brackets, then whitespace: a boundary candidate. Chinese and
# Japanese write no space after their full-width full stop, exclamation and question marks.
_CANDIDATE = re.compile(r"(?:[.!?]+|…)[\"'”’»)\]]*(?=\s|$)|[。！？]+[」』\"'”’»)）\]]*")
_DOTTED = re.compile(r"^[A-Za-z]{1,2}(?:\.[A-Za-z]{1,3})+\.?$")  # U.S. a.n. S.H. Ph.D. M.Si.
_OPENING = "\"'“‘„«([「『"
_QUOTES_OPEN = "\"'“‘„«「『"
_CLOSING_QUOTES = "\"'”’»"
# Chinese and Japanese write no spaces between words: two of their characters count as a word
# (about their average word length), so length rules, overlaps and shingles read them as text.
NO_SPACE_SCRIPT = "\u3040-\u30ff\u3400-\u9fff"
NO_SPACE_CHAR = re.compile(f"[{NO_SPACE_SCRIPT}]")
# The end of Latin Extended-B: the letters of European languages; Vietnamese's stacked accents lie
# beyond it, but they are a minority of its letters.
LATIN_LAST = "\u024f"
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# The same, with those scripts in two-character pieces; 1.4x slower, so only for text that has them.
_WORD_NO_SPACE = re.compile(
    rf"[{NO_SPACE_SCRIPT}]{{1,2}}|[^\W{NO_SPACE_SCRIPT}]+(?:[-'’][^\W{NO_SPACE_SCRIPT}]+)*"
)
# Chinese and Japanese running text has no space after these (join_sentences).
_NO_SPACE_AFTER = "。！？」』）"
# A short bracketed group closing a paragraph after a terminator: the desk's initials or the
# agency that signs the story ("... mendatang. (end)", "... kata dia. (AP)", "[bim]",
# "(Antara / Reuters)"). IndoSum's own tokenisation makes these a sentence apart (582 of them).
_TRAILING_CREDIT = re.compile(r"\s*[(\[][^()\[\]]{1,40}[)\]]\.?\s*$")


def words(text: str) -> list[str]:
    """Lowercase word tokens; hyphenated and apostrophe forms ("ikut-ikut", "don't") stay whole;
    Chinese and Japanese in two-character pieces."""
    return (_WORD_NO_SPACE if NO_SPACE_CHAR.search(text) else _WORD).findall(text.lower())


def latin_script(text: str, sample: int = 400) -> bool:
    """Whether most letters of the text's first `sample` characters are Latin (or it has none)."""
    letters = [c for c in text[:sample] if c.isalpha()]
    return sum(c <= LATIN_LAST for c in letters) * 2 >= len(letters)


def join_sentences(texts: Iterable[str]) -> str:
    """Sentences as running text: a space between two, none after a Chinese or Japanese sentence
    ("。" or a character of those scripts), which their writing never has. At most one character
    per join, so a budget that counts one per join still holds."""
    out = ""
    for text in texts:
        if out and text:
            last = out[-1]
            out += "" if last in _NO_SPACE_AFTER or NO_SPACE_CHAR.match(last) else " "
        out += text
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` with offsets such that text[s.start:s.end] == s.text (whitespace stripped).

    A paragraph ("\\n") always ends a sentence; sentences never span lines.
    """
    return list(_split_sentences(text))


# Four stages split the same body (sentiment, entity profiles, summary, quotes): the last texts'
# sentences are kept so that it is split once per article. Two: the body and a title between.
@lru_cache(maxsize=2)
def _split_sentences(text: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        for start, end in _split_line(line):
            sentences.append(Sentence(text=line[start:end], start=pos + start, end=pos + end))
        pos += len(line) + 1
    return tuple(sentences)


def _split_line(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(line):
        if _is_boundary(line, match):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(line)))
    return [s for s in (_strip(line, a, b) for a, b in spans) if s is not None]


def _strip(line: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _is_boundary(line: str, match: re.Match[str]) -> bool:
    nxt = _next_char(line, match.end())
    if nxt is None:
        return True
    terminator = match.group().rstrip(_CLOSING_QUOTES + ")]")
    closed_quote = len(terminator) < len(match.group())
    if not _starts_sentence(nxt):
        # `... cermat," katanya.` / `"Pergi!" seru dia.`: an attribution or a lowercase continuation;
        # a bracket goes on too ("dkk. (2020) menjadi") unless it is a credit ending the paragraph.
        return _TRAILING_CREDIT.fullmatch(line, match.end()) is not None
    if terminator in ("…",) or (terminator.startswith("..") and not closed_quote):
        # An ellipsis ends a sentence only when glued to the word before it ("tahu... Lalu").
        return match.start() > 0 and not line[match.start() - 1].isspace()
    if terminator != ".":
        return True  # "!" and "?" (and runs like "?!") are unambiguous
    if closed_quote:
        return True
    return not _is_abbreviation(_token_before(line, match.start()), nxt)


def _next_char(line: str, pos: int) -> str | None:
    rest = line[pos:].lstrip()
    return rest[0] if rest else None


def _starts_sentence(char: str) -> bool:
    # Capitals, digits, opening quotes; letters of caseless scripts count as capitals. Not "(":
    # "Wilie dkk. (2020)" goes on.
    return char.isupper() or char.isdigit() or char in _QUOTES_OPEN or (char.isalpha() and not char.islower())


def _token_before(line: str, end: int) -> str:
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:end].lstrip(_OPENING)


def _is_abbreviation(token: str, nxt: str) -> bool:
    low = token.lower()
    if not token:
        return False
    if low in _ABBREVIATIONS or _DOTTED.match(token):
        return True
    if len(token) == 1 and token.isupper():
        return True  # an initial: "Tommy K. Rony"
    if low in _MONTHS:
        return nxt.isdigit()
    if low in _CLOSING_ABBREVIATIONS:
        return not (nxt.isupper() or nxt in _QUOTES_OPEN)
    return False


def standalone(text: str, words: Iterable[str], joiners: str = "") -> list[tuple[int, str]]:
    r"""(start, word) of `words` where they stand alone in `text`, with no word character (a
    Unicode letter or digit, "_") nor one of `joiners` either side; left to right without
    overlaps, the longest where several start at one place. What re.finditer finds with
    r"(?<![\w<joiners>])(?:" + the words, longest first + r")(?![\w<joiners>])", without
    compiling a pattern for every article's names (~0.5 ms; a new worker's regex cache holds none)."""

    def joins(ch: str) -> bool:
        return ch.isalnum() or ch == "_" or ch in joiners

    longest: dict[int, str] = {}
    for word in words:
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if (
                len(word) > len(longest.get(start, ""))
                and not (start > 0 and joins(text[start - 1]))
                and not (end < len(text) and joins(text[end]))
            ):
                longest[start] = word
            start = text.find(word, start + 1)
    found: list[tuple[int, str]] = []
    end = 0
    for start in sorted(longest):
        if start >= end:
            found.append((start, longest[start]))
            end = start + len(longest[start])
    return found
