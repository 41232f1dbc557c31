"""Quoted spans in a text: quote marks paired within a paragraph, in one linear pass.

Real news text is messy: straight and curly marks mixed (“...," kata X), a closing mark used to
open (” Di terminal ...,” ujar X), a stray inner mark ("Perjalanan Putin "tidak boleh ...," kata
X), a quote left open at the paragraph's end (the convention for a quote that goes on in the next
paragraph). So marks are paired by position, not by shape: an opener is a mark with a word after it,
a closer one with a word before it, and the family (double or single) must match. Single marks
inside a double-quoted span are nested quotes and ignored; an apostrophe inside a word is no mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARKS = frozenset('"“”„«»')
SINGLE_MARKS = frozenset("'‘’‚")
_PUNCT_AFTER = frozenset(".,;:!?)]}…-–—")
_OPEN_BEFORE = frozenset("([{-–—/")
MIN_OPEN_WORDS = 3  # a quote left open must run this many words: fewer is a stray mark ("14" layar")


@dataclass(frozen=True)
class QuotedSpan:
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when the paragraph ended first
    start: int  # the quoted words, trimmed (a trailing comma belongs to the attribution)
    end: int

    @property
    def after(self) -> int:
        """Where the text after the quote starts."""
        return self.close_mark + 1 if self.close_mark is not None else self.end


_MARK = re.compile("[\"'“”„«»‘’‚\n]")


def quoted_spans(text: str) -> list[QuotedSpan]:
    """One pass over the marks (and line ends) only: the words between them cost nothing."""
    spans: list[QuotedSpan] = []
    start = 0  # of the current line
    end = _line_end(text, 0)
    open_at: int | None = None
    family = ""
    left_open = False  # the paragraph before ended inside a double-quoted span
    for found in _MARK.finditer(text):
        i = found.start()
        if i >= end:  # a new paragraph: a double quote still open ends with the old one
            left_open = open_at is not None and family == "double"
            if open_at is not None:
                spans += _left_open(text, open_at, family, end)
            open_at, start, end = None, i + 1, _line_end(text, i + 1)
            continue
        ch = text[i]
        if ch in DOUBLE_MARKS and left_open and i == start and text[i + 1 : i + 2].isspace():
            # that quote's closing mark, pushed onto this line by a line break after its full
            # stop ("... baby girl.\n\" It's pretty ..."): it opens no quote of the author's words
            left_open = False
            continue
        left_open = False
        if ch in DOUBLE_MARKS:
            kind = "double"
        elif ch in SINGLE_MARKS and _single_mark(text, i, start, end):
            kind = "single"
        else:
            continue
        if open_at is not None and family == "double" and kind == "single":
            continue  # nested quote inside a double-quoted one
        if kind == "single" and open_at is None and _after_a_number(text, i, start):
            continue  # a minute or a foot, no quote: "(66' Kunanlan Subramaniam)", "menit 42 '."
        if open_at is not None and kind == family and _closes(text, i, start, end):
            span = _span(text, open_at, i, i)
            if span is not None:
                spans.append(span)
            open_at = None
        elif open_at is not None and kind == family:
            continue  # a second opener: a stray mark inside the quote
        elif _opens(text, i, start, end) and (kind == "double" or not text[i - 1 : i].isalnum()):
            open_at, family = i, kind  # (a dangling single quote gives way to a double one)
    if open_at is not None:
        spans += _left_open(text, open_at, family, end)
    return spans


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end


def _left_open(text: str, open_at: int, family: str, end: int) -> list[QuotedSpan]:
    if family != "double":
        return []
    span = _span(text, open_at, None, end)
    if span is None or len(text[span.start : span.end].split()) < MIN_OPEN_WORDS:
        return []
    return [span]


def _single_mark(text: str, i: int, start: int, end: int) -> bool:
    """An apostrophe between letters ("Ma'ruf", "don't", straight or curly) is no mark; one after
    a word ("students' ") closes a single-quoted span if one is open and opens none."""
    return not (i > start and i + 1 < end and text[i - 1].isalnum() and text[i + 1].isalnum())


def _after_a_number(text: str, i: int, start: int) -> bool:
    """The mark follows a digit, right after it or past one space, and no word follows it ("87' ",
    "menit 76 '."): "on December 12 'to find her ...'" opens a quote."""
    j = i - 1 if i - 1 >= start and text[i - 1] != " " else i - 2
    return j >= start and text[j].isdigit() and not text[i + 1 : i + 2].isalnum()


def _opens(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if after.isspace():
        # an isolated mark ("... angkutan umum. ” Di terminal ...") opens only before a word
        return before.isspace() and i + 2 < end and text[i + 2].isalnum()
    return after not in _PUNCT_AFTER or after in "(-"


def _closes(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if not before.isspace():
        return True
    # "... the new currency “, mengisyaratkan": a mark with nothing but punctuation after it closes
    return after.isspace() or after in _PUNCT_AFTER or i + 1 >= end


def _span(text: str, open_mark: int, close_mark: int | None, stop: int) -> QuotedSpan | None:
    a, b = open_mark + 1, stop
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;"):
        b -= 1
    if b <= a or not any(c.isalnum() for c in text[a:b]):
        return None
    return QuotedSpan(open_mark, close_mark, a, b)
