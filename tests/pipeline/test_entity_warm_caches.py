"""What makes a new worker's first articles as fast as later ones must not change any output:
prefilled word rows, and the mention scans that compile no pattern per article."""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np

from service.pipeline.backends.builtin.entities import CrfEntityRecognizer
from service.pipeline.backends.builtin.entities.emissions import EmissionScorer
from service.pipeline.backends.builtin.entities.features import is_cased, load_clusters
from service.pipeline.backends.builtin.entities.lexicons import Lexicon, gazetteer
from service.pipeline.backends.builtin.entities.linear_chain import CrfModel
from service.pipeline.backends.builtin.entities.recognizer import DEFAULT_CLUSTERS, DEFAULT_MODEL
from service.pipeline.backends.builtin.entities.tokenizer import sequences
from service.pipeline.text import standalone as standalone_in_text

REPO = Path(__file__).resolve().parents[2]
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]


def standalone(text: str, names: list[str]) -> list[tuple[int, str]]:
    """As repeated_mentions scans: a hyphen joins a name too ("Kim Jong-un" holds no "Kim Jong")."""
    return standalone_in_text(text, names, joiners="-")


def standalone_starts(text: str, word: str) -> list[int]:
    """As abbreviation mentions are scanned."""
    return [start for start, _ in standalone_in_text(text, [word])]


def by_regex(text: str, names: list[str]) -> list[tuple[int, str]]:
    """The pattern repeated_mentions compiled per article before standalone() replaced it."""
    alternatives = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
    return [
        (m.start(), m.group()) for m in re.finditer(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])", text)
    ]


def test_standalone_finds_what_the_regex_found() -> None:
    rng = random.Random(7)
    pieces = [
        "Kim",
        "Kim Jong",
        "Jong Un",
        "Un",
        "KIM",
        "a",
        "-",
        "_",
        " ",
        " ",
        ", ",
        "é",
        "٣",
        "3",
        "Ölz",
        "\n",
    ]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        names = rng.sample(
            ["Kim", "Kim Jong", "Jong Un", "Un", "KIM", "Ölz", "a", "Kim Jong Un", "3"], rng.randint(1, 5)
        )
        assert standalone(text, names) == by_regex(text, names), (text, names)


def test_standalone_word_characters_are_the_regex_ones() -> None:
    # Every character a name can stand next to: \w (Unicode letters, digits, "_") and "-" join.
    for code in range(0x3000):
        ch = chr(code)
        assert standalone(f"{ch}Seoul{ch}", ["Seoul"]) == by_regex(f"{ch}Seoul{ch}", ["Seoul"]), hex(code)


def test_standalone_starts_are_the_regex_ones() -> None:
    rng = random.Random(11)
    pieces = ["AS", "ASA", "A", "S", "-", "_", " ", "(", ")", "é", "٣", "\n"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        word = rng.choice(["AS", "ASA", "A", "SA", "S-A"])
        want = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text)]
        assert standalone_starts(text, word) == want, (text, word)
    for code in range(0x3000):
        text = f"{chr(code)}AS{chr(code)}AS"
        assert standalone_starts(text, "AS") == [m.start() for m in re.finditer(r"(?<!\w)AS(?!\w)", text)], (
            hex(code)
        )


def scorer_input(texts: list[str]) -> tuple[list[list[str]], list[list[str]], list[bool], list[list[str]]]:
    toks = [[t for t, _, _ in seq] for text in texts for seq in sequences(text)]
    lows = [[t.lower() for t in seq] for seq in toks]
    return lows, toks, [is_cased(seq) for seq in toks], [gazetteer(seq) for seq in lows]


def test_prefilled_rows_give_the_same_scores_and_survive_clearing() -> None:
    model, clusters, lexicon = CrfModel.read(DEFAULT_MODEL), load_clusters(DEFAULT_CLUSTERS), Lexicon.load()
    cold = EmissionScorer(model, clusters, lexicon)
    warm = EmissionScorer(model, clusters, lexicon)
    # Half the seed tokens prefilled (some in the other case), the rest met while scoring.
    toks = sorted({t for seq in scorer_input(SEEDS)[1] for t in seq})
    warm.prefill(toks[::2], cased=True)
    warm.prefill(toks[1::4], cased=False)
    args = scorer_input(SEEDS)
    for got, want in zip(warm(*args), cold(*args), strict=True):
        np.testing.assert_array_equal(got, want)
    warm.clear_cache()
    assert all(t in warm._ids[True] for t in toks[::2]) and toks[1] not in warm._ids[True]
    for got, want in zip(warm(*args), cold(*args), strict=True):
        np.testing.assert_array_equal(got, want)


def test_a_prefilled_recognizer_finds_the_same_entities() -> None:
    warm = CrfEntityRecognizer()
    warm.prefill()
    cold = CrfEntityRecognizer()
    english = "WASHINGTON - Secretary of State Antony Blinken met Prime Minister Kishida in Tokyo on Monday."
    for text, language in [*((s, "id") for s in SEEDS), (english, "en")]:
        assert warm.extract(text, language) == cold.extract(text, language)
