"""Builtin sentiment: multinomial logistic regression on word and character n-grams, numpy only.

Trained by scripts/train_sentiment.py on IndoNLU SmSA (Indonesian reviews and comments, some news).
The featuriser lives here and the training script imports it, so training and serving cannot drift.

The features are additive over tokens on purpose: a text's vector is the sum of one vector per token
(its word and in-word character grams) and one per word bigram, times 1 / sqrt(token count). A linear
model of a sum is a sum of per-feature logit rows, so serving caches each token's feature rows and does
one numpy gather-and-sum per chunk, with no per-text Counter of character grams (~1-3 ms per 3-6 KB
article instead of 7-18 ms). On SmSA this scaling scores as well as the usual sublinear tf + per-row
L2 norm, which cannot be split by token (3-fold CV macro-F1 0.842 for both).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np

from service.pipeline.document import BODY, SENTIMENT_LABELS, Article, BackendInfo, Sentiment
from service.pipeline.text import split_sentences, words

MODEL_PATH = Path(__file__).parent / "data" / "sentiment-smsa.json.gz"

# Languages the model reads. Malay shares most of its sentiment vocabulary with Indonesian.
MODEL_LANGUAGES = frozenset({"id", "ms"})
# For any other language the model still scores (code-mixed English words are in its vocabulary),
# but its view is weak, so this share of the probability mass moves to neutral.
FOREIGN_NEUTRAL_SHARE = 0.5
# Scoring unit: SmSA texts are 190 characters on average and at most ~570 (a few sentences), so an
# article is cut into paragraph chunks of at most that size and scored chunk by chunk. Scoring the
# whole article at once would dilute every feature and leave the label to the class bias (the SmSA
# prior, 58% positive); a training-sized text stays one chunk.
CHUNK_CHARS = 600
MIN_CHUNK_CHARS = 20  # shorter lines are bylines, captions and menu items: no tone to read

CHAR_NGRAMS = (2, 3, 4, 5)  # within "<token>": spelling variants, affixes, SmSA's tokenisation
# A token yields ~10 character grams and one word; weighting the grams 1/3 keeps them from swamping
# the words (the same job the old per-block L2 norms did). With NORM it fixes the feature scale the
# regularisation strength C was tuned at (3-fold CV: C=10 best of 3, 10, 30).
CHAR_WEIGHT = 1 / 3
NORM = 10.0
# Distinct tokens whose feature rows are cached; news brings endless names and numbers, so the
# cache is emptied when full rather than growing without bound (~300 bytes an entry: ~15 MB at most).
CACHE_SIZE = 50_000
_DIGITS = re.compile(r"\d")


def tokens(text: str) -> list[str]:
    """Word tokens as the model sees them: lowercase, digits folded, the "-nya" clitic reattached.

    SmSA is pre-tokenised with "nya" split off ("tempat nya"); news writes "tempatnya".
    """
    out: list[str] = []
    for tok in words(_DIGITS.sub("0", text)):
        if tok == "nya" and out:
            out[-1] += "nya"
        else:
            out.append(tok)
    return out


def char_grams(token: str) -> list[str]:
    """Character grams of "<token>" (the marks make prefixes and suffixes their own grams)."""
    marked = f"<{token}>"
    return [marked[i : i + n] for n in CHAR_NGRAMS for i in range(len(marked) - n + 1)]


def features(text: str) -> dict[str, float]:
    """Feature values before idf: word unigrams ("w:"), word bigrams ("b:") and in-word character
    grams ("x:", weighted CHAR_WEIGHT), counted and scaled by 1 / (NORM * sqrt(token count))."""
    toks = tokens(text)
    counts: Counter[str] = Counter("w:" + t for t in toks)
    counts.update("b:" + a + " " + b for a, b in pairwise(toks))
    grams: Counter[str] = Counter("x:" + g for t in toks for g in char_grams(t))
    scale = 1 / (NORM * math.sqrt(max(len(toks), 1)))
    out = {f: n * scale for f, n in counts.items()}
    out.update((g, n * CHAR_WEIGHT * scale) for g, n in grams.items())
    return out


def in_holdout(text: str, percent: int = 15) -> bool:
    """Fixed hold-out membership by content hash: the training script and the tests agree on it,
    and duplicate texts always fall on the same side."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16) % 100 < percent


