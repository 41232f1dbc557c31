"""The headline of a pasted page: the line above the story that reads as a headline.

Monitoring feeds paste whole pages, the headline among menus, dates and bylines (seed 000: "Putin
Akan Berkunjung ke Korut, Korsel dan AS Ketar-ketir" twice above "SEOUL, iNews.id - ..."). The story
starts at its dateline, else at its first paragraph; the headline is the nearest line above it that
is no date, byline, label, outlet name or menu item, and has a headline's length and no final full
stop. A text with nothing above its story (a bare article, a one-line brief) has no headline here.
"""

from __future__ import annotations

from service.pipeline.backends.builtin.boilerplate_lines import (
    is_boilerplate,
    is_headline_like,
    is_prose,
    word_count,
    words,
)
from service.pipeline.backends.builtin.metadata.datelines import MAX_LINES, match_dateline, opens_story
from service.pipeline.backends.builtin.metadata.outlets import normalise_outlet

MIN_WORDS = 3  # "Banjir Rendam Bekasi"
MAX_WORDS = 30  # longer is a paragraph or a deck
LOOK_BACK = 12  # lines above the story start searched: a header of menus is longer than its headline
STORY_LINES = 3  # the story's first lines, whose words a headline shares
CONTENT_LETTERS = 4  # words this long carry content ("Putin", "Korut"; not "ke", "dan", "the")
SENTENCE_CASE_WORDS = 14  # a headline in sentence case (English wires) is short; captions are longer
SHARED_SHARE = 0.25  # of a headline's content words found in those lines


def find_headline(lines: list[str]) -> str | None:
    """The headline above the story in `lines` (a pasted page's lines), or None."""
    lines = [line for line in lines[: MAX_LINES * 2] if line.strip()]  # pasted pages space their lines
    start = _story_start(lines[:MAX_LINES])
    if start is None:
        return None
    story: set[str] | None = None  # the story's words, read only when a line above could be its headline
    for line in reversed(lines[max(0, start - LOOK_BACK) : start]):
        line = " ".join(line.split())
        if not _is_headline(line):
            continue
        if story is None:
            story = _content_words(" ".join(lines[start : start + STORY_LINES]))
        if _tells_the_story(line, story):
            return line
    return None


def _content_words(text: str) -> set[str]:
    return {w.casefold() for w in words(text) if len(w) >= CONTENT_LETTERS}


def _tells_the_story(line: str, story: set[str]) -> bool:
    """A headline names what the story's first lines do ("Putin", "Korut"); a menu item, a
    byline or a widget above the story ("AUTO SHOP GUIDE", "Get The Magazine") names nothing of it."""
    own = _content_words(line)
    return bool(own) and len(own & story) >= SHARED_SHARE * len(own)


def _story_start(lines: list[str]) -> int | None:
    """The line of the dateline that opens the story (datelines.opens_story; not an outlet's date
    line: "Kompas.com - 24/11/2026, 14:05 WIB"), else of the first dateline, else of the first
    paragraph (a deck or a caption may come before either)."""
    first_dated = None
    for i, line in enumerate(lines):
        found = match_dateline(line)
        if found is not None and opens_story(found, line):
            return i  # most stories: no need to read the header's other lines
        if found is not None and first_dated is None:
            first_dated = i
    if first_dated is not None:
        return first_dated
    return next((i for i, line in enumerate(lines) if is_prose(line)), None)


def _is_headline(line: str) -> bool:
    """A headline's length, no full stop at its end, no "|" of a menu or a byline, and none of the
    line kinds the boilerplate stage drops (dates, labels, bylines, menus) nor an outlet's name."""
    if not MIN_WORDS <= word_count(line) <= MAX_WORDS or "|" in line:
        return False
    if line.rstrip(" \"'”’").endswith("."):
        return False
    if not (is_headline_like(line) or word_count(line) <= SENTENCE_CASE_WORDS):
        return False  # a long line in sentence case is a caption or a deck
    return not is_boilerplate(line) and normalise_outlet(line) is None
