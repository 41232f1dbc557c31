"""Time per call against text length, one line per backend function: linear means ms/100k flat.

    PYTHONPATH=. .venv/bin/python bench/stages_scaling.py [--repeat N]

Inputs are built by repeating the seed articles up to each length, so every length has real
structure (datelines, quotes, names) rather than one repeated word. Also prints each function's
median on each seed article (the per-seed budget: all stages together <= 20 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.boilerplate import RuleBasedBoilerplateRemover  # noqa: E402
from service.pipeline.backends.builtin.metadata import extract_metadata  # noqa: E402
from service.pipeline.backends.builtin.regions import find_regions  # noqa: E402

SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
LENGTHS = (10_000, 100_000, 1_000_000)

# name -> (what it reads: "raw" input or the clean "body", the call)
FUNCTIONS: dict[str, tuple[str, Callable[[str], object]]] = {
    "metadata": ("raw", lambda text: extract_metadata(text=text, html=None)),
    "regions": ("body", lambda body: find_regions(body)),
}


def timed(call: Callable[[str], object], text: str, repeat: int) -> float:
    """Median CPU seconds of `repeat` calls (after one warm-up call).

    CPU time, not wall time: on a shared 2-core machine under load a call longer than a scheduler
    slice waits its turn, which made wall time look superlinear (10k 0.3 ms, 100k 15 ms for the
    same tokenizer) when the work is not.
    """
    call(text)
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        call(text)
        runs.append(time.process_time() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    remover = RuleBasedBoilerplateRemover()
    bodies = [remover.clean(text=seed) for seed in SEEDS]
    for name, (reads, call) in FUNCTIONS.items():
        sources = SEEDS if reads == "raw" else bodies
        joined = "\n".join(sources)
        cells = []
        for length in LENGTHS:
            text = (joined * (length // len(joined) + 1))[:length]
            seconds = timed(call, text, max(1, args.repeat if length < 1_000_000 else 2))
            cells.append(
                f"{length // 1000}k {seconds * 1000:8.2f} ms ({seconds * 1000 * 100_000 / length:6.2f} ms/100k)"
            )
        print(f"{name:10s} " + " | ".join(cells))
    for name, (reads, call) in FUNCTIONS.items():
        sources = SEEDS if reads == "raw" else bodies
        per_seed = [timed(call, text, 50) * 1000 for text in sources]
        print(f"{name:10s} per seed median ms: " + " ".join(f"{ms:.2f}" for ms in per_seed))


if __name__ == "__main__":
    main()
