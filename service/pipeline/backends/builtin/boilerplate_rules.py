"""Line rules that keep a pasted news page's real paragraphs and drop the rest.

A page copied from a browser arrives as one block per line: menus, headlines of related
articles, captions, credits, share buttons and the article's paragraphs. The steps, one module each:
  boilerplate_lines.py     what one line is by its shape and vocabulary (boilerplate_vocabulary.py)
  boilerplate_classify.py  one kind per line, with the state of list sections and teasers
  boilerplate_region.py    the densest run of paragraphs, cut where the comments begin
and here the repairs around them: hard-wrapped paragraphs re-joined, photo credits glued to a
sentence split off, a page pasted twice kept once. Pure Python and cheap to import.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.pipeline.backends.builtin.boilerplate_classify import Kind, classify
from service.pipeline.backends.builtin.boilerplate_lines import (
    ends_sentence,
    forget_lines,
    norm,
    split_glued_credit,
    words,
)
from service.pipeline.backends.builtin.boilerplate_region import cut_comments, main_region

WRAP_MIN_WORDS = 5  # a line this long ending mid-sentence may continue on the next line
DEDUPE_MIN_WORDS = 12  # a repeated line this long, ending like a sentence, is kept once
# With no paragraph anywhere, a line of this many words that is not boilerplate is the article: a
# headline sent alone (RSS), a brief without a full stop. Two, because Indonesian headlines can be
# that short ("Rupiah Menguat"); single words are menu items and widget labels.
HEADLINE_MIN_WORDS = 2
SINGLE_LINE_MIN_WORDS = 4


def _is_dedupable(line: str) -> bool:
    """Only full sentences repeat by accident (a page pasted twice); short items repeat on purpose."""
    return len(words(line)) >= DEDUPE_MIN_WORDS and ends_sentence(line)


def _join_wrapped(lines: list[str]) -> list[str]:
    """Re-join a paragraph hard-wrapped over several lines (a line ending mid-sentence, the next
    starting with a lower-case word), so it is judged, and returned, as one paragraph."""
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if (
            line[:2].isalpha()
            and line[:2].islower()
            and len(words(prev)) >= WRAP_MIN_WORDS
            and not ends_sentence(prev)
        ):
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return out


def _drop_repeats(lines: list[str]) -> list[str]:
    """Keep the first copy of a repeated paragraph.

    A long sentence is dropped on its own; a short one only inside a repeated block (next to a
    dropped long one), since short items (list entries, "Meal 1") may repeat on purpose.
    """
    keys = [norm(line) for line in lines]
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        first.setdefault(key, i)
    repeat = [first[k] != i for i, k in enumerate(keys)]
    long_dup = [r and _is_dedupable(line) for r, line in zip(repeat, lines, strict=True)]
    n = len(lines)

    def short_dup(i: int) -> bool:
        near = (i > 0 and long_dup[i - 1]) or (i + 1 < n and long_dup[i + 1])
        return repeat[i] and ends_sentence(lines[i]) and near

    return [line for i, line in enumerate(lines) if not (long_dup[i] or short_dup(i))]


def clean_lines(text: str, titles: Sequence[str | None] = (), *, region: bool = True) -> list[str]:
    """Keep the paragraphs of `text` (one block per line), in order, each once; drop `titles` lines.

    `region` (pasted pages): keep only the densest run of paragraphs, which drops comments, footers
    and teaser blurbs away from the article, and within it the other text lines too (subheadings,
    list items). Without it (text already extracted from HTML) every non-boilerplate line is kept.
    A text with no paragraph at all (a headline, a short brief, the title sent as the text) is kept
    whole but for its boilerplate lines: only a text of nothing but boilerplate comes back empty.
    """
    try:
        return _clean_lines(text, titles, region)
    finally:
        forget_lines()  # the lines' cached words and keys: this text's only


def _clean_lines(text: str, titles: Sequence[str | None], region: bool) -> list[str]:
    lines = _join_wrapped([s for s in (split_glued_credit(raw.strip()) for raw in text.splitlines()) if s])
    kinds = classify(lines, titles)
    lines, kinds = cut_comments(lines, kinds)
    start, end = main_region(lines, kinds) if region else (0, len(lines))
    kept = [
        line
        for line, kind in zip(lines[start:end], kinds[start:end], strict=True)
        if kind in (Kind.PROSE, Kind.OTHER)
    ]
    return _drop_repeats(kept) or _without_paragraphs(lines, kinds) or _alone(lines)


def _without_paragraphs(lines: list[str], kinds: list[Kind]) -> list[str]:
    """The body of a text in which nothing is a paragraph: its lines that are not boilerplate and
    not single words, each once (the title too, when it is all there is)."""
    seen: set[str] = set()
    kept = []
    for line, kind in zip(lines, kinds, strict=True):
        key = norm(line)
        if kind in (Kind.OTHER, Kind.TITLE) and len(words(line)) >= HEADLINE_MIN_WORDS and key not in seen:
            seen.add(key)
            kept.append(line)
    return kept


def _alone(lines: list[str]) -> list[str]:
    """A text of one line that the rules call boilerplate is still what the client sent to be read:
    a headline with a time stamp ("Pukul 11:00 WIB, IHSG Menguat 0,7%") or a call to action
    ("Jangan Lewatkan, Ini Deretan Diskon BNI") (2 of 8,822 CNBC Indonesia headlines came back empty,
    a 422). A single line of fewer than SINGLE_LINE_MIN_WORDS words stays out (a menu item)."""
    return lines if len(lines) == 1 and len(words(lines[0])) >= SINGLE_LINE_MIN_WORDS else []


def clean_text(text: str, titles: Sequence[str | None] = (), *, region: bool = True) -> str:
    return "\n".join(clean_lines(text, titles, region=region))
