"""One kind per line of a pasted page: a paragraph, other article text, the title, or boilerplate.

Each line is judged by boilerplate_lines.py, with a little state for list sections ("Berita
Trending" followed by its items) and "Baca Juga" teasers (a bare header, then one headline).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import IntEnum

from service.pipeline.backends.builtin.boilerplate_lines import (
    is_boilerplate,
    is_glued_teaser,
    is_headline_like,
    is_prose,
    label,
    norm,
    words,
)
from service.pipeline.backends.builtin.boilerplate_vocabulary import LIST_HEADERS, TEASER_HEADERS


class Kind(IntEnum):
    DROP = 0  # boilerplate
    PROSE = 1  # a paragraph
    OTHER = 2  # other text: a heading, a list item, a headline
    TITLE = 3  # the article's title repeated in the text: dropped like boilerplate, unless it is all


TEASER_MAX_WORDS = 25  # the line after a bare "Baca Juga" is its headline unless longer than this
_LIST_ITEM = re.compile(r"^(?:[-–—•*·▪►>]+\s*|\d{1,2}[.)]?\s+)")
_LIST_HEADER_PREFIXES = tuple(h + " " for h in LIST_HEADERS)


def is_list_header(line: str) -> bool:
    key = label(line)
    return key in LIST_HEADERS or (key.startswith(_LIST_HEADER_PREFIXES) and len(words(line)) <= 4)


def classify(lines: list[str], titles: Sequence[str | None] = ()) -> list[Kind]:
    """One kind per line; stateful for list sections and "Baca Juga" teasers."""
    title_keys = {norm(t) for t in titles if t}
    kinds: list[Kind] = []
    in_list = False  # inside a block of teaser headlines opened by a list header
    skip_teaser = False  # the previous line was a bare "Baca Juga": this one is its headline
    for line in lines:
        kind = Kind.DROP
        if skip_teaser and len(words(line)) <= TEASER_MAX_WORDS:
            skip_teaser = False
        elif is_list_header(line):
            in_list = True
            skip_teaser = label(line) in TEASER_HEADERS
        elif norm(line) in title_keys:
            kind = Kind.TITLE
        elif not is_boilerplate(line):
            skip_teaser = False
            prose = is_prose(line)
            # Teaser items are short headlines (maybe bulleted or numbered); a paragraph ends the list.
            if in_list and (_LIST_ITEM.match(line) or not prose or is_headline_like(line)):
                pass
            else:
                in_list = False
                kind = Kind.PROSE if prose and not is_glued_teaser(line) else Kind.OTHER
        kinds.append(kind)
    return kinds
