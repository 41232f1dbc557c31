"""A gradient-boosted tree ensemble scored with numpy, from the JSON that a training script writes.

All trees live in flat node arrays. Scoring walks every (row, tree) pair one level per step, so a
whole article costs `depth` vectorised steps whatever the number of trees. A leaf points to itself
on both sides, so rows that reach a leaf early simply stay there.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class BoostedTrees:
    features: tuple[str, ...]  # column names, in the order rows must come in
    bias: float  # the initial log-odds
    depth: int  # the deepest leaf: steps needed to reach every leaf
    roots: np.ndarray  # node index of each tree's root
    feature: np.ndarray  # per node: the column it tests (0 at leaves)
    threshold: np.ndarray  # per node: go left when the value is <= this
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray  # per node: its contribution at a leaf (learning rate applied), 0 elsewhere

    @classmethod
    def load(cls, path: Path) -> BoostedTrees:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            model = json.load(fh)
        return cls(
            features=tuple(model["features"]),
            bias=float(model["bias"]),
            depth=int(model["depth"]),
            roots=np.asarray(model["roots"], dtype=np.intp),
            feature=np.asarray(model["feature"], dtype=np.intp),
            threshold=np.asarray(model["threshold"], dtype=np.float64),
            left=np.asarray(model["left"], dtype=np.intp),
            right=np.asarray(model["right"], dtype=np.intp),
            value=np.asarray(model["value"], dtype=np.float64),
        )

    def decision(self, rows: np.ndarray) -> np.ndarray:
        """Log-odds per row of `rows` (shape: n x len(features))."""
        node = np.broadcast_to(self.roots, (len(rows), len(self.roots)))
        index = np.arange(len(rows))[:, None]
        for _ in range(self.depth):
            goes_left = rows[index, self.feature[node]] <= self.threshold[node]
            node = np.where(goes_left, self.left[node], self.right[node])
        scores: np.ndarray = self.bias + self.value[node].sum(axis=1)
        return scores
