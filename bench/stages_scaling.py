"""Cost of the newer stages per seed article, and how it grows with the text (it must stay linear).

    .venv/bin/python bench/stages_scaling.py [--repeats 20]

Times are CPU milliseconds of this process (medians). One line per function and size; a linear
function doubles its time when the text doubles
("x2.0"). Texts: the seeds repeated (ordinary news), and hostile inputs: nothing but quote marks,
unbalanced marks with speech verbs, and one "sentence" a megabyte long. Each stage's part lives in
its own function below.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.boilerplate import RuleBasedBoilerplateRemover  # noqa: E402
from service.pipeline.backends.builtin.entities import CrfEntityRecognizer  # noqa: E402
from service.pipeline.backends.builtin.entity_aliases import KnownNames, merge_known_names  # noqa: E402
from service.pipeline.backends.builtin.entity_profile import profile_entities  # noqa: E402
from service.pipeline.backends.builtin.quotes import extract_quotes  # noqa: E402
from service.pipeline.document import Entity, Mention  # noqa: E402
from service.pipeline.text import split_sentences  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@dataclass(frozen=True)
class Tone:
    """A stand-in for the sentence-sentiment stage's output (same shape)."""

    start: int
    end: int
    label: str
    score: float
    scores: dict[str, float]


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    """Median CPU time of this process: on a shared machine wall time swings with others' load."""
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        times.append((time.process_time() - t0) * 1000)
    return statistics.median(times)


def tones(body: str) -> list[Tone]:
    even = {"positive": 0.2, "neutral": 0.6, "negative": 0.2}
    return [Tone(s.start or 0, s.end or 0, "neutral", 0.6, even) for s in split_sentences(body)]


def repeated(body: str, entities: list[Entity], times: int) -> tuple[str, list[Entity]]:
    """The body `times` over (paragraph-separated) with its entities' mentions shifted along."""
    step = len(body) + 1
    text = "\n".join([body] * times)
    shifted = [
        Entity(
            e.text,
            e.type,
            [Mention(m.text, m.start + k * step, m.end + k * step) for k in range(times) for m in e.mentions],
            e.score,
        )
        for e in entities
    ]
    return text, shifted


def quotes_and_entity_profiles(repeats: int) -> None:
    """Known-name merging, quotes and entity profiles (issue 13): ms per seed, then scaling."""
    cleaner, recognizer, names = RuleBasedBoilerplateRemover(), CrfEntityRecognizer(), KnownNames.load("id")
    seeds = []
    for path in SEEDS:
        body = cleaner.clean(text=path.read_text(encoding="utf-8"))
        seeds.append((path.name[:3], body, recognizer.extract(body, "id")))
    for name, body, crf in seeds:
        merged = merge_known_names(body, crf, names)
        scored = tones(body)
        ms = {
            "merge_known_names": median_ms(lambda b=body, c=crf: merge_known_names(b, c, names), repeats),
            "extract_quotes": median_ms(lambda b=body, m=merged: extract_quotes(b, m), repeats),
            "profile_entities": median_ms(
                lambda b=body, m=merged, s=scored: profile_entities(b, "Judul", m, s, names), repeats
            ),
        }
        total = sum(ms.values())
        print(
            f"seed {name} ({len(body)} chars): " + ", ".join(f"{k} {v:.2f} ms" for k, v in ms.items()), end=""
        )
        print(f", together {total:.2f} ms")

    _, body, crf = seeds[1]
    print("scaling on seed 001 repeated (ordinary news; time, and ratio to the size before):")
    previous: dict[str, float] = {}
    for times in (25, 50, 100, 200):
        text, entities = repeated(body, crf, times)
        merged = merge_known_names(text, entities, names)
        scored = tones(text)
        row = {
            "merge_known_names": median_ms(lambda t=text, e=entities: merge_known_names(t, e, names), 3),
            "extract_quotes": median_ms(lambda t=text, m=merged: extract_quotes(t, m), 3),
            "profile_entities": median_ms(
                lambda t=text, m=merged, s=scored: profile_entities(t, None, m, s, names), 3
            ),
        }
        cells = [
            f"{k} {v:7.1f} ms" + (f" x{v / previous[k]:.1f}" if k in previous else "     ")
            for k, v in row.items()
        ]
        print(f"  {len(text) / 1e6:5.2f} MB: " + "  ".join(cells))
        previous = row

    print("scaling on hostile text (extract_quotes):")
    hostile: dict[str, Callable[[int], str]] = {
        "quote marks only": lambda n: '"' * n,
        "mixed marks": lambda n: ("\" “ ” ‘ ’ « » „ ' " * (n // 18 + 1))[:n],
        "unbalanced + verbs": lambda n: ('"Kata dia, ujarnya "katanya mengatakan, ' * (n // 40 + 1))[:n],
        "one long sentence": lambda n: ("Budi mengatakan bahwa dia, kata Ani, menurut Tono " * (n // 50 + 1))[
            :n
        ],
    }
    for label, make in hostile.items():
        cells, last = [], 0.0
        for size in (125_000, 250_000, 500_000, 1_000_000):
            text = make(size)
            ms = median_ms(lambda t=text: extract_quotes(t, []), 3)
            cells.append(f"{size / 1e6:.3f} MB {ms:7.1f} ms" + (f" x{ms / last:.1f}" if last else ""))
            last = ms
        print(f"  {label:20s} " + "  ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=20, help="timed runs per seed and function")
    args = parser.parse_args()
    quotes_and_entity_profiles(args.repeats)


if __name__ == "__main__":
    main()
