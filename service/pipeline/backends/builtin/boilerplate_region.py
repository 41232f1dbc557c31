"""Where the article is in a pasted page: the densest run of paragraphs, widened over small gaps,
and cut where the reader comments begin."""

from __future__ import annotations

from service.pipeline.backends.builtin.boilerplate_classify import Kind
from service.pipeline.backends.builtin.boilerplate_lines import word_count, words
from service.pipeline.backends.builtin.boilerplate_vocabulary import COMMENTS_OPENER

PROSE_SCORE_CAP = 30  # a paragraph adds its word count, up to this, to its region's score
GAP_PENALTY = 6.0  # each non-paragraph line costs this much plus GAP_WORD_PENALTY per word
GAP_WORD_PENALTY = 0.25
DROP_WEIGHT = 2.0  # boilerplate lines weigh this much more than other non-paragraph lines
EXTEND_MAX_GAP = 3  # the region also takes a paragraph this many lines away from its edge...
EXTEND_MIN_WORDS = 12  # ...when it has at least this many words
COMMENTS_MIN_WORDS = 80  # paragraph words that must come before an opener for it to end the article
COMMENTS_OPENER_MAX_CHARS = 80  # an opener is a short line ("Leave a reply", "12 comments")
TABLE_MIN_ROWS = 6  # short numbered lines in a row that make a table, not a page's furniture
TABLE_ROW_MAX_WORDS = 8


def main_region(lines: list[str], kinds: list[Kind]) -> tuple[int, int]:
    """[start, end) of the densest run of paragraphs: maximum-sum run of per-line scores."""
    best, best_span = 0.0, (0, 0)
    run, start = 0.0, 0
    table = _table_rows(lines)
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        n = word_count(line)
        score: float
        if kind == Kind.PROSE:
            score = min(n, PROSE_SCORE_CAP)
        elif table[i]:
            score = 0.0  # a table inside the story (results, prices) does not part it in two
        else:
            dropped = kind in (Kind.DROP, Kind.TITLE)
            score = -(GAP_PENALTY + GAP_WORD_PENALTY * n) * (DROP_WEIGHT if dropped else 1.0)
        if run <= 0:
            run, start = 0.0, i
        run += score
        if run > best:
            best, best_span = run, (start, i + 1)
    return _extend(lines, kinds, *best_span)


def _extend(lines: list[str], kinds: list[Kind], start: int, end: int) -> tuple[int, int]:
    """Widen the region over small gaps (a byline, a caption) to paragraphs just outside it."""
    if start == end:
        return start, end

    def solid(i: int) -> bool:
        return kinds[i] == Kind.PROSE and len(words(lines[i])) >= EXTEND_MIN_WORDS

    moved = True
    while moved:
        moved = False
        for gap in range(EXTEND_MAX_GAP + 1):
            j = start - 1 - gap
            if j >= 0 and solid(j) and all(k != Kind.PROSE for k in kinds[j + 1 : start]):
                start, moved = j, True
                break
        for gap in range(EXTEND_MAX_GAP + 1):
            j = end + gap
            if j < len(lines) and solid(j) and all(k != Kind.PROSE for k in kinds[end:j]):
                end, moved = j + 1, True
                break
    return start, end


def cut_comments(lines: list[str], kinds: list[Kind]) -> tuple[list[str], list[Kind]]:
    """Drop everything from the comments opener that follows the article's paragraphs."""
    n = 0
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if n >= COMMENTS_MIN_WORDS and len(line) < COMMENTS_OPENER_MAX_CHARS and COMMENTS_OPENER.match(line):
            return lines[:i], kinds[:i]
        if kind == Kind.PROSE:
            n += len(words(line))
    return lines, kinds


def _table_rows(lines: list[str]) -> list[bool]:
    """Lines of a table pasted as text: TABLE_MIN_ROWS or more short lines holding a number, in a
    run ("Nico Rosberg (Germany) Mercedes 1:35.824 3."). A row split over up to three lines keeps
    the run going ("Romain Grosjean (France)", "Lotus - Mercedes", "1:37.905 9.")."""
    short = [len(words(line)) <= TABLE_ROW_MAX_WORDS for line in lines]
    numbered = [s and any(c.isdigit() for c in line) for s, line in zip(short, lines, strict=True)]
    out = [False] * len(lines)
    i = 0
    while i < len(lines):
        if not numbered[i]:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and (numbered[j] or _row_goes_on(short, numbered, j)):
            j += 1
        if sum(numbered[i:j]) >= TABLE_MIN_ROWS:
            out[i:j] = [True] * (j - i)
        i = j
    return out


def _row_goes_on(short: list[bool], numbered: list[bool], j: int) -> bool:
    """Short line j is part of a table row whose number comes within the next two lines."""
    ahead = range(j + 1, min(j + 3, len(short)))
    return short[j] and any(numbered[k] and all(short[j:k]) for k in ahead)
