"""Every stage must stay linear in the text's length: CPU time per stage against text size.

    .venv/bin/python bench/stages_scaling.py [--repeats 3] [--max-kb 1000]

One line per stage and input: the stage's CPU milliseconds at each size, and "x2.0"-style ratios
to the size before (sizes double, so linear is x2). Each stage runs on the outputs of the stages
before it, as in the worker. Inputs: the seeds repeated (ordinary news) and hostile texts (nothing
but quote marks, unbalanced marks with speech verbs, one "sentence" as long as the text). CPU time,
not wall time: on a shared machine a call longer than a scheduler slice waits its turn, which makes
wall time look superlinear when the work is not. Per-seed costs: bench/throughput.py.
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

from service.config import Settings  # noqa: E402
from service.pipeline.document import Article, ArticleRequest  # noqa: E402
from service.pipeline.runner import Pipeline  # noqa: E402

SEEDS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
INPUTS: dict[str, Callable[[int], str]] = {
    "seeds repeated": lambda n: (SEEDS * (n // len(SEEDS) + 1))[:n],
    "quote marks only": lambda n: ("Kata dia: " + '"' * n)[:n],
    "unbalanced + verbs": lambda n: ('"Kata dia, ujarnya "katanya mengatakan, ' * (n // 40 + 1))[:n],
    "one long sentence": lambda n: ("Budi mengatakan bahwa dia, kata Ani, menurut Tono " * (n // 50 + 1))[:n],
}


def cpu_ms(call: Callable[[], object], repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        start = time.process_time()
        call()
        runs.append((time.process_time() - start) * 1000)
    return statistics.median(runs)


def scaling(
    pipeline: Pipeline, make: Callable[[int], str], sizes: list[int], repeats: int
) -> dict[str, list[float]]:
    """Per stage, the median CPU ms at each size."""
    table: dict[str, list[float]] = {stage.name: [] for stage in pipeline.stages}
    for size in sizes:
        article = Article(ArticleRequest(text=make(size)))
        for stage in pipeline.stages:
            backend = pipeline.routes[stage.name].default
            value = backend(article)
            table[stage.name].append(cpu_ms(lambda b=backend, a=article: b(a), repeats))
            article[stage.assigns] = value
    return table


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-kb", type=int, default=1000, help="largest text, in thousands of characters")
    args = parser.parse_args()
    pipeline = Pipeline.build(Settings.from_env({}).pipeline)
    pipeline.warm_up()
    sizes = [args.max_kb * 1000 // 8, args.max_kb * 1000 // 4, args.max_kb * 1000 // 2, args.max_kb * 1000]
    print("sizes: " + ", ".join(f"{s // 1000}k chars" for s in sizes))
    for label, make in INPUTS.items():
        print(f"{label}:")
        for stage, ms in scaling(pipeline, make, sizes, args.repeats).items():
            cells = [
                f"{v:8.1f} ms" + (f" x{v / ms[i - 1]:.1f}" if i and ms[i - 1] > 0.05 else "     ")
                for i, v in enumerate(ms)
            ]
            print(f"  {stage:16s} " + "  ".join(cells))


if __name__ == "__main__":
    main()
