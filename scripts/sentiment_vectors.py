"""Word vectors for the sentiment news head, learned from unlabelled Indonesian news (training only).

Finance headlines are short and their vocabulary long-tailed: a word seen in three training headlines
gets a weight from three examples. Vectors learned from how words co-occur in running news text let
rare words share weight with their neighbours ("suap" near "korupsi", "pidana"). The method is the
classic count-based one (Levy, Goldberg & Dagan, TACL 2015): a distance-weighted co-occurrence window,
positive PMI with context-distribution smoothing, truncated SVD with the singular values' square
root. It needs scipy only, and a few hundred thousand tokens are enough for it.

The head learns one weight row per vector dimension; the export turns those into one logit row per
word (the word's vector times the weights), so serving sums rows as for every other feature and never
sees a vector.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds

from service.pipeline.backends.builtin.sentiment_features import tokens

MIN_COUNT = 5  # rarer words get no vector: too few contexts to place them
WINDOW = 4  # words either side, each weighted 1 / distance
DIMENSIONS = 100
SMOOTHING = 0.75  # context counts ** 0.75 (Levy et al.): rare contexts inflate PMI less


def news_sentences(indosum: Path) -> list[list[str]]:
    """IndoSum's sentences (2016-2017 Indonesian news, CC BY-SA 4.0) as model tokens."""
    with gzip.open(indosum, "rt", encoding="utf-8") as fh:
        return [tokens(s) for article in map(json.loads, fh) for s in article["sentences"]]


def word_vectors(sentences: Iterable[list[str]]) -> tuple[list[str], np.ndarray]:
    """(vocabulary, unit-length vectors, one row per word) from tokenised sentences."""
    sentences = list(sentences)
    counts = Counter(t for s in sentences for t in s)
    vocab = sorted(w for w, n in counts.items() if n >= MIN_COUNT)
    index = {w: i for i, w in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for sentence in sentences:
        ids = [index.get(t, -1) for t in sentence]
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for j in range(max(0, i - WINDOW), min(len(ids), i + WINDOW + 1)):
                if j != i and ids[j] >= 0:
                    rows.append(a)
                    cols.append(ids[j])
                    vals.append(1.0 / abs(i - j))
    n = len(vocab)
    cooc = sparse.csr_matrix((vals, (rows, cols)), shape=(n, n)).tocoo()
    total = cooc.sum()
    word_p = np.asarray(cooc.sum(axis=1)).ravel() / total
    context_p = np.asarray(cooc.sum(axis=0)).ravel() ** SMOOTHING
    context_p /= context_p.sum()
    pmi = np.log(cooc.data / total) - np.log(word_p[cooc.row]) - np.log(context_p[cooc.col])
    positive = pmi > 0
    ppmi = sparse.csr_matrix((pmi[positive], (cooc.row[positive], cooc.col[positive])), shape=(n, n))
    u, s, _ = svds(ppmi, k=DIMENSIONS, random_state=0)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    return vocab, vectors


def vector_matrix(feats: list[dict[str, float]], vocab: list[str], vectors: np.ndarray) -> sparse.csr_matrix:
    """Per text, the sum of its "e:" feature values times their words' vectors (the dense block the
    news head learns from; a word without a vector adds nothing)."""
    index = {w: i for i, w in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for r, f in enumerate(feats):
        for feat, value in f.items():
            if feat[0] == "e" and (i := index.get(feat[2:])) is not None:
                rows.append(r)
                cols.append(i)
                vals.append(value)
    counts = sparse.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(vocab)))
    return sparse.csr_matrix(counts @ vectors)
