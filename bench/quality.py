"""Quality of every built-in stage on public data, with reference tools side by side.

    .venv/bin/python bench/quality.py [--json] [--limit N] [--stages body,language,entities,sentiment,summary,quotes,entity_profile]

One line per metric. References run in the same invocation: trafilatura alone for the HTML body
(`body.trafilatura.*`), lingua with all languages for language (`language.lingua.*`). Floors
pinned in bench/floors.json are checked by tests/test_quality_floors.py on a small fixed sample.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
FLOORS = json.loads((ROOT / "floors.json").read_text(encoding="utf-8"))


def _language(limit: int | None, references: bool = True) -> dict[str, float]:
    """The cascade on IndoNLU and the other-language sets; with references, lingua beside it and
    both backends' load time, memory and speed."""
    from bench import quality_language

    if references:
        metrics = quality_language.evaluate(limit)
    else:
        sets = (*quality_language.INDONLU_SETS, *quality_language.language_text.SETS, "headlines")
        metrics = quality_language.evaluate(limit, backends=("cascade",), sets=sets, measure_resources=False)
    return {f"language.{k}": v for k, v in metrics.items()}


def _module(name: str) -> Callable[..., dict[str, float]]:
    return lambda limit, references=True: importlib.import_module(f"bench.{name}").evaluate(limit)


STAGES: dict[str, Callable[..., dict[str, float]]] = {
    "body": _module("quality_boilerplate"),
    "language": _language,
    "entities": _module("quality_entities"),
    "sentiment": _module("quality_sentiment"),
    "summary": _module("quality_summary"),
    "quotes": _module("quality_quotes"),
    "entity_profile": _module("quality_entity_profile"),
}


def run(stages: list[str], limit: int | None) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for stage in stages:
        metrics |= STAGES[stage](limit)
    return metrics


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--limit", type=int, default=None, help="cap examples per data set (fast check)")
    parser.add_argument("--stages", default=",".join(STAGES))
    args = parser.parse_args()
    metrics = run(args.stages.split(","), args.limit)
    if args.json:
        print(json.dumps(metrics, indent=2, sort_keys=True))
        return
    for name, value in metrics.items():
        floor = FLOORS["floors"].get(name) or FLOORS["ceilings"].get(name)
        note = f"   (CI bound {floor} on the sample)" if floor is not None else ""
        print(f"{name} {value:.4f}{note}")


if __name__ == "__main__":
    main()
