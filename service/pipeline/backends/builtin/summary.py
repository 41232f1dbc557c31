"""Builtin extractive summary: a sentence scorer trained on IndoSum's extractive labels picks the
sentences that carry the story.

The sentences are the article's own, so the summary is always in the article's language and every
sentence carries exact offsets into the body (past a dateline when one opens the lede). The scorer is
a small gradient-boosted tree ensemble (scripts/train_summary.py) over language-light features
(summary_features.py), scored with numpy only. It beats the first-three-sentences baseline on held-out
Indonesian news and, measured only, on English news (bench/quality_summary.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from service.pipeline.backends.builtin.boosted_trees import BoostedTrees
from service.pipeline.backends.builtin.summary_features import FEATURES, Candidate, candidates, feature_matrix
from service.pipeline.document import BODY, Article, BackendInfo, Sentence, Summary
from service.pipeline.stages.summary import cut, length_of
from service.pipeline.text import join_sentences

MODEL_PATH = Path(__file__).resolve().parent / "data" / "summary-indosum.json.gz"
# Two picks sharing this share of the shorter one's words say the same thing (syndicated copy,
# a lede repeated as a caption). On IndoSum's held-out-free validation fold an overlap guard of
# 0.7 changed nothing and 0.5 cost 0.5 ROUGE-1: only near-copies are worth skipping.
DUPLICATE_OVERLAP = 0.8


class ExtractiveSummarizer:
    info = BackendInfo(backend="builtin-extractive", version="2", model="summary-indosum")

    def __init__(self, path: Path = MODEL_PATH) -> None:
        self.model = BoostedTrees.load(path)
        if self.model.features != FEATURES:
            raise ValueError(f"{path} was trained on other features; rerun scripts/train_summary.py")

    def __call__(self, article: Article) -> Summary:
        max_sentences, max_chars = length_of(article)
        return self.summarize(
            article[BODY],
            article.language_code,
            max_sentences,
            max_chars=max_chars,
            title=article.request.title,
        )

    def summarize(
        self,
        text: str,
        language: str,
        max_sentences: int | None = 3,
        *,
        max_chars: int | None = None,
        title: str | None = None,
    ) -> Summary:
        """The best sentences of `text` in body order, at most `max_sentences` of them and at most
        `max_chars` characters joined with spaces (either limit may be None, not both). When not
        even one sentence fits `max_chars`, the best one is cut at a word boundary: its text is
        then a prefix of the sentence, and its offsets still index the body exactly."""
        if max_sentences is None and max_chars is None:
            raise ValueError("summarize needs max_sentences or max_chars")
        if any(limit is not None and limit < 1 for limit in (max_sentences, max_chars)):
            return Summary(text="", sentences=[])
        found = candidates(text)
        if not found:
            return Summary(text="", sentences=[])
        scores = self.model.decision(feature_matrix(found, language, title))
        picked = _select(found, scores, max_sentences, max_chars)
        return Summary(text=join_sentences(s.text for s in picked), sentences=picked)


def _select(
    found: list[Candidate], scores: np.ndarray, max_sentences: int | None, max_chars: int | None
) -> list[Sentence]:
    """Best-first, skipping the later sentences of a quote, near-copies of a pick and, under a
    budget, whatever no longer fits."""
    budget = max_chars if max_chars is not None else 1 << 62
    chosen: list[int] = []
    used = 0
    for i in np.argsort(-scores, kind="stable").tolist():
        length = len(found[i].sentence.text) + (1 if chosen else 0)  # the joining space
        if (
            found[i].inside_quote
            or used + length > budget
            or any(_near_copy(found[i], found[j]) for j in chosen)
        ):
            continue  # '..., makanya saya cari tambahan. Ini baru satu bulan," kata KNR.': a tail
        chosen.append(i)
        used += length
        if len(chosen) == max_sentences:
            break
    if not chosen:
        return [cut(found[int(np.argmax(scores))].sentence, budget)]
    return [found[i].sentence for i in sorted(chosen)]


def _near_copy(a: Candidate, b: Candidate) -> bool:
    shared = len(set(a.tokens).intersection(b.tokens))
    return shared >= DUPLICATE_OVERLAP * min(len(set(a.tokens)), len(set(b.tokens)))
