"""A linear-chain CRF read from a crfsuite model file, decoded with numpy over all of an
article's sequences at once.

Why not pycrfsuite's Tagger at run time: on the seed articles, handing it feature strings
(ItemSequence + Tagger.set, some 46 attribute lookups per token) took about 60 % of the entity
stage while Viterbi itself took 2 %. Here the state scores come from emissions.py as sums of
weight rows, and Viterbi and the marginals run batched over the sequences. The arithmetic is
crfsuite's CRF1d (state + transition scores, no start/end features; ties go to the lowest
label id, as in crfsuite), with the weights read exactly from the file. Training stays with
python-crfsuite (scripts/entity_training.py), which writes the file.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]
_STATE, _TRANSITION = 0, 1  # crfsuite's feature types


@dataclass(frozen=True)
class CrfModel:
    """`state[attribute_id, label_id]`: the weight of a state feature (0 where none); its last row
    is all zero and stands for attributes the model does not know (`unknown`)."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: Matrix
    transitions: Matrix  # [from label, to label]

    @property
    def unknown(self) -> int:
        return len(self.attributes)

    @classmethod
    def read(cls, path: Path) -> CrfModel:
        """Parse crfsuite's "FOMC" model format (the header, the FEAT chunk, two CQDB chunks)."""
        data = Path(path).read_bytes()
        magic, _, kind, _, _, n_labels, n_attrs, off_feat, off_labels, off_attrs = struct.unpack_from(
            "<4sI4sIIIIIII", data, 0
        )
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError(f"{path}: not a crfsuite CRF1d model")
        labels = _quarks(data, off_labels)
        attributes = _quarks(data, off_attrs)
        if len(labels) != n_labels or len(attributes) != n_attrs:
            raise ValueError(f"{path}: label or attribute table does not match the header")
        chunk, _, n_features = struct.unpack_from("<4sII", data, off_feat)
        if chunk != b"FEAT":
            raise ValueError(f"{path}: no FEAT chunk")
        records = np.frombuffer(
            data,
            dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")]),
            count=n_features,
            offset=off_feat + 12,
        )
        state = np.zeros((n_attrs + 1, n_labels))
        transitions = np.zeros((n_labels, n_labels))
        for table, kind_id in ((state, _STATE), (transitions, _TRANSITION)):
            rows = records[records["type"] == kind_id]
            table[rows["src"], rows["dst"]] = rows["weight"]
        return cls(tuple(labels), {a: i for i, a in enumerate(attributes)}, state, transitions)


def _quarks(data: bytes, offset: int) -> list[str]:
    """The strings of a CQDB chunk by id, read through its id -> record table."""
    chunk, _, _, _, count, table = struct.unpack_from("<4sIIIII", data, offset)
    if chunk != b"CQDB":
        raise ValueError("no CQDB chunk")
    out: list[str] = []
    for rec in struct.unpack_from(f"<{count}I", data, offset + table):
        size = struct.unpack_from("<I", data, offset + rec + 4)[0]
        out.append(data[offset + rec + 8 : offset + rec + 7 + size].decode("utf-8"))  # NUL-ended
    return out


@dataclass(frozen=True)
class Decoded:
    """Per sequence: the best label ids, and each position's marginal probability of its label."""

    paths: list[list[int]]
    confidence: list[list[float]]


def decode_batch(emissions: list[Matrix], transitions: Matrix) -> Decoded:
    """Viterbi paths and the marginals of their labels for many sequences at once.

    The sequences are packed end to end into a few rows, each followed by one separator
    position that only an extra label can take, with a zero transition score into and out of
    it: Viterbi and forward-backward then treat every sequence on its own, as crfsuite does,
    while one numpy step serves all rows, so the Python loop runs over the longest row's
    positions rather than over every token of the article."""
    if not emissions:
        return Decoded([], [])
    n_labels = transitions.shape[0]
    lengths = [len(e) for e in emissions]
    where, width = _pack(lengths)
    # [position, row, label]; every position is a separator until a sequence is put there
    scores = np.full((width, max(r for r, _ in where) + 1, n_labels + 1), -np.inf)
    scores[:, :, n_labels] = 0.0
    for seq, (r, at) in enumerate(where):
        scores[at : at + lengths[seq], r, :n_labels] = emissions[seq]
        scores[at : at + lengths[seq], r, n_labels] = -np.inf
    trans = np.zeros((n_labels + 1, n_labels + 1))
    trans[:n_labels, :n_labels] = transitions
    paths, marginals = _viterbi_and_marginals(scores, trans)
    chosen = np.take_along_axis(marginals, paths[:, :, None], axis=2)[:, :, 0]
    by_row: list[list[int]] = paths.T.tolist()
    chosen_by_row: list[list[float]] = chosen.T.tolist()
    return Decoded(
        [by_row[r][at : at + n] for (r, at), n in zip(where, lengths, strict=True)],
        [chosen_by_row[r][at : at + n] for (r, at), n in zip(where, lengths, strict=True)],
    )


