"""Tests on one line of a pasted news page, with no context: is it prose, a headline, a credit, a
teaser, or boilerplate whatever its shape (the vocabulary in boilerplate_vocabulary.py)?"""

from __future__ import annotations

import re
from functools import lru_cache

from service.pipeline.backends.builtin.boilerplate_vocabulary import (
    CREDIT_LABELS,
    CTA_PHRASES,
    DATE_WORDS,
    LIST_HEADERS,
    NAV_LINES,
    PHOTO_AGENCIES,
    is_teaser,
)
from service.pipeline.text import NO_SPACE_CHAR, NO_SPACE_SCRIPT

SENTENCE_END = re.compile(r"""[.!?…:;。！？]["'”’»)\]」』]*$|[.!?…]\s*[)'"]$|["”’»]$""")
# SENTENCE_END's parts, for ends_sentence to test them from the line's end.
_CLOSERS = "\"'”’»)]」』"
_FINAL_PUNCTUATION = frozenset(".!?…:;。！？")
_QUOTE_ENDS = frozenset('"”’»')
# Two Chinese or Japanese characters count as a word (text.NO_SPACE_SCRIPT): a 24-character news
# sentence is 12 words, not one, for every length rule here.
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# The same, with those scripts in pieces; twice as slow, so only for lines that have them.
_WORD_NO_SPACE = re.compile(
    rf"[{NO_SPACE_SCRIPT}]{{1,2}}|[^\W\d_{NO_SPACE_SCRIPT}](?:[^\W{NO_SPACE_SCRIPT}]|['’-])*"
)
_TOKEN = re.compile(r"[^\W_]+")
_PAREN_LINE = re.compile(r"^\([^()]{1,80}\)\.?$")
_CREDIT_TAIL = re.compile(r"\(([^()]{2,120})\)\.?$")
_SLASH_CREDIT = re.compile(r"[A-Za-z][\w.]*\s*/\s*[A-Z][a-z]")
# Acronyms match in capitals only ("AP", not "ap"); words in any case ("GETTY", "Photo").
_AGENCY = re.compile(
    r"\b(?:"
    + "|".join(re.escape(a) if a.isupper() else f"(?i:{re.escape(a)})" for a in PHOTO_AGENCIES)
    + r")\b"
)
# A teaser link tagged in brackets: "China furious at Macron for Hong Kong protest jibe [INSIGHT]".
_TEASER_TAG = re.compile(r"\[[A-Z][A-Z ]{2,15}\]\W*$")
# A cookie / consent notice.
_COOKIE = re.compile(
    r"\bcookies?\b.*\b(?:site|website|browser|consent|experience|situs|peramban|pengalaman|setuju)\b"
    r"|\b(?:site|website|situs)\b.*\bcookies?\b",
    re.IGNORECASE,
)
# A caption credit glued to the first sentence: "Foto: ANTARA/HO KCNAIstanbul - Sejumlah ...".
_GLUED_CREDIT = re.compile(
    r"^(?i:foto|photo|image|gambar|sumber foto)\s*:\s*(?P<credit>.{2,80}?)"
    r"(?P<rest>(?:[A-Z][a-z]+(?: [A-Z][a-z]+)*|[A-Z]{3,}(?: [A-Z]{3,})*)(?:,\s*[\w.]+)?\s+[-–—]\s+\S.*)$"
)
# A teaser glued after the paragraph's last sentence: "... Deus Ex: Mankind Divided. Baca juga: Marvel
# Rangkul Square Enix Garap Game The Avengers" (a headline: no full stop of its own, to the line's end).
_GLUED_TEASER = re.compile(
    r"(?<=[.!?\"”])\s+(?i:baca juga|baca|simak juga|lihat juga|read more|read also)\s*:\s*[^.!?\n]{3,160}$"
)
# Page furniture pasted in front of a line ("Scroll down for video The Prime Minister, ...", Daily
# Mail pages); the summary leaves it out of a sentence too (news_furniture.lead_in_length).
LEAD_IN = re.compile(r"(?i:scroll down for(?:\s+video)?)(?:\.{0,3}\s+|\.{0,3}$)")
_COOKIE_WORD = re.compile("cookie", re.IGNORECASE)  # in every _COOKIE match; finds none in a 10th of its time
# Bylines and time stamps: "oleh Tommy K. Rony diperbarui 15 Sep 2023, 21:34 WIB", "By Jane Doe".
_BYLINE = re.compile(r"^(?:by|oleh|penulis|reporter|written by|posted by)\s+[A-Z]", re.IGNORECASE)
_TIMESTAMP = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*(?:WIB|WITA|WIT|GMT|UTC|[AP]\.?M\.?|ET|EST|EDT|PST|PDT|CET|BST)\b"
    r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}",
    re.IGNORECASE,
)
# Where two inline texts were pasted without a space: "...Student-AthleteA 24-year-old woman ...".
_GLUE = re.compile(r"(?<=[a-z?!’”)])(?=[A-Z][a-z]*\s)")

BYLINE_MAX_WORDS = 15  # a byline or time stamp line is short
# A cookie notice is a few sentences (61 words on one article-extraction page); an article's
# paragraph about cookies is longer or names no site or consent.
COOKIE_MAX_WORDS = 80
MIN_PROSE_WORDS = 4
MIN_PROSE_CHARS = 25
LONG_UNPUNCTUATED_WORDS = 25  # a paragraph this long is kept even without final punctuation
SHORT_LINE_WORDS = 20  # footer/CTA phrases only count on lines up to this length
TITLE_CASE_RATIO = 0.8  # share of capitalised words (>= 4 letters) that makes a line a headline


