"""Builtin sentiment: multinomial logistic regression on word and character n-grams, numpy only.

Trained by scripts/train_sentiment.py on IndoNLU SmSA (Indonesian reviews and comments, some news).
The featuriser lives here and the training script imports it, so training and serving cannot drift.
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

from service.pipeline.document import SENTIMENT_LABELS, BackendInfo, Sentiment
from service.pipeline.text import split_sentences, words

MODEL_PATH = Path(__file__).parent / "data" / "sentiment-smsa.json.gz"

# Languages the model reads. Malay shares most of its sentiment vocabulary with Indonesian.
MODEL_LANGUAGES = frozenset({"id", "ms"})
# For any other language the model still scores (code-mixed English words are in its vocabulary),
# but its view is weak, so this share of the probability mass moves to neutral.
FOREIGN_NEUTRAL_SHARE = 0.5
# Scoring unit: SmSA texts are 190 characters on average and at most ~570 (a few sentences), so an
# article is cut into paragraph chunks of at most that size and scored chunk by chunk. Scoring the
# whole article at once would dilute every feature under the L2 norm and leave the label to the class
# bias (the SmSA prior, 58% positive); a training-sized text stays one chunk.
CHUNK_CHARS = 600
MIN_CHUNK_CHARS = 20  # shorter lines are bylines, captions and menu items: no tone to read

CHAR_NGRAMS = (2, 3, 4, 5)
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


def features(text: str) -> Counter[str]:
    """Feature counts: word unigrams ("w:") and bigrams ("b:"), character n-grams across the normalised
    token stream ("x:"); the character grams absorb spelling variants and SmSA's tokenisation."""
    toks = tokens(text)
    feats: Counter[str] = Counter("w:" + t for t in toks)
    feats.update("b:" + a + " " + b for a, b in pairwise(toks))
    stream = f" {' '.join(toks)} "
    for n in CHAR_NGRAMS:
        feats.update("x:" + stream[i : i + n] for i in range(len(stream) - n + 1))
    return feats


def is_char_feature(feature: str) -> bool:
    """Word and character features form two blocks, each L2-normalised on its own, so neither
    swamps the other (character grams outnumber words about ten to one)."""
    return feature.startswith("x:")


def in_holdout(text: str, percent: int = 15) -> bool:
    """Fixed hold-out membership by content hash: the training script and the tests agree on it,
    and duplicate texts always fall on the same side."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16) % 100 < percent


class LexicalSentimentAnalyzer:
    info = BackendInfo(backend="builtin-logreg", version="1", model="sentiment-smsa")

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            model = json.load(fh)
        self.labels: tuple[str, ...] = tuple(model["labels"])
        self.vocab: dict[str, int] = {f: i for i, f in enumerate(model["features"])}
        self.idf = np.asarray(model["idf"], dtype=np.float64)
        self.char_block = np.array([is_char_feature(f) for f in model["features"]])
        self.weights = np.asarray(model["weights"], dtype=np.float64)  # (labels, features)
        self.bias = np.asarray(model["bias"], dtype=np.float64)
        self.temperature = float(model["temperature"])
        if set(self.labels) != set(SENTIMENT_LABELS):
            raise ValueError(f"model labels {self.labels} differ from {SENTIMENT_LABELS}")

    def analyze(self, text: str, language: str) -> Sentiment:
        chunks = _chunks(text)
        if not chunks:
            return _result(dict.fromkeys(SENTIMENT_LABELS, 1 / 3), "neutral")
        probs = np.stack([self.probabilities(c) for c in chunks])
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
        return _softmax(self.logits(text) / self.temperature)

    def logits(self, text: str) -> np.ndarray:
        idx, vals = [], []
        for feat, count in features(text).items():
            i = self.vocab.get(feat)
            if i is not None:
                idx.append(i)
                vals.append(1.0 + math.log(count))  # sublinear tf, as in training
        if not idx:
            return self.bias.copy()
        cols = np.asarray(idx)
        x = np.asarray(vals) * self.idf[cols]
        for block in (self.char_block[cols], ~self.char_block[cols]):
            norm = np.linalg.norm(x[block])
            if norm:
                x[block] /= norm
        return self.weights[:, cols] @ x + self.bias


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
        prev_end = sent.end
    if current:
        chunks.append(" ".join(current))
    # Keep short texts ("mantap!") whole: they are all there is to read.
    return [c for c in chunks if len(c) >= MIN_CHUNK_CHARS] or chunks


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def _result(scores: dict[str, float], label: str) -> Sentiment:
    return Sentiment(label=label, score=scores[label], scores=scores)