_ROW_TOKENS = 24  # rows short enough that packing pays (a row's positions are the loop's steps)


def _pack(lengths: list[int]) -> tuple[list[tuple[int, int]], int]:
    """(row, first position) per sequence, longest first into the shortest row, each with its
    separator after it; and the longest row's length."""
    n_rows = max(1, min(len(lengths), sum(lengths) // max(max(lengths), _ROW_TOKENS)))
    filled = [0] * n_rows
    where = [(0, 0)] * len(lengths)
    for seq in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        r = filled.index(min(filled))
        where[seq] = (r, filled[r])
        filled[r] += lengths[seq] + 1
    return where, max(filled)


def _viterbi_and_marginals(scores: Matrix, trans: Matrix) -> tuple[npt.NDArray[np.intp], Matrix]:
    """The Viterbi path, and P(label at t | its sequence) by forward-backward in probabilities,
    in one loop over the positions: the forward pass runs from the front while the backward
    pass runs from the back, as one batched product each step."""
    width, n_rows, n_labels = scores.shape
    # Probabilities shifted so that each position's best label weighs 1: one step then changes a
    # row's total by a factor between exp(min transition) and labels * exp(max transition), so
    # rescaling every few steps keeps it far from overflow and underflow.
    e = np.exp(scores - scores.max(axis=2, keepdims=True))
    weights = np.exp(trans)
    step_range = max(-trans.min(), trans.max() + np.log(n_labels), 1.0)
    rescale = max(1, int(300 / step_range))  # a factor of at most e^300 between rescalings
    both = np.stack([weights, weights.T])
    ends = np.stack([e, e[::-1]], axis=1)  # [step, direction, row, label]
    sweep = np.empty_like(ends)  # [:, 0]: forward (alpha); [:, 1]: e * beta, from the back
    sweep[0] = ends[0]
    # Viterbi: [t, previous, row, label], the previous label first: a max over the first axis is
    # an elementwise maximum of contiguous slices, the fewest instructions numpy has for it
    # (valgrind: 38 % fewer than over the last axis, 60 % fewer than over the middle one)
    candidates = np.empty((width, n_labels, n_rows, n_labels))
    into = trans[:, None, :].copy()  # [previous, 1, label]
    best = scores[0].copy()
    # per-position views made once (C-level iteration) and ufuncs called directly: the loop's
    # cost is numpy's per-call overhead, the arrays being small
    steps = zip(range(1, width), sweep[:-1], sweep[1:], ends[1:], candidates[1:], scores[1:], strict=True)
    matmul, multiply, add, maximum = np.matmul, np.multiply, np.add, np.maximum.reduce
    for t, previous, now, weight, cand, score in steps:
        matmul(previous, both, out=now)
        multiply(now, weight, out=now)
        if t % rescale == 0:
            now /= add.reduce(now, axis=2, keepdims=True)
        add(best.T[:, :, None], into, out=cand)
        best = maximum(cand, axis=0)
        add(best, score, out=best)
    path = np.empty((width, n_rows), dtype=np.intp)
    rows = np.arange(n_rows)
    current = path[width - 1] = best.argmax(axis=1)
    for t in range(width - 1, 0, -1):
        # the best previous label of the one chosen (lowest id on ties, as crfsuite): only
        # these, not every back pointer (an argmax over all costs a transposed copy)
        current = path[t - 1] = candidates[t][:, rows, current].argmax(axis=0)
    alpha = sweep[:, 0]
    beta = np.ones_like(alpha)
    beta[:-1] = sweep[-2::-1, 1] @ weights.T  # beta[t] = (e[t+1] * beta[t+1]) @ weights.T
    joint = alpha * beta
    return path, np.asarray(joint / joint.sum(axis=2, keepdims=True))