# Every rule starts from a line's normalised form or its words, and a line meets several rules
# (classify, the region search, the repeat check): each is computed once per line. clean_lines
# calls forget_lines() per text, so nothing is kept from one article to the next.
LINE_CACHE_SIZE = 4096  # lines; a page has a few hundred


@lru_cache(maxsize=LINE_CACHE_SIZE)
def norm(line: str) -> str:
    """The line with whitespace collapsed, case-folded: the key for comparing lines."""
    # = re.sub(r"\s+", " ", line).strip(): split() and \s know the same whitespace; 4x faster
    return " ".join(line.split()).casefold()


def label(line: str) -> str:
    """The line lower-cased with surrounding punctuation trimmed, for the vocabulary lookups."""
    return norm(line).strip(" \t:|-–—•·*>»«()[]")


def words(line: str) -> list[str]:
    return list(_words(line))


@lru_cache(maxsize=LINE_CACHE_SIZE)
def _words(line: str) -> tuple[str, ...]:
    return tuple((_WORD_NO_SPACE if NO_SPACE_CHAR.search(line) else _WORD).findall(line))


def forget_lines() -> None:
    """Drop the per-line values computed so far (one text's lines)."""
    norm.cache_clear()
    _words.cache_clear()


def word_count(line: str) -> int:
    """Words, two Chinese or Japanese characters counting as one (see _WORD_NO_SPACE)."""
    return len(words(line))


def ends_sentence(line: str) -> bool:
    """SENTENCE_END.search(line), read from the line's end (the regex tries every position)."""
    if line.endswith("\n"):
        line = line[:-1]  # "$" matches before a final newline too
    stripped = line.rstrip(_CLOSERS)
    if stripped and stripped[-1] in _FINAL_PUNCTUATION:  # a terminator, then closers
        return True
    if line.endswith((")", "'", '"')):  # a terminator, spaces, then a bracket, or a quote mark
        # that opens the next sentence ("... 20,000 animals. '" in CNN/Daily Mail text)
        inner = line[:-1].rstrip()
        if inner and inner[-1] in ".!?…":
            return True
    return line[-1:] in _QUOTE_ENDS  # a closing quote alone


def _is_date_or_number(line: str) -> bool:
    """Only numbers, date/time words and punctuation: a time stamp, a counter, a page number."""
    return all(t.isdigit() or t in DATE_WORDS for t in (m.group() for m in _TOKEN.finditer(line.casefold())))


def is_headline_like(line: str) -> bool:
    """Title Case with no full stop: a headline or a teaser link, not a paragraph."""
    if line.rstrip(" \"'”’」』").endswith((".", "。")):
        return False
    long_words = [w for w in words(line) if len(w) >= 4]  # none in Chinese or Japanese: no case there
    if len(long_words) < 3:  # too few words to tell: short lines count as headline-like
        return True
    caps = sum(1 for w in long_words if w[0].isupper())
    return caps / len(long_words) >= TITLE_CASE_RATIO


def is_prose(line: str) -> bool:
    """A paragraph: several words, long enough, ending like a sentence (or simply long)."""
    n = len(words(line))
    if n >= LONG_UNPUNCTUATED_WORDS and not is_headline_like(line):
        return True
    # a Chinese or Japanese character counts twice: it carries about a word
    if n < MIN_PROSE_WORDS or len(line) + len(NO_SPACE_CHAR.findall(line)) < MIN_PROSE_CHARS:
        return False
    if not ends_sentence(line):
        return False
    return not (n <= 15 and is_headline_like(line))


def is_glued_teaser(line: str) -> bool:
    """A teaser card: a Title Case headline glued without a space to its summary sentence."""
    for m in _GLUE.finditer(line, 0, 160):
        head = line[: m.start()]
        long_words = [w for w in words(head) if len(w) >= 4]
        if len(long_words) >= 4 and not ends_sentence(head) and is_headline_like(head):
            return True
    return False


def split_glued_credit(line: str) -> str:
    """Drop a photo credit or a "Scroll down for video" glued in front of the first sentence, and a
    teaser glued after the last; return the sentences (nothing, when that was all the line held)."""
    if lead_in := LEAD_IN.match(line):
        line = line[lead_in.end() :]
    m = _GLUED_CREDIT.match(line)
    if m and is_prose(m.group("rest")):
        line = m.group("rest")
    if ":" in line and (teaser := _GLUED_TEASER.search(line)):
        line = line[: teaser.start()]
    return line


def is_credit_tail(line: str) -> bool:
    """A caption or byline ending with a parenthesised photo/agency credit."""
    m = _CREDIT_TAIL.search(line)
    if not m:
        return False
    inner = m.group(1)
    return bool(_SLASH_CREDIT.search(inner) or _AGENCY.search(inner))


def is_boilerplate(line: str) -> bool:
    """Vocabulary and shape rules that drop a line whatever the prose test says."""
    key = label(line)
    if not key or key in NAV_LINES or key in LIST_HEADERS:
        return True
    if _is_date_or_number(line) or _PAREN_LINE.match(line):
        return True
    low = norm(line)
    if is_teaser(low):
        return True
    n = len(words(line))
    if n <= SHORT_LINE_WORDS:
        if any(p in low for p in CTA_PHRASES):
            return True
        head, sep, _ = low.partition(":")
        if sep and head.strip() in CREDIT_LABELS:
            return True
    if n <= BYLINE_MAX_WORDS and not ends_sentence(line):
        if _BYLINE.match(line) or _TIMESTAMP.search(line):
            return True
    if _TEASER_TAG.search(line):
        return True
    if n <= COOKIE_MAX_WORDS and _COOKIE_WORD.search(line) and _COOKIE.search(line):
        return True
    return is_credit_tail(line)
