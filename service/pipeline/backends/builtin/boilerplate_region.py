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


def main_region(lines: list[str], kinds: list[Kind]) -> tuple[int, int]:
    """[start, end) of the densest run of paragraphs: maximum-sum run of per-line scores."""
    best, best_span = 0.0, (0, 0)
    run, start = 0.0, 0
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        n = word_count(line)
        score: float
        if kind == Kind.PROSE:
            score = min(n, PROSE_SCORE_CAP)
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
