"""Builtin extractive summary: TF-ISF centroid scoring with a mild lead bias and redundancy control.

Language-agnostic apart from small stopword lists (id/ms/en); the sentences are the article's own, so
the summary is always in the article's language and every sentence carries exact offsets.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import accumulate

from service.pipeline.document import BODY, Article, BackendInfo, Sentence, Summary
from service.pipeline.stages.summary import length_of
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

MIN_WORDS = 6  # shorter lines are labels, bylines and menu items, not statements
LEAD_WEIGHT = 0.4  # +40% for the first statement, +20% for the fourth, fading: news front-loads facts
UNTERMINATED_PENALTY = 0.6  # lines without final punctuation: headlines, captions, link lists
QUOTE_SHARE = 0.6  # sentences mostly inside quotes are reactions, not the news
DUPLICATE_COSINE = 0.6  # a candidate this close to a chosen sentence adds nothing
_QUOTED = re.compile(r'“[^”]*”?|„[^“”]*[“”]?|«[^»]*»?|"[^"]*"?')
_CLOSERS = '"”’»)'


class ExtractiveSummarizer:
    info = BackendInfo(backend="builtin-extractive", version="1")

    def __call__(self, article: Article) -> Summary:
        return self.summarize(article[BODY], article.language_code, length_of(article)[0])

    def summarize(self, text: str, language: str, max_sentences: int) -> Summary:
        stop = STOPWORDS.get(language, frozenset())
        tokenised = [(s, words(s.text)) for s in split_sentences(text)]
        candidates = [(s, toks) for s, toks in tokenised if len(toks) >= MIN_WORDS]
        statements = [(s, toks) for s, toks in candidates if _quoted_share(s.text) < QUOTE_SHARE]
        candidates = _unique(statements or candidates)  # an all-quote text still gets a summary
        if not candidates or max_sentences < 1:
            return Summary(text="", sentences=[])
        raw = _tf_isf([[w for w in toks if w not in stop and not w.isdigit()] for _, toks in candidates])
        # The centroid sums raw weights, so longer sentences (more of the story's terms) shape it;
        # candidates are compared as unit vectors, so a dot product is a cosine.
        centroid: dict[str, float] = {}
        for vec in raw:
            for word, weight in vec.items():
                centroid[word] = centroid.get(word, 0.0) + weight
        vectors = [_unit(vec) for vec in raw]
        centroid_norm = _norm(centroid) or 1.0
        forms = [_form(s.text) for s, _ in candidates]
        # Position counts statements only, so a headline or caption above the lede does not push it down.
        positions = list(accumulate((f == 1.0 for f in forms[:-1]), initial=0))
        scores = [
            _dot(vec, centroid) / centroid_norm * _lead(pos) * form
            for vec, pos, form in zip(vectors, positions, forms, strict=True)
        ]
        chosen = _select(scores, vectors, max_sentences)
        picked = [candidates[i][0] for i in sorted(chosen)]
        return Summary(text=" ".join(s.text for s in picked), sentences=picked)


def _tf_isf(docs: list[list[str]]) -> list[dict[str, float]]:
    """Term frequency times inverse sentence frequency: words every sentence shares weigh little."""
    sf: Counter[str] = Counter()
    for doc in docs:
        sf.update(set(doc))
    n = len(docs)
    isf = {w: math.log(n / c) + 1.0 for w, c in sf.items()}
    return [{w: c * isf[w] for w, c in Counter(doc).items()} for doc in docs]


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = _norm(vec) or 1.0
    return {w: v / norm for w, v in vec.items()}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _norm(a: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in a.values()))


def _lead(position: int) -> float:
    return 1.0 + LEAD_WEIGHT / (1.0 + position / 3.0)


def _unique(candidates: list[tuple[Sentence, list[str]]]) -> list[tuple[Sentence, list[str]]]:
    """First occurrence of each sentence: syndicated pages repeat whole paragraphs, and repeats would
    pull the centroid toward themselves."""
    seen: set[tuple[str, ...]] = set()
    unique = []
    for sentence, toks in candidates:
        if tuple(toks) not in seen:
            seen.add(tuple(toks))
            unique.append((sentence, toks))
    return unique


def _form(sentence: str) -> float:
    return 1.0 if sentence.rstrip(_CLOSERS).endswith((".", "!", "?")) else UNTERMINATED_PENALTY


def _quoted_share(sentence: str) -> float:
    """Share of characters inside quotation marks; an unclosed quote runs to the end."""
    return sum(len(m) for m in _QUOTED.findall(sentence)) / len(sentence)


def _select(scores: list[float], vectors: list[dict[str, float]], limit: int) -> list[int]:
    """Best-first, skipping near-duplicates of what is already chosen (syndicated copy repeats)."""
    chosen: list[int] = []
    for i in sorted(range(len(scores)), key=lambda k: -scores[k]):
        if all(_dot(vectors[i], vectors[j]) < DUPLICATE_COSINE for j in chosen):
            chosen.append(i)
            if len(chosen) == limit:
                break
    return chosen
