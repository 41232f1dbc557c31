"""Train the Malayic stage of the built-in language detector and export it for the numpy-only backend.

    .venv/bin/pip install -r requirements-train.txt   # scikit-learn, wordfreq: training only
    .venv/bin/python scripts/train_language.py [--dev]

Data, each split by a fixed hash rule (service/pipeline/backends/builtin/language_malayic.in_holdout):
  language-text (bench/language_text.py)  ms, id, jv, su, min; its held-out 30 % is never used here
  IndoNLU NERGrit, NERP, SmSA sentences    Indonesian; held-out 30 % never used here; of the rest,
                                           a hashed fifth is trained on and the others calibrate
                                           the Indonesian prior (below)
Word tables: wordfreq's Malay/Indonesian frequency ratios and lingua's per-word log-odds (both
written into the model file, so serving needs neither package).
Settings (C, the features) were chosen on a development split: `--dev` trains without a hashed
quarter of the training rows and scores it. The prior: the smallest extra log-odds for Indonesian
that keeps each IndoNLU set's calibration sentences called Malay, through the whole cascade, at
or under ID_AS_MS_TARGET. bench/quality_language.py reports every figure on the held-out parts through the
shipped numpy path.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import pickle
import sys
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.language_text import items
from bench.quality_language import indonlu_sets
from service.pipeline.backends.builtin import language_malayic as featuriser
from service.pipeline.backends.builtin.language import (
    GROUP,
    Words,
    fasttext_probabilities,
    for_stage1,
    in_group,
    load_fasttext,
    marker_evidence,
    marker_sums,
    reweigh,
    sample,
)
from service.pipeline.backends.builtin.language_malayic import (
    LANGUAGES,
    MARKER_LANGUAGES,
    MODEL_PATH,
    features,
    in_holdout,
)

# Development split (--dev), Malay recall at the calibrated prior: C=1 0.818, C=3 0.846, C=10 0.837.
C = 3.0
# At most this share of each IndoNLU set's calibration sentences may come out Malay through the
# whole cascade: the service promises 1 % on every IndoNLU set. At 0.8 % of all of them pooled the
# held-out NERGrit and SmSA samples came out at 1.18 % and 1.10 %; at 0.6 % pooled, NERGrit at
# 1.38 % (7 of 507): the pooled rate let the smaller set drift, so each set is held to it now.
ID_AS_MS_TARGET = 0.006
# Of IndoNLU's non-held-out sentences, INDONLU_TRAIN_PERCENT are trained on (the rest calibrate the
# prior), and each IndoNLU group weighs INDONLU_WEIGHT times a language-text group. Weighing IndoNLU
# up makes the regression carve Indonesian news and chat away from Malay, which lets the prior
# favour Malay more, but it stops caring about Tatoeba's short Indonesian. Cross-validated by
# document on the training rows (id-vs-ms, Malay recall / Tatoeba Indonesian called Malay, at 0.6 %
# of each IndoNLU calibration set called Malay): 20 % and 1: 0.794 / 4.2 %; 50 % and 4:
# 0.822 / 6.8 %; 50 % and 10: 0.828 / 8.5 %; 50 % and 30: 0.834 / 10.4 %. The defaults keep 20 %
# and 1: the few points of Malay recall cost short Indonesian text (headlines, chat) too much;
# `--indonlu-percent 50 --indonlu-weight 10` builds the other trade-off.
INDONLU_TRAIN_PERCENT = 20
INDONLU_WEIGHT = 1.0
PRIOR_FLOOR = -3.0  # the most the calibrated prior may favour Malay (log-odds)
# wordfreq: a word missing from one list is rarer there than the list's cut-off (~1e-6).
RATIO_FLOOR = 3e-7
RATIO_CLIP = 3.0  # nats: one word can say "Malay" (or "Indonesian") at most this loudly
MIN_RATIO = 0.05  # smaller ratios are noise: left out of the file
MIN_DF = 2  # features seen in fewer training texts are noise and bloat the file
# A word must occur in at least this many training groups (set/language pairs): NTREX's Malay and
# Indonesian halves come from different documents, so a word seen in one group only is as likely a
# topic of one document (Donggala, Palu, tsunami) as a mark of the language. Development split,
# Malay recall at the same false-Malay rate: 0.846 with this rule, 0.832 without.
MIN_GROUPS = 2
MIN_EFFECT = 0.02  # exported weights must move some logit by at least this much per unit
CACHE = Path("/tmp/train-language-features.pkl")


class Row(NamedTuple):
    text: str
    lang: str
    group: str  # "<set>/<lang>": every group weighs the same in training
    split: str  # train, calibrate or test


def wordfreq_ratios() -> dict[str, float]:
    import wordfreq

    ms = wordfreq.get_frequency_dict("ms", "small")
    id_ = wordfreq.get_frequency_dict("id", "small")
    ratios = {}
    for word in set(ms) | set(id_):
        if not word.replace("-", "").isalpha():
            continue
        value = math.log(ms.get(word, RATIO_FLOOR) / id_.get(word, RATIO_FLOOR))
        value = max(-RATIO_CLIP, min(RATIO_CLIP, value))
        if abs(value) >= MIN_RATIO:
            ratios[word] = round(value, 2)
    return ratios


def lingua_spellings(words: set[str]) -> dict[str, float]:
    """lingua's Malay-vs-Indonesian log-odds of each word alone (its character models only, the two
    languages only), clipped like the ratios; small values left out."""
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.INDONESIAN, Language.MALAY).build()
    spellings = {}
    for word, values in zip(
        sorted(words), detector.compute_language_confidence_values_in_parallel(sorted(words)), strict=True
    ):
        malay = next((v.value for v in values if v.language == Language.MALAY), 0.5)
        malay = min(max(malay, 1e-6), 1 - 1e-6)
        value = max(-RATIO_CLIP, min(RATIO_CLIP, math.log(malay / (1 - malay))))
        if abs(value) >= MIN_RATIO:
            spellings[word] = round(value, 2)
    return spellings


def rows(indonlu_train_percent: int = INDONLU_TRAIN_PERCENT) -> list[Row]:
    out = [
        Row(item.text, item.lang, f"{item.set}/{item.lang}", "test" if item.held_out else "train")
        for item in items()
        if item.lang in LANGUAGES
    ]
    for name, examples in indonlu_sets(held_out_only=False).items():
        for text, _ in examples:
            if in_holdout(text):
                split = "test"
            elif in_holdout("train:" + text, indonlu_train_percent):
                split = "train"
            else:
                split = "calibrate"
            out.append(Row(text, "id", f"indonlu-{name}/id", split))
    return out


def featurise(
    data: list[Row], ratios: dict[str, float], spellings: dict[str, float]
) -> list[dict[str, float]]:
    """Feature dicts of the rows, cached in CACHE between runs (keyed on the texts, the tables and
    the featuriser's source, so a change to any of them recomputes)."""
    key = hashlib.md5(
        pickle.dumps(([r.text for r in data], ratios, spellings, Path(featuriser.__file__).read_bytes()))
    ).hexdigest()
    if CACHE.exists():
        cached = pickle.loads(CACHE.read_bytes())
        if cached["key"] == key:
            return cached["features"]
    model = load_fasttext()
    feats = []
    for r in data:
        head = sample(r.text)
        feats.append(
            features(
                head,
                fasttext_probabilities(model, for_stage1(head)),
                ratios,
                marker_sums(Words.of(head)),
                spellings,
            )
        )
    CACHE.write_bytes(pickle.dumps({"key": key, "features": feats}))
    return feats


def group_weight(group: str, indonlu_weight: float) -> float:
    return indonlu_weight if group.startswith("indonlu-") else 1.0


def fit(X: sparse.csr_matrix, y: np.ndarray, weights: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, tol=1e-5).fit(X, y, sample_weight=weights)


def gates(texts: list[str]) -> list[tuple[float | None, str, float]]:
    """What the cascade knows about each text before the Malayic model: the group's probability
    after the marker words (None when stage 1 does not consider the group), and the best language
    outside the group with its probability."""
    model = load_fasttext()
    out: list[tuple[float | None, str, float]] = []
    for text in texts:
        head = sample(text)
        first = fasttext_probabilities(model, for_stage1(head))
        mass: float | None = None
        outside = first
        words = Words.of(head)
        if in_group(first, words):
            posterior = reweigh(first, marker_evidence(words))
            mass = sum(posterior.get(code, 0.0) for code in GROUP)
            outside = {code: p for code, p in posterior.items() if code not in GROUP}
        top = max(outside, key=outside.__getitem__, default="und")
        out.append((mass, top, outside.get(top, 0.0)))
    return out


def decide(known: list[tuple[float | None, str, float]], logits: np.ndarray, prior: float) -> list[str]:
    """The cascade's answer for each text, as CascadeLanguageDetector.detect gives it."""
    z = logits.copy()
    z[:, LANGUAGES.index("id")] += max(prior, 0.0)
    z[:, LANGUAGES.index("ms")] -= min(prior, 0.0)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    answers = []
    for (mass, top, p_top), row in zip(known, p, strict=True):
        best = int(row.argmax())
        answers.append(LANGUAGES[best] if mass is not None and mass * row[best] > p_top else top)
    return answers


def prior_for(known: list[tuple[float | None, str, float]], logits: np.ndarray, groups: list[str]) -> float:
    """The smallest extra log-odds for Indonesian (step 0.05, from PRIOR_FLOOR) that makes at most
    ID_AS_MS_TARGET of each group of these Indonesian texts come out Malay."""
    sizes = Counter(groups)

    def too_many(prior: float) -> bool:
        malay = Counter(g for g, a in zip(groups, decide(known, logits, prior), strict=True) if a == "ms")
        return any(malay[g] > ID_AS_MS_TARGET * n for g, n in sizes.items())

    # From PRIOR_FLOOR up: weighted towards IndoNLU, the regression alone can be stricter than the
    # target, and then the prior leans towards Malay (negative) to spend the rest of the budget.
    prior = PRIOR_FLOOR
    while too_many(prior) and prior < 10:
        prior += 0.05
    return round(prior, 2)


def report(name: str, answers: list[str], data: list[Row]) -> None:
    by_group: dict[str, list[str]] = {}
    for row, answer in zip(data, answers, strict=True):
        by_group.setdefault(row.group, []).append(answer)
    cells = []
    for group, found in sorted(by_group.items()):
        lang = group.split("/")[1]
        cell = f"{group}={found.count(lang) / len(found):.3f}"
        if lang == "id":
            cell += f"(ms {found.count('ms') / len(found):.3f})"
        cells.append(cell)
    malay = [a for row, a in zip(data, answers, strict=True) if row.lang == "ms"]
    recall = sum(a == "ms" for a in malay) / max(len(malay), 1)
    print(f"{name}: malay recall {recall:.3f}  " + " ".join(cells))


def export(
    model: LogisticRegression,
    vec: DictVectorizer,
    prior: float,
    ratios: dict[str, float],
    spellings: dict[str, float],
) -> None:
    names = vec.get_feature_names_out()
    coef = model.coef_  # (languages, features)
    keep = {"r", "l"} | {f"f:{code}" for code in LANGUAGES} | {f"m:{code}" for code in MARKER_LANGUAGES}
    weights = {
        name: [round(float(w), 4) for w in coef[:, i]]
        for i, name in enumerate(names)
        if name in keep or np.abs(coef[:, i]).max() >= MIN_EFFECT
    }
    bias = model.intercept_.copy()
    # Only the Indonesian-Malay balance moves: a prior that favours Malay lifts Malay rather than
    # lowering Indonesian, which would hand long Indonesian articles to Minangkabau.
    bias[LANGUAGES.index("id")] += max(prior, 0.0)
    bias[LANGUAGES.index("ms")] -= min(prior, 0.0)
    payload = {
        "languages": list(LANGUAGES),
        "bias": [round(float(b), 4) for b in bias],
        "weights": weights,
        "ratios": ratios,
        "spellings": spellings,
        "trained": {"C": C, "indonesian_prior": prior, "features": len(names), "exported": len(weights)},
    }
    with gzip.open(MODEL_PATH, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(payload, fh, separators=(",", ":"), sort_keys=True)
    print(
        f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e3:.0f} kB, {len(weights)} of {len(names)} features)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--dev", action="store_true", help="train without a hashed quarter of the training rows and score it"
    )
    parser.add_argument("--indonlu-percent", type=int, default=INDONLU_TRAIN_PERCENT)
    parser.add_argument("--indonlu-weight", type=float, default=INDONLU_WEIGHT)
    args = parser.parse_args()
    start = time.perf_counter()
    ratios = wordfreq_ratios()
    data = [
        r for r in rows(args.indonlu_percent) if r.split != "test"
    ]  # the held-out rows are the bench's alone
    vocabulary = set(ratios) | {t for r in data for t in featuriser.tokens(sample(r.text))}
    spellings = lingua_spellings(vocabulary)
    feats = featurise(data, ratios, spellings)
    print(
        f"{len(data)} rows featurised in {time.perf_counter() - start:.0f} s; {Counter(r.split for r in data)}"
    )
    dev = [
        i for i, r in enumerate(data) if args.dev and r.split == "train" and in_holdout("dev:" + r.text, 25)
    ]
    dev_set = set(dev)
    train = [i for i, r in enumerate(data) if r.split == "train" and i not in dev_set]
    df = Counter(f for i in train for f in feats[i])
    groups_of: dict[str, set[str]] = {}
    for i in train:
        for f in feats[i]:
            groups_of.setdefault(f, set()).add(data[i].group)
    kept = {f for f, n in df.items() if n >= MIN_DF and (f[:2] != "w:" or len(groups_of[f]) >= MIN_GROUPS)}
    vec = DictVectorizer()
    X = int32(vec.fit_transform([{f: v for f, v in feats[i].items() if f in kept} for i in train]))
    y = np.array([LANGUAGES.index(data[i].lang) for i in train])
    groups = Counter(data[i].group for i in train)
    weights = np.array(
        [1000 / groups[data[i].group] * group_weight(data[i].group, args.indonlu_weight) for i in train]
    )
    model = LogisticRegression(C=C, max_iter=3000).fit(X, y, sample_weight=weights)
    calibrate = [i for i, r in enumerate(data) if r.split == "calibrate"]
    logits = model.decision_function(int32(vec.transform([feats[i] for i in calibrate])))
    known = gates([data[i].text for i in calibrate])
    prior = prior_for(known, logits, [data[i].group for i in calibrate])
    report(
        f"calibration, Indonesian prior {prior:.2f}",
        decide(known, logits, prior),
        [data[i] for i in calibrate],
    )
    if args.dev:
        logits = model.decision_function(int32(vec.transform([feats[i] for i in dev])))
        answers = decide(gates([data[i].text for i in dev]), logits, prior)
        report("development split", answers, [data[i] for i in dev])
    else:
        export(model, vec, prior, ratios, spellings)
    print(f"done in {time.perf_counter() - start:.0f} s")


def int32(X: sparse.spmatrix) -> sparse.csr_matrix:
    """DictVectorizer's matrices carry 64-bit indices, which make the solver several times slower."""
    X = sparse.csr_matrix(X)
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    return X


if __name__ == "__main__":
    main()
