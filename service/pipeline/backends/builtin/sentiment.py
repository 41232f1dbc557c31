"""Builtin sentiment: two logistic-regression heads over one feature set, numpy only at serving time.

Trained by scripts/train_sentiment.py. The *news* head learned from Indonesian finance-news headlines
(CNBC Indonesia, labelled for what the news means for markets and the economy), the *review* head
from IndoNLU SmSA (reviews and comments, labelled for the writer's opinion). The two label meanings
differ, so the heads are kept apart rather than pooled; a third, binary *gate* (news text against
reviews and comments) weighs them for each text, and every score is the gate's mixture of the two
calibrated heads: p = g * p_news + (1 - g) * p_review.

Every sentence of the text is scored (the `sentences` of the result). The article's scores are:
- news: a mean of the sentence scores weighted by position, with the weights measured on IndoSum
  (how often a human summary of an Indonesian news article draws on its sentence at that position:
  0.82 for the lead, 0.54 for the third, under 0.1 after the eighth); a title, when given, weighs
  TITLE_WEIGHT. News is mostly neutral reporting, and the headline and lead carry its tone.
- reviews: the length-weighted mean over paragraph chunks the size of SmSA's texts, as trained.
See sentiment_features.py for why the features are additive over sentences.
English text is read by its own sentence scorer (sentiment_english.py), aggregated as news is.
"""

from __future__ import annotations

import gzip
import json
from itertools import islice, pairwise
from pathlib import Path

import numpy as np

from service.pipeline.backends.builtin.common_words import NUMBERS, common_words
from service.pipeline.backends.builtin.language import Words, malayic_count
from service.pipeline.backends.builtin.sentiment_english import MODEL as ENGLISH_MODEL
from service.pipeline.backends.builtin.sentiment_english import EnglishSentenceTone
from service.pipeline.backends.builtin.sentiment_features import (
    KIND_WEIGHTS,
    MARKS,
    MOVES,
    NORM,
    char_grams,
    direction_pairs,
    features,
    in_holdout,
    scale,
    tokens,
)
from service.pipeline.document import (
    BODY,
    SENTIMENT_LABELS,
    Article,
    BackendInfo,
    Sentence,
    SentenceSentiment,
    Sentiment,
)
from service.pipeline.text import split_sentences

__all__ = ["HEADS", "MODEL_PATH", "LexicalSentimentAnalyzer", "in_holdout"]

MODEL_PATH = Path(__file__).parent / "data" / "sentiment-news-reviews.json.gz"
HEADS = ("review", "news")  # column blocks of the row matrix, in this order, then the gate

# Languages the model reads. Malay shares most of its sentiment vocabulary with Indonesian.
MODEL_LANGUAGES = frozenset({"id", "ms"})
# For any other language the model still scores (code-mixed English words are in its vocabulary),
# but its view is weak, so this share of the probability mass moves to neutral.
FOREIGN_NEUTRAL_SHARE = 0.5
# Review chunks: SmSA texts are 190 characters on average and at most ~570, so reviews are read in
# paragraph chunks of at most that size (a whole article at once would dilute every feature).
CHUNK_CHARS = 600
# Shorter lines are bylines, captions and menu items ("Baca Juga"): no tone to read, so they get no
# weight in the article's scores (they are still scored) and do not take a lead position.
MIN_CHUNK_CHARS = 20
# The position weights are the share of human summaries that use the sentence at that position; a
# headline is its article's summary by definition, so on that scale it weighs 1.
TITLE_WEIGHT = 1.0
# Distinct tokens whose feature rows are cached besides the vocabulary's and prefill()'s (~33k),
# which stay; news brings endless names and numbers, so these are emptied when full rather than
# growing without bound (~300 bytes an entry: ~25 MB at most with the kept ones).
CACHE_SIZE = 50_000
# Zipf band from which prefill() makes the common words' rows (common_words.py), per language: the
# model reads Indonesian and Malay; English gets its commonest words (code-mixed news, English text).
# Tokens of an IndoSum article (2400-2599, median of ~164) a new worker has no row for: 43 with the
# vocabulary alone, 25.5 with id band 4 (+3.4k rows), 9 with band 3 (+24.5k rows, ~0.4 s at start).
PREFILL_BANDS = {"id": 3, "en": 4}
# A one-line text this short is a headline (CNBC's run to 70 characters), read whole, as trained.
# Training headlines, 5-fold CV of the news head: 530 of 7,440 split into sentences ("Breaking! ..."),
# 459 of them right when read per sentence (position-weighted), 474 when read whole.
HEADLINE_CHARS = 100