class LexicalSentimentAnalyzer:
    info = BackendInfo(backend="builtin-logreg", version="2", model="sentiment-smsa")

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            model = json.load(fh)
        self.labels: tuple[str, ...] = tuple(model["labels"])
        if set(self.labels) != set(SENTIMENT_LABELS):
            raise ValueError(f"model labels {self.labels} differ from {SENTIMENT_LABELS}")
        feats: list[str] = model["features"]
        # One row per feature: its whole effect on the logits per count (weight * idf, and the char
        # weight for grams), plus a final zero row that keeps every chunk's segment non-empty.
        rows = (np.asarray(model["weights"], dtype=np.float64) * np.asarray(model["idf"])).T
        rows[[f.startswith("x:") for f in feats]] *= CHAR_WEIGHT
        self.rows = np.vstack([rows, np.zeros(len(self.labels))])
        self._empty = len(feats)
        # Per kind, keyed without the prefix so that scoring builds no extra strings.
        self._index: dict[str, dict[str, int]] = {"w": {}, "b": {}, "x": {}}
        for i, f in enumerate(feats):
            self._index[f[0]][f[2:]] = i
        self.bias = np.asarray(model["bias"], dtype=np.float64)
        self.temperature = float(model["temperature"])
        self._token_cache: dict[str, tuple[int, ...]] = {}
        # Filled now for the vocabulary's words (~30 ms), so a worker's first articles are fast too.
        for word in self._index["w"]:
            self._token_rows(word)

    def __call__(self, article: Article) -> Sentiment:
        return self.analyze(article[BODY], article.language_code)

    def analyze(self, text: str, language: str) -> Sentiment:
        chunks = _chunks(text)
        if not chunks:
            return _result(dict.fromkeys(SENTIMENT_LABELS, 1 / 3), "neutral")
        probs = self.chunk_probabilities(chunks)
        # Length-weighted mean of chunk probabilities: a long paragraph says more than a short one,
        # and a mean (not a product) keeps one strongly worded quote from deciding a whole article.
        lengths = np.array([len(c) for c in chunks], dtype=np.float64)
        mean = lengths @ probs / lengths.sum()
        if language not in MODEL_LANGUAGES:
            mean = (1 - FOREIGN_NEUTRAL_SHARE) * mean
            mean[self.labels.index("neutral")] += FOREIGN_NEUTRAL_SHARE
        scores = {label: float(mean[i]) for i, label in enumerate(self.labels)}
        return _result(scores, max(scores, key=scores.__getitem__))

    def probabilities(self, text: str) -> np.ndarray:
        """Calibrated class probabilities for one short text, in `self.labels` order."""
        row: np.ndarray = self.chunk_probabilities([text])[0]
        return row

    def chunk_probabilities(self, texts: list[str]) -> np.ndarray:
        """One row of calibrated probabilities per text: every feature occurrence of every text
        becomes a row index, and one numpy gather-and-sum per text does the arithmetic."""
        idx: list[int] = []
        starts: list[int] = []
        scales: list[float] = []
        bigrams = self._index["b"]
        for text in texts:
            toks = tokens(text)
            starts.append(len(idx))
            idx.append(self._empty)
            for tok in toks:
                idx.extend(self._token_rows(tok))
            idx.extend(i for a, b in pairwise(toks) if (i := bigrams.get(f"{a} {b}")) is not None)
            scales.append(1 / (NORM * math.sqrt(max(len(toks), 1))))
        sums = np.add.reduceat(self.rows[idx], starts, axis=0)
        logits = sums * np.array(scales)[:, None] + self.bias
        return _softmax(logits / self.temperature)

    def logits(self, text: str) -> np.ndarray:
        """Uncalibrated logits via the explicit feature path (training's view; for checks)."""
        total = self.bias.copy()
        for feat, value in features(text).items():
            if (i := self._index[feat[0]].get(feat[2:])) is not None:
                weight = CHAR_WEIGHT if feat[0] == "x" else 1.0
                total += value / weight * self.rows[i]
        return total

    def _token_rows(self, token: str) -> tuple[int, ...]:
        """Rows of a token's word feature and in-vocabulary char grams, cached: news repeats words."""
        rows = self._token_cache.get(token)
        if rows is None:
            grams = self._index["x"]
            found = [i for g in char_grams(token) if (i := grams.get(g)) is not None]
            if (i := self._index["w"].get(token)) is not None:
                found.append(i)
            rows = tuple(found)
            if len(self._token_cache) >= CACHE_SIZE:
                self._token_cache.clear()
            self._token_cache[token] = rows
        return rows


def _chunks(text: str) -> list[str]:
    """Consecutive sentences of one paragraph packed up to CHUNK_CHARS; short fragments dropped."""
    chunks: list[str] = []
    current: list[str] = []
    size, prev_end = 0, 0
    for sent in split_sentences(text):
        new_paragraph = "\n" in text[prev_end : sent.start]
        if current and (new_paragraph or size + len(sent.text) > CHUNK_CHARS):
            chunks.append(" ".join(current))
            current, size = [], 0
        current.append(sent.text)
        size += len(sent.text) + 1
        prev_end = sent.end or prev_end  # split_sentences always gives offsets
    if current:
        chunks.append(" ".join(current))
    # Keep short texts ("mantap!") whole: they are all there is to read.
    return [c for c in chunks if len(c) >= MIN_CHUNK_CHARS] or chunks


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    normalised: np.ndarray = e / e.sum(axis=-1, keepdims=True)
    return normalised


def _result(scores: dict[str, float], label: str) -> Sentiment:
    return Sentiment(label=label, score=scores[label], scores=scores)
