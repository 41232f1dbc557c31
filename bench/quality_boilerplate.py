"""Quality of the built-in boilerplate remover on the article-extraction dataset.

Scores, against each page's ground-truth `articleBody`, averaged over pages:
  html            our HTML path (trafilatura + line rules)
  trafilatura     trafilatura alone (its extract() at its defaults, tables included, no comments)
  text            our plain-text path on the page rendered as lines (every block on its own line,
                  navigation, captions and related links included: what a client pastes)
  text-raw        that rendered text with no cleaning (baseline)

Metric: the benchmark's (scrapinghub/article-extraction-benchmark evaluate.py): \\w+ tokens, 4-token
shingles, per-page tp/fp/fn normalised, precision and recall averaged over pages, F1 from them.
`--bag` also prints a bag-of-whitespace-tokens F1 per page, averaged.

Usage: .venv/bin/python bench/quality_boilerplate.py [--json] [--bag] [--limit N] [--worst K]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.boilerplate import RuleBasedBoilerplateRemover  # noqa: E402
from service.pipeline.backends.builtin.boilerplate_html import parse_html  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "article-extraction"

# --- metric ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    n = max(1, len(tokens) - SHINGLE + 1)
    return Counter(t for i in range(n) if (t := tuple(tokens[i : i + SHINGLE])))


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """Shingle overlap counts, normalised to sum 1 so every page weighs the same."""
    t, p = _shingles(true), _shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def summarize(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    p = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def bag_f1(true: str, pred: str) -> float:
    """Bag-of-whitespace-tokens F1 of one page."""
    t, p = Counter(true.split()), Counter(pred.split())
    tp = sum((t & p).values())
    if not tp:
        return 1.0 if not t and not p else 0.0
    prec, rec = tp / sum(p.values()), tp / sum(t.values())
    return 2 * prec * rec / (prec + rec)


# --- html -> pasted text ------------------------------------------------------------------------

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table tbody "
    "thead tfoot td th tr ul br option legend caption".split()
)
SKIP_TAGS = frozenset("script style noscript template svg head iframe object canvas select button".split())


def html_to_lines(html: str) -> str:
    """Roughly what select-all + copy gives in a browser: each block element's text on its own line."""
    from lxml import etree

    root = parse_html(html)
    if root is None:
        return ""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIP_TAGS:
            return
        block = tag in BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


# --- runs ---------------------------------------------------------------------------------------


def trafilatura_alone(html: str) -> str:
    """The reference: trafilatura's own text output at its defaults (tables included), none of ours."""
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_images=False, include_links=False) or ""


def measure(limit: int | None = None) -> tuple[dict[str, dict[str, float]], list[tuple[float, str]]]:
    """Scores per run over the first `limit` pages, and the text path's per-page F1."""
    truth: dict[str, dict] = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[: limit or None]
    remover = RuleBasedBoilerplateRemover()
    runs: dict[str, Callable[[str], str]] = {
        "html": lambda h: remover.clean(html=h),
        "trafilatura": trafilatura_alone,
        "text": lambda h: remover.clean(text=html_to_lines(h)),
        "text-raw": html_to_lines,
    }
    counts: dict[str, list[tuple[float, float, float]]] = {k: [] for k in runs}
    bags: dict[str, list[float]] = {k: [] for k in runs}
    secs: dict[str, float] = dict.fromkeys(runs, 0.0)
    per_page_text: list[tuple[float, str]] = []
    for pid in ids:
        html = gzip.decompress((DATA / "html" / f"{pid}.html.gz").read_bytes()).decode("utf-8", "replace")
        body = truth[pid].get("articleBody", "")
        for name, fn in runs.items():
            t0 = time.perf_counter()
            pred = fn(html)
            secs[name] += time.perf_counter() - t0
            counts[name].append(tp_fp_fn(body, pred))
            bags[name].append(bag_f1(body, pred))
        c = counts["text"][-1]
        per_page_text.append((2 * c[0] / (2 * c[0] + c[1] + c[2]) if any(c) else 0.0, pid))
    result = {
        name: {
            **summarize(counts[name]),
            "bag_f1": statistics.mean(bags[name]),
            "ms_per_page": 1000 * secs[name] / len(ids),
            "pages": len(ids),
        }
        for name in runs
    }
    return result, per_page_text


def evaluate(limit: int | None = None) -> dict[str, float]:
    """Flat metrics for bench/quality.py and the floors test; trafilatura is the reference."""
    result, _ = measure(limit)
    return {
        f"body.{name.replace('-', '_')}.{metric}": value
        for name, metrics in result.items()
        for metric, value in metrics.items()
        if metric in ("f1", "precision", "recall")
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    ap.add_argument("--bag", action="store_true", help="also print bag-of-tokens F1")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--worst", type=int, default=0, help="list the K worst pages of the text path")
    args = ap.parse_args()
    result, per_page_text = measure(args.limit or None)
    truth: dict[str, dict] = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    pages = next(iter(result.values()))["pages"]
    if args.json:
        print(json.dumps({"pages": pages, "metrics": result}, indent=2))
    else:
        print(f"pages={pages} metric=shingle-{SHINGLE} (benchmark evaluate.py)")
        for name, m in result.items():
            extra = f"  bag_f1={m['bag_f1']:.3f}" if args.bag else ""
            print(
                f"{name:<12} f1={m['f1']:.3f}  precision={m['precision']:.3f}  recall={m['recall']:.3f}"
                f"{extra}  ms/page={m['ms_per_page']:.1f}"
            )
    for f1, pid in sorted(per_page_text)[: args.worst]:
        print(f"worst text {f1:.3f} {pid} {truth[pid].get('url', '')}")


if __name__ == "__main__":
    main()
