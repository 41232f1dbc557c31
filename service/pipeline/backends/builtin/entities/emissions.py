"""A CRF's state scores (token x label) for an article's token sequences, without feature strings
per token.

A token's score is the sum of the weights of the features features.Featurizer gives it. Most of
them belong to one word (its own features, and what it lends its neighbours at each offset), so
their sums are computed once per distinct word, as five weight rows kept in a table; the rest
depend on the sequence (gazetteer and place tags, sequence edges, known word pairs) and come
from small tables. A token's score is then a gather and a sum over the whole article at once.
The same sums crfsuite makes from Featurizer's strings (tests/pipeline/test_entity_crf.py).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from service.pipeline.backends.builtin.entities.features import (
    EDGE,
    GAZ_FEAT,
    GAZ_TAGS,
    OFFSETS,
    PAIR_AFTER,
    PAIR_BEFORE,
    PLACE_EDGE,
    PLACE_FEAT,
    TITLE_BOS,
    word_features,
)
from service.pipeline.backends.builtin.entities.lexicons import Lexicon
from service.pipeline.backends.builtin.entities.linear_chain import CrfModel, Matrix

Ints = npt.NDArray[np.intp]
_PARTS = (0, *OFFSETS)  # a word's rows: its own features, then what it lends offset -2, -1, 1, 2
_PAD = 2  # edge tokens around each sequence: the widest offset, so neighbours never cross
_GAZ_ID = {g: i for i, g in enumerate(GAZ_TAGS)}  # then len(GAZ_TAGS): an edge token
_GEO_ID = {"": 0, "B": 1, "I": 2}  # Lexicon.place_tags; 3: an edge token
WORD_CACHE_MAX = 200_000  # distinct words whose rows are kept between articles; cleared when full
# Words per batch when prefilling: each batch gathers ~50 weight rows per word at once (~4 MB of
# float64 at 11 labels), so a warm-up of tens of thousands of words never holds them all at once.
PREFILL_BATCH = 1_000
# Rows of room left after prefilling, for the words serving meets: without it the first article's
# new words would double the table at once (a copy of tens of MB, ~60 ms, in that article).
PREFILL_ROOM = 8_192


class EmissionScorer:
    """State scores of one CRF model. Word rows are kept across calls (clear_cache() forgets
    those met since prefill())."""

    def __init__(self, model: CrfModel, clusters: dict[str, str], lexicon: Lexicon) -> None:
        self.model = model
        self.clusters = clusters
        self.lexicon = lexicon
        n_labels = len(model.labels)
        # Per part d, the rows a token gets from its own (d = 0) or its neighbour's gazetteer tag,
        # an edge token lending nothing; then the place tags of itself and its two neighbours.
        self._gaz = np.stack(
            [np.stack([*(self._row(GAZ_FEAT[d][g]) for g in GAZ_TAGS), np.zeros(n_labels)]) for d in _PARTS]
        )
        self._geo = np.stack(
            [
                np.stack([*(self._row(PLACE_FEAT[d][g]) for g in _GEO_ID), self._row(PLACE_EDGE.get(d, ""))])
                for d in (0, -1, 1)
            ]
        )
        self._title_bos = self._row(TITLE_BOS)
        splits = {prefix: _pair_splits(model, prefix) for prefix in (PAIR_BEFORE, PAIR_AFTER)}
        words = sorted({w for found in splits.values() for a, b, _ in found for w in (a, b)})
        self._pair_words = {w: i for i, w in enumerate(words)}
        self._pairs = {prefix: _PairTable(found, self._pair_words) for prefix, found in splits.items()}
        # Row 0 is the edge token, lending EDGE features; then the rows prefill() made, which
        # clear_cache() keeps, then the rows of words met while serving.
        self._words = np.zeros((len(_PARTS), 1, n_labels))  # [part, word row, label]
        self._words[1:, 0] = [self._row(EDGE[d][0]) for d in OFFSETS]
        self._pair_ids = np.full(1, -1, dtype=np.intp)
        self._kept_ids: dict[bool, dict[str, int]] = {False: {}, True: {}}
        self._kept = 1
        self.clear_cache()

    def _row(self, feature: str) -> Matrix:
        row: Matrix = self.model.state[self.model.attributes.get(feature, self.model.unknown)]
        return row

    def clear_cache(self) -> None:
        """Forget the rows of the words met since the last prefill() (all of them without one)."""
        self._words = self._words[:, : self._kept].copy()
        self._pair_ids = self._pair_ids[: self._kept].copy()
        self._ids = {cased: dict(ids) for cased, ids in self._kept_ids.items()}
        self._size = self._kept

    def prefill(self, toks: list[str], cased: bool) -> None:
        """Rows for these tokens (as written, in sequences that are `cased` or not) made now and
        kept by clear_cache(): a worker's warm-up, so its first articles find their common words
        as a worker that has run a while does. At most half of WORD_CACHE_MAX stay kept, so that
        serving always has room."""
        room = WORD_CACHE_MAX // 2 - self._size
        toks = [t for t in dict.fromkeys(toks) if t not in self._ids[cased]][: max(room, 0)]
        self._grow(self._size + len(toks) + PREFILL_ROOM)  # not doubled: half of that could stay unused
        for start in range(0, len(toks), PREFILL_BATCH):
            self._add_words([toks[start : start + PREFILL_BATCH]], [cased])
        self._kept_ids = {c: dict(ids) for c, ids in self._ids.items()}
        self._kept = self._size

    def __call__(
        self, lows: list[list[str]], toks: list[list[str]], cased: list[bool], gaz: list[list[str]]
    ) -> list[Matrix]:
        """One (tokens x labels) matrix per sequence; `lows` are the lowercased `toks`."""
        if sum(map(len, toks)) > WORD_CACHE_MAX - self._size:
            self.clear_cache()
        self._add_words(toks, cased)
        pad = [0] * _PAD
        # the article's tokens as word rows, each sequence with edge tokens before and after
        word = [*pad]
        gaz_id = [len(GAZ_TAGS)] * _PAD
        geo_id = [3] * _PAD
        starts: list[int] = []
        for seq, seq_lows, seq_cased, seq_gaz in zip(toks, lows, cased, gaz, strict=True):
            starts.append(len(word))
            word += map(self._ids[seq_cased].__getitem__, seq)
            word += pad
            gaz_id += [_GAZ_ID[g] for g in seq_gaz]
            gaz_id += [len(GAZ_TAGS)] * _PAD
            geo_id += [_GEO_ID[g] for g in self.lexicon.place_tags(seq_lows)]
            geo_id += [3] * _PAD
        rows, gazs, geos = np.array(word), np.array(gaz_id), np.array(geo_id)
        n = len(rows) - 2 * _PAD  # positions that can hold a token, each at _PAD + its index
        scores = self._words[0][rows[_PAD : _PAD + n]]
        for part, d in enumerate(_PARTS):  # per part one contiguous table: a gather and an add
            if d:
                scores += self._words[part][rows[_PAD + d : _PAD + d + n]]
            scores += self._gaz[part][gazs[_PAD + d : _PAD + d + n]]
        for part, d in enumerate((0, -1, 1)):
            scores += self._geo[part][geos[_PAD + d : _PAD + d + n]]
        self._add_pairs(scores, rows)
        for s, (seq, seq_cased) in enumerate(zip(toks, cased, strict=True)):
            if seq_cased and seq and seq[0][:1].isupper():
                scores[starts[s] - _PAD] += self._title_bos
        return [scores[a - _PAD : a - _PAD + len(seq)] for a, seq in zip(starts, toks, strict=True)]

    def _add_pairs(self, scores: Matrix, rows: Ints) -> None:
        """Known word pairs: PAIR_BEFORE on the second word, PAIR_AFTER on the first."""
        ids = self._pair_ids[rows]
        left, right = ids[_PAD - 1 : -_PAD - 1], ids[_PAD:-_PAD]  # (previous, this) per position
        for prefix, table in self._pairs.items():
            found, attribute = table.find(left, right)
            if prefix == PAIR_BEFORE:
                scores[found] += self.model.state[attribute]
            else:
                scores[found - 1] += self.model.state[attribute]

    def _add_words(self, toks: list[list[str]], cased: list[bool]) -> None:
        """Rows for the words not seen yet: each new word's five parts summed in one gather and
        one reduce over the article."""
        new: dict[tuple[str, bool], str] = {}
        for seq, seq_cased in zip(toks, cased, strict=True):
            known = self._ids[seq_cased]
            for tok in seq:
                if tok not in known:
                    new[(tok, seq_cased)] = tok.lower()
        if not new:
            return
        attributes, unknown = self.model.attributes, self.model.unknown
        ids: list[int] = []
        bounds: list[int] = []
        for tok, word_cased in new:
            own, lent = word_features(tok, word_cased, self.clusters, self.lexicon)
            for part in (own, *(lent[d] for d in OFFSETS)):
                bounds.append(len(ids))
                ids.append(unknown)  # a zero row: no part is empty, as reduceat needs
                ids += [attributes.get(f, unknown) for f in part]
        sums = np.add.reduceat(self.model.state[ids], bounds, axis=0).reshape(len(new), len(_PARTS), -1)
        first, end = self._size, self._size + len(new)
        if end > len(self._pair_ids):
            self._grow(max(end, 2 * len(self._pair_ids)))
        self._words[:, first:end] = sums.transpose(1, 0, 2)
        self._pair_ids[first:end] = [self._pair_words.get(low, -1) for low in new.values()]
        for row, (tok, word_cased) in enumerate(new, start=first):
            self._ids[word_cased][tok] = row
        self._size = end

    def _grow(self, rows: int) -> None:
        """Room for `rows` word rows in all."""
        grow = rows - len(self._pair_ids)
        if grow > 0:
            self._words = np.concatenate(
                [self._words, np.zeros((len(_PARTS), grow, self._words.shape[2]))], axis=1
            )
            self._pair_ids = np.concatenate([self._pair_ids, np.full(grow, -1)])


def _pair_splits(model: CrfModel, prefix: str) -> list[tuple[str, str, int]]:
    """(first word, second word, attribute) of the model's word-pair attributes of one prefix.
    A pair attribute is the two lowercased words joined by "|"; a word may itself be "|", so
    every way to split the text is kept: each names the string Featurizer would build."""
    out: list[tuple[str, str, int]] = []
    for name, attribute in model.attributes.items():
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            out += [(rest[:i], rest[i + 1 :], attribute) for i, ch in enumerate(rest) if ch == "|"]
    return out


class _PairTable:
    """Word-pair attributes as sorted integer keys (first word id * words + second word id)."""

    def __init__(self, splits: list[tuple[str, str, int]], words: dict[str, int]) -> None:
        self.n_words = len(words)
        keys = np.array([words[a] * self.n_words + words[b] for a, b, _ in splits], dtype=np.intp)
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.attributes = np.array([attr for _, _, attr in splits], dtype=np.intp)[order]

    def find(self, left: Ints, right: Ints) -> tuple[Ints, Ints]:
        """Positions whose (left, right) word ids (-1: in no pair) form a known pair, and its
        attribute."""
        if not len(self.keys):
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        key = left * self.n_words + right
        at = np.minimum(np.searchsorted(self.keys, key), len(self.keys) - 1)
        found = np.flatnonzero((left >= 0) & (right >= 0) & (self.keys[at] == key))
        return found, self.attributes[at[found]]
