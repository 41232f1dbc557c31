"""What the summary model knows about each sentence: the candidates of a text and their features.

Shared by the service (ExtractiveSummarizer) and the training script, so both see the same numbers.
Features are chosen to carry across news languages: where a sentence sits (position, paragraph),
its shape (length, quotes, numbers, names), and how much it shares with the title, the lede and the
rest of the article (TF-ISF cosines). Only the stopword lists and the opener list are per language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from service.pipeline.backends.builtin.news_furniture import (
    dateline_length,
    is_caption,
    is_furniture,
    lead_in_length,
)
from service.pipeline.document import Sentence
from service.pipeline.text import split_sentences, words

_ID = """ada adalah agar akan aku anda antara apa atas atau bagi bahwa baru bawah beberapa belum bersama bisa
    dalam dan dapat dari demikian dengan di dia ini itu harus hanya hingga ia ialah jadi juga jika kami kamu
    kata katanya ke kedua kepada kita lagi lain lalu lebih masih mana maupun mereka meski namun oleh pada
    para per pun saat sama sangat saya sebagai sebelum sedang sejak sekitar selama seperti serta sudah
    tak telah tentang terhadap tersebut tetapi tidak untuk yaitu yang""".split()
_MS = """akan bagi dalam dan dari dengan di ini itu ke kepada oleh pada telah untuk yang ialah iaitu turut
    beliau tersebut manakala serta bahawa kerana""".split()
_EN = """a about after all also an and are as at be been but by for from had has have he her his i in into
    is it its not of on or said says she that the their they this to was we were which who will with would
    you""".split()
STOPWORDS: dict[str, frozenset[str]] = {
    "id": frozenset(_ID),
    "ms": frozenset(_ID + _MS),
    "en": frozenset(_EN),
}
# First words that lean on the sentence before (a pronoun, a contrast, a follow-up): such a sentence
# reads badly out of its context. Indonesian/Malay and English.
DEPENDENT_OPENERS = frozenset(
    """ia dia beliau mereka namun tetapi tapi sementara selain hal itu ini tersebut sedangkan
    kemudian lalu sebelumnya selanjutnya bahkan he she they it this that these those but however
    meanwhile also then""".split()
)

MIN_WORDS = 4  # shorter sentences are labels, credits and list numbers, not statements
DATELINE_PARAGRAPHS = 3  # datelines open the story, after at most a headline and a deck

# Plain numbers, not buckets: the trees find their own cut points.
FEATURES: tuple[str, ...] = (
    "position",  # among the candidates, so a caption or deck above the lede does not push it down
    "relative_position",
    "paragraph",  # among the lines that hold a candidate
    "first_in_paragraph",
    "last_in_paragraph",  # of a paragraph other than the last
    "words",
    "centroid_cosine",  # TF-ISF cosine with the article's centroid: how central the sentence is
    "centroid_rank",  # the same as a rank, 0 for the most central, over the number of candidates
    "mean_cosine",  # to the other sentences
    "lead_cosine",  # to the first candidate (the lede)
    "title_overlap",  # share of the title's content words in the sentence
    "has_title",
    "quote_share",  # share of characters inside quotation marks
    "starts_with_quote",
    "digit_share",  # of the words
    "capital_share",  # capitalised words after the first: names, organisations, places
    "unterminated",  # no final . ! ? …: a headline, a caption, a cut line
    "question",
    "had_dateline",
    "dependent_opener",
    "candidates",
)


@dataclass(slots=True)
class Candidate:
    """A sentence the summary may use: its span in the body (past any dateline) and layout."""

    sentence: Sentence
    tokens: list[str]
    line: int  # among the text's non-empty lines
    paragraph: int  # among the lines that hold a candidate
    first_in_paragraph: bool
    last_in_paragraph: bool
    had_dateline: bool
    inside_quote: bool = False  # opens inside a quote begun by an earlier sentence: no sense alone


def candidates(text: str) -> list[Candidate]:
    """Statements of `text` in order: no furniture, no fragments, each text once."""
    found: list[Candidate] = []
    seen: set[tuple[str, ...]] = set()
    offset = 0
    lines = 0  # non-empty lines so far: datelines are looked for in the first few only
    split = split_sentences(text)  # the body's, split once for every stage; none spans a line
    n = 0
    for line in text.split("\n"):
        first = n
        while n < len(split) and (split[n].start or 0) < offset + len(line):
            n += 1
        sentences = split[first:n]
        caption = is_caption([s.text for s in sentences])
        for k, s in enumerate(sentences):
            if caption or is_furniture(s.text):
                continue
            assert s.start is not None and s.end is not None
            skip = lead_in_length(s.text)
            dated = (
                dateline_length(s.text[skip:], bare_word=not found)
                if k == 0 and lines < DATELINE_PARAGRAPHS
                else 0
            )
            if dated and found:
                # The story starts at its dateline: what came before is a headline, a deck, a
                # caption (seed 001's deck restates its lede).
                found.clear()
                seen.clear()
            skip += dated
            tokens = words(s.text[skip:])
            if len(tokens) < MIN_WORDS or tuple(tokens) in seen:
                continue  # syndicated pages repeat paragraphs; repeats would pull the centroid
            seen.add(tuple(tokens))
            paragraph = found[-1].paragraph + (found[-1].line != lines) if found else 0
            sentence = Sentence(text=s.text[skip:], start=s.start + skip, end=s.end)
            inside = open_quote(line[: s.start - offset])
            found.append(
                Candidate(
                    sentence, tokens, lines, paragraph, k == 0, k == len(sentences) - 1, dated > 0, inside
                )
            )
        lines += bool(sentences)
        offset += len(line) + 1
    return found


def feature_matrix(found: list[Candidate], language: str, title: str | None = None) -> np.ndarray:
    """One row of FEATURES per candidate (a column at a time: this runs on every article)."""
    n = len(found)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    stop = STOPWORDS.get(language, frozenset())
    content = [[w for w in c.tokens if w not in stop and not w.isdigit()] for c in found]
    unit, centroid = _tf_isf(content)
    # Dot products as element-wise products and sums, never `@`: BLAS hands even these small
    # products to OpenBLAS threads, which sleep between articles in a worker and, on a busy 2-core
    # machine, take milliseconds to wake (the stage measured 7.4 ms in the pipeline, 1.4 alone).
    centroid_cosine = _dot(unit, centroid)
    self_cosine = _dot(unit, unit)  # 1, or 0 for a sentence of stopwords only
    position = np.arange(n, dtype=np.float64)
    rank = np.empty(n)
    rank[np.argsort(-centroid_cosine, kind="stable")] = position / n
    paragraph = np.array([c.paragraph for c in found], dtype=np.float64)
    lengths = np.array([len(c.tokens) for c in found], dtype=np.float64)
    title_words = {w for w in words(title or "") if w not in stop and not w.isdigit()}
    texts = [c.sentence.text for c in found]
    endings = [t.rstrip(_CLOSERS)[-1:] for t in texts]
    columns = {
        "position": position,
        "relative_position": position / max(n - 1, 1),
        "paragraph": paragraph,
        "first_in_paragraph": [c.first_in_paragraph for c in found],
        "last_in_paragraph": np.array([c.last_in_paragraph for c in found]) & (paragraph < paragraph[-1]),
        "words": lengths,
        "centroid_cosine": centroid_cosine,
        "centroid_rank": rank,
        "mean_cosine": (_dot(unit, unit.sum(axis=0)) - self_cosine) / max(n - 1, 1),
        "lead_cosine": _dot(unit, unit[0]),
        "title_overlap": [len(title_words.intersection(c)) / len(title_words) for c in content]
        if title_words
        else 0.0,
        "has_title": float(bool(title_words)),
        "quote_share": [quoted_share(t) for t in texts],
        "starts_with_quote": [t[0] in _QUOTES for t in texts],
        "digit_share": [sum(map(str.isdigit, c.tokens)) for c in found] / lengths,
        "capital_share": [_capital_share(t) for t in texts],
        "unterminated": [e not in _TERMINATORS for e in endings],
        "question": [e == "?" for e in endings],
        "had_dateline": [c.had_dateline for c in found],
        "dependent_opener": [c.tokens[0] in DEPENDENT_OPENERS for c in found],
        "candidates": float(n),
    }
    rows = np.empty((n, len(FEATURES)))
    for i, name in enumerate(FEATURES):
        rows[:, i] = columns[name]
    return rows


_QUOTED = re.compile(r'“[^”]*”?|„[^“”]*[“”]?|«[^»]*»?|"[^"]*"?')
_QUOTES = "\"“„«'‘"
_CLOSERS = "\"”’»)'"
_TERMINATORS = frozenset(".!?…")


def _tf_isf(docs: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Unit TF-ISF rows (words every sentence shares weigh little) and the unit centroid of the raw
    weights (so longer sentences, holding more of the story's terms, shape it)."""
    vocab: dict[str, int] = {}
    ids = [vocab.setdefault(w, len(vocab)) for doc in docs for w in doc]
    size = max(len(vocab), 1)
    rows = np.repeat(np.arange(len(docs)), [len(doc) for doc in docs])
    cells = np.bincount(rows * size + np.asarray(ids, dtype=np.intp), minlength=len(docs) * size)
    counts = cells.reshape(len(docs), size).astype(np.float64)
    sentence_frequency = np.maximum((counts > 0).sum(axis=0), 1)
    weights = counts * (np.log(len(docs) / sentence_frequency) + 1.0)
    centroid = weights.sum(axis=0)
    unit = weights / np.maximum(np.sqrt(_dot(weights, weights)), 1e-12)[:, None]
    return unit, centroid / max(float(np.sqrt((centroid * centroid).sum())), 1e-12)


def _dot(rows: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Row-wise dot products of `rows` with a vector (or with the same rows of `other`)."""
    products: np.ndarray = (rows * other).sum(axis=1)
    return products


def open_quote(text: str) -> bool:
    """A quotation mark opened in `text` is still open at its end."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def quoted_share(sentence: str) -> float:
    """Share of characters inside quotation marks; an unclosed quote runs to the end."""
    return sum(len(m) for m in _QUOTED.findall(sentence)) / len(sentence)


def _capital_share(sentence: str) -> float:
    """Capitalised words after the first: names, organisations, places."""
    initials = "".join([w[0] for w in sentence.split()[1:]])
    letters = sum(map(str.isalpha, initials))
    return sum(map(str.isupper, initials)) / letters if letters else 0.0