class LexicalSentimentAnalyzer:
    info = BackendInfo(
        backend="builtin-logreg", version="5", model=f"sentiment-news-reviews; en: {ENGLISH_MODEL}"
    )

    def __init__(self, path: Path = MODEL_PATH, cache_size: int = CACHE_SIZE) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            model = json.load(fh)
        self.labels: tuple[str, ...] = tuple(model["labels"])
        if set(self.labels) != set(SENTIMENT_LABELS):
            raise ValueError(f"model labels {self.labels} differ from {SENTIMENT_LABELS}")
        feats: list[str] = model["features"]
        idf = np.asarray(model["idf"], dtype=np.float64)
        # One row per feature: its whole effect per count on each head's logits and on the gate's
        # (weight * idf * its kind's weight); then a zero row that keeps every unit's
        # segment non-empty; then room for CACHE_SIZE token rows, each the sum of one token's word,
        # word-vector and char-gram rows, so that scoring gathers one row per token instead of ~12.
        blocks = [np.asarray(model["heads"][h]["weights"], dtype=np.float64).T for h in HEADS]
        blocks.append(np.asarray(model["gate"]["weights"], dtype=np.float64)[:, None])
        kind_weights = np.array([KIND_WEIGHTS[f[0]] for f in feats])
        rows = np.hstack(blocks) * (idf * kind_weights)[:, None]
        self._empty = len(feats)
        self._first_token_row = len(feats) + 1
        self.cache_size = cache_size
        self.rows = np.zeros((self._first_token_row + cache_size, rows.shape[1]))
        self.rows[: len(feats)] = rows
        n = len(self.labels)
        self._columns = {h: slice(i * n, (i + 1) * n) for i, h in enumerate(HEADS)}
        self._gate_column = len(HEADS) * n
        self.bias = {h: np.asarray(model["heads"][h]["bias"], dtype=np.float64) for h in HEADS}
        self.temperature = {h: float(model["heads"][h]["temperature"]) for h in HEADS}
        self.gate_bias = float(model["gate"]["bias"])
        self.position_weights = np.asarray(model["position_weights"], dtype=np.float64)
        # Per kind, keyed without the prefix so that scoring builds no extra strings.
        self._index: dict[str, dict[str, int]] = {kind: {} for kind in KIND_WEIGHTS}
        for i, f in enumerate(feats):
            self._index[f[0]][f[2:]] = i
        self._marks = [(mark, row) for mark in MARKS if (row := self._index["p"].get(mark)) is not None]
        self._token_cache: dict[str, int] = {}
        # Filled now for the vocabulary's words and those with a word vector (~50 ms), so a worker's
        # first articles are fast too.
        for word in dict.fromkeys([*self._index["w"], *self._index["e"]]):
            self._token_row(word)
        self._kept = len(self._token_cache)  # rows that stay when the cache starts over
        self.english = EnglishSentenceTone(self.labels)

    def prefill(self) -> None:
        """Rows for the common words' tokens (and numbers', digits folded) made now and kept when
        the cache starts over: a worker's warm-up (Pipeline.warm_up)."""
        common = [w for language, band in PREFILL_BANDS.items() for w in common_words(language, band)]
        for token in tokens(" ".join([*NUMBERS, *common])):
            self._token_row(token)
        self._kept = len(self._token_cache)

    def __call__(self, article: Article) -> Sentiment:
        # a guessed language (a headline, a short brief) is no reason to doubt the model
        language = article.reading_language(MODEL_LANGUAGES)
        if article.language_code == "en" and language != "en" and not malayic_count(Words.of(article[BODY])):
            # English guessed on a short text with no Indonesian or Malay word in it: an English
            # headline. CNBC Indonesia headlines guessed English ("IHSG Melesat 1,6%!") have some.
            language = "en"
        return self.analyze(article[BODY], language, title=article.request.title)

    def analyze(self, text: str, language: str, *, title: str | None = None) -> Sentiment:
        spans = split_sentences(text)
        units = [[s.text] for s in spans]
        title_chars = len(title.strip()) if title else 0
        if title_chars:
            units.append(_sentence_texts(title or ""))
        # A headline as the whole text ("Breaking! Rupiah Makin Perkasa") is read as one unit, as the
        # news head learned headlines, rather than as a lead sentence and a second one.
        whole = len(spans) > 1 and len(text) <= HEADLINE_CHARS and "\n" not in text.strip()
        if whole:
            units.append([s.text for s in spans])
        read = len(units) - whole  # the whole-headline unit repeats the sentences: not read twice
        if not units:
            uniform = dict.fromkeys(self.labels, 1 / len(self.labels))
            return Sentiment(label="neutral", score=uniform["neutral"], scores=uniform)
        if language == "en":
            return self._english(spans, units, title_chars > 0, whole)
        sums, counts = self._unit_sums(units)
        news = self._head(sums, counts, "news")
        review = self._head(sums, counts, "review")
        g = self._gate(sums[:read].sum(axis=0), int(counts[:read].sum()))
        news_article = _weighted_mean(news, self.news_weights(spans, title_chars > 0, whole))
        review_article = self._review_article(text, spans, sums[:read], counts[:read], title_chars)
        article = g * news_article + (1 - g) * review_article
        per_sentence = g * news[: len(spans)] + (1 - g) * review[: len(spans)]
        if language not in MODEL_LANGUAGES:
            article = _towards_neutral(article, self.labels)
            per_sentence = _towards_neutral(per_sentence, self.labels)
        sentences = [_sentence(span, p, self.labels) for span, p in zip(spans, per_sentence, strict=True)]
        return _sentiment(article, self.labels, sentences)

    def _english(
        self, spans: list[Sentence], units: list[list[str]], has_title: bool, whole: bool
    ) -> Sentiment:
        """English: each unit's calibrated VADER tone (sentiment_english.py), aggregated as news is."""
        per_unit = self.english.probabilities([" ".join(unit) for unit in units])
        article = _weighted_mean(per_unit, self.news_weights(spans, has_title, whole))
        sentences = [
            _sentence(span, p, self.labels) for span, p in zip(spans, per_unit[: len(spans)], strict=True)
        ]
        return _sentiment(article, self.labels, sentences)

    def probabilities(self, text: str, head: str = "review") -> np.ndarray:
        """One head's calibrated class probabilities for `text` read as one unit, in `labels` order."""
        sums, counts = self._unit_sums([_sentence_texts(text)])
        probs: np.ndarray = self._head(sums, counts, head)[0]
        return probs

    def news_share(self, text: str) -> float:
        """The gate: how much of `text`'s scores the news head gives (0..1)."""
        sums, counts = self._unit_sums([_sentence_texts(text)])
        return self._gate(sums[0], int(counts[0]))

    def logits(self, text: str, head: str = "review") -> np.ndarray:
        """Uncalibrated logits via the explicit feature path (training's view; for checks)."""
        total = self.bias[head].copy()
        for feat, value in features(text).items():
            if (i := self._index[feat[0]].get(feat[2:])) is not None:
                total += value / KIND_WEIGHTS[feat[0]] * self.rows[i, self._columns[head]]
        return total

    def _unit_sums(self, units: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Per unit (a list of sentences), the unscaled sum of its feature rows and its token count:
        every feature occurrence becomes a row index, and one numpy gather-and-sum does the
        arithmetic. Bigrams and movement pairs never cross a sentence, as in training."""
        idx: list[int] = []
        starts: list[int] = []
        counts: list[int] = []
        bigrams = self._index["b"]
        pairs = self._index["d"]
        # Emptied only here, between articles: row numbers gathered below must stay valid until
        # the gather at the end, so a full cache never starts over in the middle of an article.
        if len(self._token_cache) - self._kept >= self.cache_size:
            self._token_cache = dict(islice(self._token_cache.items(), self._kept))
        cached = self._token_cache.get
        for sentences in units:
            starts.append(len(idx))
            idx.append(self._empty)
            n = 0
            for sentence in sentences:
                toks = tokens(sentence)
                n += len(toks)
                # Seen tokens (most of them) need no call each; any unseen one sends the sentence the long way.
                seen = [row for tok in toks if (row := cached(tok)) is not None]
                idx.extend(seen if len(seen) == len(toks) else map(self._token_row, toks))
                idx.extend(i for a, b in pairwise(toks) if (i := bigrams.get(f"{a} {b}")) is not None)
                if not MOVES.isdisjoint(toks):  # as in direction_pairs, without a call for most sentences
                    idx.extend(i for p in direction_pairs(sentence, toks) if (i := pairs.get(p)) is not None)
                for mark, i in self._marks:
                    if mark in sentence:
                        idx.extend([i] * sentence.count(mark))
            counts.append(n)
        return np.add.reduceat(self.rows[idx], starts, axis=0), np.array(counts)

    def _head(self, sums: np.ndarray, counts: np.ndarray, head: str) -> np.ndarray:
        """A head's calibrated probabilities for each row of summed features."""
        factors = 1 / (NORM * np.sqrt(np.maximum(counts, 1)))  # `scale`, for every row at once
        logits = sums[:, self._columns[head]] * factors[:, None] + self.bias[head]
        return _softmax(logits / self.temperature[head])

    def _gate(self, summed: np.ndarray, count: int) -> float:
        logit = float(summed[self._gate_column]) * scale(count) + self.gate_bias
        return float(1 / (1 + np.exp(-logit)))

    def news_weights(self, spans: list[Sentence], has_title: bool, whole: bool) -> np.ndarray:
        """Position weights of the body's sentences (substantive ones only), then the title's, then
        the whole headline's, which stands in for its sentences. Public: the English calibration
        (scripts/train_sentiment_en.py) is fitted under the same weights the service applies."""
        weights = np.zeros(len(spans) + has_title + whole)
        last = len(self.position_weights) - 1
        rank = 0
        for i, span in enumerate(spans):
            if len(span.text) >= MIN_CHUNK_CHARS and not whole:
                weights[i] = self.position_weights[min(rank, last)]
                rank += 1
        if has_title:
            weights[len(spans)] = TITLE_WEIGHT
        if whole:
            weights[-1] = TITLE_WEIGHT
        return weights if weights.any() else np.ones_like(weights)

    def _review_article(
        self, text: str, spans: list[Sentence], sums: np.ndarray, counts: np.ndarray, title_chars: int
    ) -> np.ndarray:
        """Length-weighted mean of the review head over paragraph chunks (and the title, last)."""
        groups = _chunk_groups(text, spans)
        lengths = [_span_chars(spans, a, b) for a, b in groups]
        if title_chars:
            groups.append((len(spans), len(spans) + 1))
            lengths.append(title_chars)
        starts = [a for a, _ in groups]
        probs = self._head(np.add.reduceat(sums, starts, axis=0), np.add.reduceat(counts, starts), "review")
        weights = np.array(lengths, dtype=np.float64)
        return _weighted_mean(probs, np.where(weights >= MIN_CHUNK_CHARS, weights, 0.0))

    def _token_row(self, token: str) -> int:
        """The row of a token's summed word and in-vocabulary char-gram rows, made on first sight:
        news repeats words. Full, the cache starts over before the next article (_unit_sums), keeping
        the vocabulary's and prefill()'s rows; an article bringing more new tokens than there is
        room for grows the table instead."""
        row = self._token_cache.get(token)
        if row is None:
            grams = self._index["x"]
            found = [i for g in char_grams(token) if (i := grams.get(g)) is not None]
            found.extend(i for kind in "we" if (i := self._index[kind].get(token)) is not None)
            row = self._first_token_row + len(self._token_cache)
            if row >= len(self.rows):
                self.rows = np.vstack(
                    [self.rows, np.zeros((max(1024, self.cache_size // 4), self.rows.shape[1]))]
                )
            self.rows[row] = self.rows[found].sum(axis=0)
            self._token_cache[token] = row
        return row


def _sentence_texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def _chunk_groups(text: str, spans: list[Sentence]) -> list[tuple[int, int]]:
    """[first, last) sentence indices of consecutive sentences of one paragraph packed up to
    CHUNK_CHARS."""
    groups: list[tuple[int, int]] = []
    first, prev_end = 0, 0
    for i, span in enumerate(spans):
        assert span.start is not None and span.end is not None
        if i > first:
            new_paragraph = "\n" in text[prev_end : span.start]
            if new_paragraph or _span_chars(spans, first, i + 1) > CHUNK_CHARS:
                groups.append((first, i))
                first = i
        prev_end = span.end
    if spans:
        groups.append((first, len(spans)))
    return groups


def _span_chars(spans: list[Sentence], first: int, last: int) -> int:
    """Characters of sentences [first, last) joined by single spaces."""
    return sum(len(s.text) for s in spans[first:last]) + last - first - 1


def _weighted_mean(probs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    if not weights.any():  # only short lines ("mantap!"): they are all there is to read
        weights = np.ones(len(probs))
    return np.asarray(weights @ probs / weights.sum())


def _towards_neutral(probs: np.ndarray, labels: tuple[str, ...]) -> np.ndarray:
    shifted = (1 - FOREIGN_NEUTRAL_SHARE) * probs
    shifted[..., labels.index("neutral")] += FOREIGN_NEUTRAL_SHARE
    return shifted


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


def _scores(probs: np.ndarray, labels: tuple[str, ...]) -> tuple[str, dict[str, float]]:
    scores = {label: float(probs[i]) for i, label in enumerate(labels)}
    return max(scores, key=scores.__getitem__), scores


def _sentence(span: Sentence, probs: np.ndarray, labels: tuple[str, ...]) -> SentenceSentiment:
    assert span.start is not None and span.end is not None  # split_sentences always sets them
    label, scores = _scores(probs, labels)
    return SentenceSentiment(start=span.start, end=span.end, label=label, score=scores[label], scores=scores)


def _sentiment(probs: np.ndarray, labels: tuple[str, ...], sentences: list[SentenceSentiment]) -> Sentiment:
    label, scores = _scores(probs, labels)
    return Sentiment(label=label, score=scores[label], scores=scores, sentences=sentences)
