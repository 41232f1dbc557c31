"""The numpy CRF path (linear_chain.py, emissions.py) against python-crfsuite, which trains the
models: the same weights, state scores, Viterbi tags and marginals on the seed sentences."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from service.pipeline.backends.builtin.entities.emissions import EmissionScorer
from service.pipeline.backends.builtin.entities.features import Featurizer, is_cased, load_clusters
from service.pipeline.backends.builtin.entities.lexicons import Lexicon, gazetteer
from service.pipeline.backends.builtin.entities.linear_chain import CrfModel, decode_batch
from service.pipeline.backends.builtin.entities.recognizer import (
    DEFAULT_CLUSTERS,
    DEFAULT_MODEL,
    ENGLISH_CLUSTERS,
    ENGLISH_MODEL,
)
from service.pipeline.backends.builtin.entities.tokenizer import sequences

REPO = Path(__file__).resolve().parents[2]
MODELS = {"id": (DEFAULT_MODEL, DEFAULT_CLUSTERS), "en": (ENGLISH_MODEL, ENGLISH_CLUSTERS)}
ENGLISH = (
    "WASHINGTON - U.S. Secretary of State Antony Blinken met Prime Minister Kishida in Tokyo on "
    "Monday, the State Department said.\nThe talks | at the White House | ended late.\nOK"
)


@cache
def lexicon() -> Lexicon:
    return Lexicon.load()


@cache
def sentences(language: str) -> list[list[str]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    texts = texts if language == "id" else [ENGLISH, *texts[:1]]
    seqs = [[t for t, _, _ in seq] for text in texts for seq in sequences(text)]
    return [*seqs, [t.lower() for t in seqs[0]], ["Seoul"]]  # lowercased text; one token


def crfsuite(language: str) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODELS[language][0]))
    return tagger


def string_scores(model: CrfModel, feats: list[list[str]]) -> np.ndarray:
    """State scores summed from Featurizer's strings, as crfsuite sums them."""
    return np.array(
        [model.state[[model.attributes.get(f, model.unknown) for f in item]].sum(0) for item in feats]
    )


@pytest.mark.parametrize("language", MODELS)
def test_model_file_is_read_exactly(language: str) -> None:
    model = CrfModel.read(MODELS[language][0])
    tagger = crfsuite(language)
    info = tagger.info()
    assert list(model.labels) == tagger.labels()
    assert np.count_nonzero(model.state) == len(info.state_features)
    label = {name: i for i, name in enumerate(model.labels)}
    for (attr, name), weight in list(info.state_features.items())[::97]:
        assert model.state[model.attributes[attr], label[name]] == pytest.approx(weight, abs=1e-6)
    for (a, b), weight in info.transitions.items():  # the dump prints 6 decimals
        assert model.transitions[label[a], label[b]] == pytest.approx(weight, abs=1e-6)
    assert not model.state[model.unknown].any()


@pytest.mark.parametrize("language", MODELS)
def test_scorer_sums_the_featurizer_weights(language: str) -> None:
    model = CrfModel.read(MODELS[language][0])
    clusters = load_clusters(MODELS[language][1])
    scorer = EmissionScorer(model, clusters, lexicon())
    featurize = Featurizer(clusters, lexicon())
    toks = sentences(language)
    lows = [[t.lower() for t in seq] for seq in toks]
    args = (lows, toks, [is_cased(seq) for seq in toks], [gazetteer(seq) for seq in lows])
    first = scorer(*args)
    scorer.clear_cache()
    again = scorer(*args)  # rows rebuilt from scratch give the same scores
    for seq, got, rebuilt in zip(toks, first, again, strict=True):
        want = string_scores(model, featurize(seq))
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
        np.testing.assert_array_equal(got, rebuilt)


@pytest.mark.parametrize("language", MODELS)
def test_batched_decoding_matches_crfsuite(language: str) -> None:
    model = CrfModel.read(MODELS[language][0])
    featurize = Featurizer(load_clusters(MODELS[language][1]), lexicon())
    tagger = crfsuite(language)
    feats = [featurize(seq) for seq in sentences(language)]
    scores = [string_scores(model, f) for f in feats]
    for batch in (1, 5, len(scores)):  # one sequence per call, and packed several to a row
        for start in range(0, len(scores), batch):
            decoded = decode_batch(scores[start : start + batch], model.transitions)
            for f, path, confidence in zip(
                feats[start : start + batch], decoded.paths, decoded.confidence, strict=True
            ):
                tagger.set(f)
                tags = tagger.tag()
                assert [model.labels[k] for k in path] == tags
                marginals = [tagger.marginal(tag, i) for i, tag in enumerate(tags)]
                np.testing.assert_allclose(confidence, marginals, rtol=0, atol=1e-9)


def test_decoding_nothing() -> None:
    model = CrfModel.read(DEFAULT_MODEL)
    assert decode_batch([], model.transitions).paths == []
