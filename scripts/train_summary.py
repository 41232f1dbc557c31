"""Train the builtin summary's sentence scorer on IndoSum and export it for the numpy-only backend.

    .venv/bin/pip install -r requirements-train.txt   # scikit-learn; the service never imports it
    .venv/bin/python scripts/train_summary.py [--search]

Data: ../shared/data/indosum (CC BY-SA 4.0). Hold-out: 20% of articles by a hash of the article id
(bench/quality_summary.py `in_holdout`), never trained on, never used to pick settings. Labels:
IndoSum's extractive labels (a greedy ROUGE oracle over its own sentences), moved onto this project's
sentences: a candidate is positive when at least half of it lies in a labelled sentence.

Every training article is seen twice, once without a title and once with the headline slug of its
id as the title, so the model serves requests with and without one. `--search` compares settings on
a validation quarter of the training articles (ROUGE of the top three picks against the human
summary); the final model is fit on all training articles and written to MODEL_PATH, then the bench
scores the hold-out through the shipped numpy path.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import quality_summary
from bench.quality_summary import in_holdout, indosum, rouge, slug_title
from service.pipeline.backends.builtin.boosted_trees import BoostedTrees
from service.pipeline.backends.builtin.summary import MODEL_PATH
from service.pipeline.backends.builtin.summary_features import FEATURES, Candidate, candidates, feature_matrix

SEED = 13
LABEL_OVERLAP = 0.5  # share of a candidate's characters inside labelled sentences that makes it positive
# Evidence (ROUGE-1/2/L F1 of the top three against the human summary, on a validation quarter of
# the training articles, no title; LEAD-3 there 67.4 / 61.0 / 64.6):
# - boosted trees 70.3 / 63.8 / 67.4 with 100 trees of depth 3, as with 200, so 100 (half the time);
# - with an earlier, bucketed version of these features: logistic regression 69.6 / 63.1 / 66.8;
#   scikit-learn's HistGradientBoosting with 15-leaf trees 70.8 / 64.2 / 67.9 (200 trees) and the
#   same within 0.1 with 400 trees of 31 leaves; the same trees regressing on each sentence's ROUGE
#   precision instead of the labels 70.2 / 63.5 / 67.3 (worse);
# - leaving out picks 2-3 below a probability of 0.05 or 0.1 changed nothing or cost 0.03, so the
#   summary always takes as many sentences as asked (and as the article has).
# `--search` reruns the comparison of SEARCH on that quarter.
SETTINGS: dict[str, Any] = {
    "n_estimators": 100,
    "learning_rate": 0.05,
    "max_depth": 3,
    "min_samples_leaf": 20,
    "subsample": 0.8,
}
SEARCH: list[dict[str, Any]] = [SETTINGS, {**SETTINGS, "n_estimators": 200}]


def labels(article: dict[str, Any], found: list[Candidate]) -> np.ndarray:
    """IndoSum's labels moved onto our candidates by character overlap."""
    text, spans, pos = article["text"], [], 0
    for sentence, label in zip(article["sentences"], article["extractive_labels"], strict=True):
        start = text.index(sentence, pos)  # the text is its sentences joined, in order
        pos = start + len(sentence)
        if label:
            spans.append((start, pos))
    y = np.zeros(len(found), dtype=bool)
    for i, c in enumerate(found):
        a, b = c.sentence.start or 0, c.sentence.end or 0
        inside = sum(max(0, min(b, e) - max(a, s)) for s, e in spans)
        y[i] = inside >= LABEL_OVERLAP * (b - a)
    return y


def prepare(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for a in articles:
        found = candidates(a["text"])
        rows.append(
            {
                "id": a["id"],
                "summary": a["summary"],
                "texts": [c.sentence.text for c in found],
                "y": labels(a, found),
                "plain": feature_matrix(found, "id", None),
                "titled": feature_matrix(found, "id", slug_title(a["id"])),
            }
        )
    return rows


def fit(rows: list[dict[str, Any]], settings: dict[str, Any]) -> GradientBoostingClassifier:
    x = np.vstack([r["plain"] for r in rows] + [r["titled"] for r in rows])
    y = np.concatenate([r["y"] for r in rows] * 2)
    return GradientBoostingClassifier(random_state=SEED, **settings).fit(x, y)


def top3(scores: np.ndarray, texts: list[str]) -> str:
    return " ".join(texts[i] for i in sorted(np.argsort(-scores, kind="stable")[:3].tolist()))


def validate(rows: list[dict[str, Any]]) -> None:
    quarter = [int(hashlib.md5(("val" + r["id"]).encode()).hexdigest()[:8], 16) % 4 == 0 for r in rows]
    train = [r for r, q in zip(rows, quarter, strict=True) if not q]
    val = [r for r, q in zip(rows, quarter, strict=True) if q and r["texts"]]
    for settings in SEARCH:
        model = fit(train, settings)
        for key in ("plain", "titled"):
            pairs = [(top3(model.decision_function(r[key]), r["texts"]), r["summary"]) for r in val]
            scores = " / ".join(f"{v:.2f}" for v in rouge(pairs).values())
            print(f"{settings} {key}: ROUGE-1/2/L {scores} on {len(val)} articles", flush=True)


def export(model: GradientBoostingClassifier, x: np.ndarray) -> dict[str, Any]:
    """Flat node arrays of every tree (leaves point to themselves), checked against sklearn."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0
    for estimator in model.estimators_[:, 0]:
        tree = estimator.tree_
        base = len(feature)
        roots.append(base)
        depth = max(depth, int(estimator.get_depth()))
        for node in range(tree.node_count):
            leaf = tree.children_left[node] == -1
            feature.append(0 if leaf else int(tree.feature[node]))
            threshold.append(0.0 if leaf else float(tree.threshold[node]))
            left.append(base + node if leaf else base + int(tree.children_left[node]))
            right.append(base + node if leaf else base + int(tree.children_right[node]))
            value.append(float(model.learning_rate * tree.value[node, 0, 0]) if leaf else 0.0)
    trees_only = np.zeros(len(x))
    for estimator in model.estimators_[:, 0]:
        trees_only += model.learning_rate * estimator.predict(x)
    bias = float(np.mean(model.decision_function(x) - trees_only))
    exported = {
        "features": list(FEATURES),
        "bias": bias,
        "depth": depth,
        "roots": roots,
        "feature": feature,
        "threshold": threshold,
        "left": left,
        "right": right,
        "value": value,
    }
    return exported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true", help="compare SEARCH settings on a validation fold")
    args = parser.parse_args()
    training = [a for a in indosum() if not in_holdout(a["id"])]
    rows = prepare(training)
    print(f"{len(rows)} training articles, {sum(len(r['y']) for r in rows)} candidate sentences", flush=True)
    if args.search:
        validate(rows)
    model = fit(rows, SETTINGS)
    x = np.vstack([r["plain"] for r in rows])
    exported = export(model, x)
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(MODEL_PATH, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(
            {**exported, "trained_on": f"IndoSum dev folds 02-05, {len(rows)} articles not held out"}, fh
        )
    drift = np.abs(BoostedTrees.load(MODEL_PATH).decision(x) - model.decision_function(x)).max()
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size} bytes); numpy vs sklearn max |diff| {drift:.2e}")
    for name, value in quality_summary.evaluate().items():
        print(f"{name} {value:.4f}")


if __name__ == "__main__":
    main()
