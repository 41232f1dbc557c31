"""Train the builtin sentiment model on IndoNLU SmSA and export it for the numpy-only backend.

    .venv/bin/pip install scikit-learn   # training only; the service never imports it
    .venv/bin/python scripts/train_sentiment.py [--data ../shared/data/indonlu/smsa/train.tsv]

Hold-out: 15% of rows chosen by content hash (`in_holdout`), never trained on, never used to pick
settings. Settings (C, class weights) are picked by 5-fold cross-validation on the rest; the same folds'
out-of-fold logits fit the softmax temperature. The final model is fit on all non-held-out rows.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.pipeline.backends.builtin.sentiment import (
    MODEL_PATH,
    LexicalSentimentAnalyzer,
    features,
    in_holdout,
    is_char_feature,
)
from service.pipeline.document import SENTIMENT_LABELS

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/indonlu/smsa/train.tsv"
MIN_DF = 3  # features seen in fewer training texts are noise and bloat the file
SEED = 13


def load(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if label in SENTIMENT_LABELS:
            rows.append((text, label))
    return rows


def build_vocab(feats: list[Counter[str]]) -> tuple[list[str], np.ndarray]:
    df: Counter[str] = Counter()
    for f in feats:
        df.update(f.keys())
    vocab = sorted(f for f, n in df.items() if n >= MIN_DF)
    n_docs = len(feats)
    idf = np.array([math.log((1 + n_docs) / (1 + df[f])) + 1 for f in vocab])  # sklearn's smooth idf
    return vocab, idf


def matrix(feats: list[Counter[str]], vocab: list[str], idf: np.ndarray) -> sparse.csr_matrix:
    """The same weighting as LexicalSentimentAnalyzer.logits: sublinear tf * idf, each block of a row
    L2-normalised."""
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for r, f in enumerate(feats):
        for feat, count in f.items():
            i = index.get(feat)
            if i is not None:
                rows.append(r)
                cols.append(i)
                vals.append((1.0 + math.log(count)) * idf[i])
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(vocab)))
    char = np.array([is_char_feature(f) for f in vocab])
    for block in (char, ~char):  # each block L2-normalised on its own
        sq = x.multiply(x) @ block.astype(np.float64)
        norms = np.sqrt(np.asarray(sq).ravel())
        norms[norms == 0] = 1.0
        x = x.tocoo()
        in_block = block[x.col]
        x.data[in_block] /= norms[x.row[in_block]]
        x = x.tocsr()
    return x


def cross_validate(x: sparse.csr_matrix, y: np.ndarray, c: float, weight: str | None) -> tuple[float, np.ndarray]:
    """Macro-F1 of 5-fold CV and the out-of-fold logits."""
    logits = np.zeros((len(y), len(SENTIMENT_LABELS)))
    for tr, va in StratifiedKFold(5, shuffle=True, random_state=SEED).split(x, y):
        clf = LogisticRegression(C=c, class_weight=weight, max_iter=3000).fit(x[tr], y[tr])
        logits[va] = clf.decision_function(x[va])
    return f1_score(y, logits.argmax(1), average="macro"), logits


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    def nll(t: float) -> float:
        z = logits / t
        z = z - z.max(1, keepdims=True)
        return float(-(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(1))).mean())

    return float(minimize_scalar(nll, bounds=(0.05, 10.0), method="bounded").x)


def reliability(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> tuple[float, list[str]]:
    """Expected calibration error of the top label, and one line per non-empty confidence bin."""
    conf, pred = probs.max(1), probs.argmax(1)
    ece, lines = 0.0, []
    for lo in np.linspace(0, 1, bins, endpoint=False):
        sel = (conf >= lo) & (conf < lo + 1 / bins)
        if sel.any():
            acc = float((pred[sel] == y[sel]).mean())
            ece += sel.mean() * abs(acc - conf[sel].mean())
            lines.append(f"  [{lo:.1f},{lo + 0.1:.1f}) n={sel.sum():5d} conf={conf[sel].mean():.3f} acc={acc:.3f}")
    return float(ece), lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args()

    rows = load(args.data)
    train = [r for r in rows if not in_holdout(r[0])]
    held = [r for r in rows if in_holdout(r[0])]
    print(f"rows: {len(rows)}  train: {len(train)}  held-out: {len(held)}")
    labels = list(SENTIMENT_LABELS)
    y = np.array([labels.index(lab) for _, lab in train])
    y_held = np.array([labels.index(lab) for _, lab in held])

    feats = [features(t) for t, _ in train]
    vocab, idf = build_vocab(feats)
    x = matrix(feats, vocab, idf)
    print(f"features (df >= {MIN_DF}): {len(vocab)}")

    best = None
    for weight in (None, "balanced"):
        for c in (3.0, 10.0):
            f1, logits = cross_validate(x, y, c, weight)
            print(f"  cv C={c:<5} class_weight={weight!s:9} macro-F1={f1:.4f}")
            if best is None or f1 > best[0]:
                best = (f1, c, weight, logits)
    _, c, weight, oof = best
    temperature = fit_temperature(oof, y)
    print(f"chosen: C={c} class_weight={weight}  temperature={temperature:.3f}")

    clf = LogisticRegression(C=c, class_weight=weight, max_iter=3000).fit(x, y)
    export(args.out, vocab, idf, clf.coef_, clf.intercept_, temperature)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    evaluate(LexicalSentimentAnalyzer(args.out), held, y_held, clf, x_held=matrix([features(t) for t, _ in held], vocab, idf))


def export(path: Path, vocab: list[str], idf: np.ndarray, coef: np.ndarray, bias: np.ndarray, t: float) -> None:
    """Drop features whose weights are all ~0 (they cannot move a logit), round to 4 decimals."""
    keep = np.abs(coef).max(0) >= 0.02
    model = {
        "labels": list(SENTIMENT_LABELS),
        "featuriser": "builtin.sentiment.features; sublinear tf * idf; word and char blocks L2-normalised",
        "source": "IndoNLU SmSA train split minus 15% md5 hold-out (Wilie et al., AACL 2020, MIT)",
        "features": [f for f, k in zip(vocab, keep, strict=True) if k],
        "idf": np.round(idf[keep], 4).tolist(),
        "weights": np.round(coef[:, keep], 4).tolist(),
        "bias": np.round(bias, 4).tolist(),
        "temperature": round(t, 4),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(model, fh, ensure_ascii=False, separators=(",", ":"))
    print(f"exported {int(keep.sum())} of {len(vocab)} features")


def evaluate(model: LexicalSentimentAnalyzer, held: list[tuple[str, str]], y: np.ndarray, clf, x_held) -> None:
    raw = clf.predict_proba(x_held)
    start = time.perf_counter()
    probs = np.stack([model.probabilities(t) for t, _ in held])
    per_text_ms = (time.perf_counter() - start) / len(held) * 1e3
    pred = probs.argmax(1)
    print(f"held-out ({len(held)} rows, shipped numpy model): macro-F1={f1_score(y, pred, average='macro'):.4f} "
          f"accuracy={accuracy_score(y, pred):.4f}  ({per_text_ms:.2f} ms/text)")
    print("  per-class F1: " + ", ".join(
        f"{lab}={f:.3f}" for lab, f in zip(SENTIMENT_LABELS, f1_score(y, pred, average=None), strict=True)))
    print(f"  agreement with sklearn before pruning: {(raw.argmax(1) == pred).mean():.4f}")
    for name, p in (("uncalibrated (T=1)", raw), ("calibrated", probs)):
        ece, lines = reliability(p, y)
        print(f"reliability, {name}: ECE={ece:.4f}")
        print("\n".join(lines))
    sure = probs.max(1) >= 0.8
    print(f"top label at score >= 0.8: {int(sure.sum())} examples, "
          f"{100 * float((pred[sure] == y[sure]).mean()):.1f}% correct")
    docs = [model.analyze(t, "id") for t, _ in held]
    doc_pred = np.array([SENTIMENT_LABELS.index(d.label) for d in docs])
    print(f"held-out via analyze() (chunked): macro-F1={f1_score(y, doc_pred, average='macro'):.4f} "
          f"accuracy={accuracy_score(y, doc_pred):.4f}")


if __name__ == "__main__":
    main()
