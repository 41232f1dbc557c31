"""What makes a new worker's first articles as fast as later ones must not change any output:
the one-sense-per-document scan that compiles no pattern per article."""

from __future__ import annotations

import random
import re

from service.pipeline.backends.builtin.entities.repair import standalone


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
