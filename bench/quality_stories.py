"""Story linking on IndoSum: near-copies found (`duplicate_of`) and different events kept apart
(`story.id`), with thresholds tuned on one half of the data and figures reported on the other.

    .venv/bin/python bench/quality_stories.py [--limit N] [--tune] [--cache FILE]

Data nobody here wrote: ../shared/data/indosum (2016-2017 Indonesian news; an article's id starts
with the Unix time it was published). Halves by a fixed rule: the MD5 of the publication day
(UTC), so all articles of one day fall in one half and every pair compared lies in one half.
`--tune` searches the thresholds on the tuning half and prints the grid; without it the shipped
constants run on the held-out half. Articles go through the real pipeline (boilerplate, language,
entities, metadata) and the real linking script on a redis-server this script starts, in order of
publication, received when published (copies later that day), one owner per stream:

- republished: every article (its headline line, then its paragraphs) and a republished copy:
  boilerplate lines added at the top and bottom (related links, ads, editor's initials), and two
  of: a paragraph dropped, two paragraphs swapped, the headline changed.
  duplicate_of precision: copies marked that name their own original (or another copy of it);
  recall: copies naming their original. False merges: pairs of different articles of the same
  category and day given one story id (an upper bound: a few such pairs report one event, such
  as two reports of one football match; the merged pairs are listed with --show).
- rewrites: every article as two reports that share no paragraph (its odd and its even
  paragraphs), a stand-in for another outlet's report of the same event with other words.
  Recall: the two halves given one story; false merges: halves of different articles of the same
  category and day given one story.
Baselines beside the linker: exact copies only (identical words) for duplicate_of; terms only and
entities only (the vector without the other part) for stories.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import itertools
import json
import multiprocessing
import pickle
import random
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from redis import Redis  # noqa: E402

from service.pipeline.document import Entity  # noqa: E402
from service.queue.keys import Keys  # noqa: E402
from service.stories import signatures  # noqa: E402
from service.stories.index import ArticleSignature, LinkParams, StoryIndex  # noqa: E402
from service.stories.linker import new_story_id  # noqa: E402
from tests import servers  # noqa: E402

INDOSUM = ROOT / "../shared/data/indosum/indosum.jsonl.gz"
WINDOW_DAYS = 7
MAX_FALSE_MERGES = 0.02  # tuning rule: see tune()
FREEZE_GRID = (1, 2, 1000)  # articles summed into a story's centroid (1000: never frozen)
BOOST_GRID = (0.25, 0.5, 1.0)
LINK_GRID = (0.14, 0.16, 0.18, 0.2, 0.22)

# Lines news sites wrap an article in (seen in the seeds and in IndoSum's sources).
BOILERPLATE = [
    "Baca Juga: Polisi Tangkap Dua Pelaku Pencurian Motor di Depok",
    "Baca juga: Harga Cabai Rawit Naik Jelang Lebaran",
    "ADVERTISEMENT",
    "SCROLL TO CONTINUE WITH CONTENT",
    "Simak berita dan artikel lainnya di Google News",
    "Editor: Rina Wulandari",
    "(ant/rdk)",
    "Copyright © 2017 Media Nusantara. All rights reserved.",
    "Tag Terkait: politik, nasional, hukum",
    "Berita Terkini",
]
HEADLINE_PREFIXES = ["VIDEO: ", "FOTO: ", "Breaking: ", "Terkini: "]


def in_tuning_half(day: str) -> bool:
    return int(hashlib.md5(day.encode()).hexdigest()[:8], 16) % 2 == 0


@dataclass
class Source:
    id: str
    category: str
    day: str  # ISO date of publication (UTC)
    published: float
    headline: str
    paragraphs: list[str]


def sources(limit: int | None) -> list[Source]:
    found = []
    with gzip.open(INDOSUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            stamp, _, slug = row["id"].partition("-")
            published = float(stamp)
            paragraphs = [p.strip() for p in row["text"].split("\n\n") if p.strip()]
            found.append(
                Source(
                    id=row["id"],
                    category=row["category"],
                    day=datetime.fromtimestamp(published, UTC).date().isoformat(),
                    published=published,
                    headline=slug.replace("-", " ").strip().capitalize(),
                    paragraphs=paragraphs,
                )
            )
    found.sort(key=lambda s: (s.published, s.id))
    if limit:
        found = random.Random(0).sample(found, min(limit, len(found)))
        found.sort(key=lambda s: (s.published, s.id))
    return found


def republish(source: Source) -> tuple[str, str, list[str]]:
    """A copy another site might carry: boilerplate around it, and two of three edits."""
    rng = random.Random(source.id)
    paragraphs = list(source.paragraphs)
    edits = rng.sample(["drop", "swap", "headline"], 2)
    headline = source.headline
    if "drop" in edits and len(paragraphs) > 2:
        paragraphs.pop(rng.randrange(1, len(paragraphs)))
    if "swap" in edits and len(paragraphs) > 2:
        i = rng.randrange(1, len(paragraphs) - 1)
        paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    if "headline" in edits:
        words = headline.split()
        cut = rng.randrange(1, len(words)) if len(words) > 1 else 0
        headline = rng.choice(HEADLINE_PREFIXES) + " ".join(words[cut:] + words[:cut]).capitalize()
    top, bottom = rng.sample(BOILERPLATE, 2), rng.sample(BOILERPLATE, 3)
    text = "\n\n".join([headline, top[0], *paragraphs, *bottom])
    return text, headline, edits


@dataclass
class Enriched:
    """What the pipeline made of one text: the story stage's inputs."""

    body: str
    entities: list[Entity]
    published_at: str | None
    outlet: str | None


def _enrich_all(texts: list[str]) -> list[Enriched | None]:
    from service.config import Settings
    from service.pipeline.document import BODY, ENTITIES, METADATA, ArticleRequest
    from service.pipeline.runner import Pipeline
    from service.pipeline.stage import StageError

    pipeline = Pipeline.build(Settings.from_env({}).pipeline)
    out: list[Enriched | None] = []
    for text in texts:
        try:
            article = pipeline.run(ArticleRequest(text=text, features=("entities", "metadata")))
        except StageError:
            out.append(None)
            continue
        meta = article[METADATA]
        out.append(Enriched(article[BODY], article[ENTITIES], meta.published_at, meta.outlet))
    return out


def enrich(texts: list[str], cache: Path | None) -> list[Enriched | None]:
    """The pipeline's outputs for every text, on both cores; cached by the texts' hash."""
    digest = hashlib.sha1("\x00".join(texts).encode()).hexdigest()[:16]
    if cache and cache.exists():
        stored = pickle.loads(cache.read_bytes())
        if stored.get(digest) is not None:
            return [None if r is None else Enriched(*r) for r in stored[digest]]
    chunks = [texts[i::2] for i in range(2)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        parts = pool.map(_enrich_all, chunks)
    results: list[Enriched | None] = [None] * len(texts)
    for i, part in enumerate(parts):
        results[i::2] = part
    if cache:
        plain = [None if r is None else (r.body, r.entities, r.published_at, r.outlet) for r in results]
        cache.write_bytes(pickle.dumps({digest: plain}))
    return results


@dataclass
class Item:
    """One article of a stream: which source it comes from and what it is."""

    source: Source
    kind: str  # original | copy | half1 | half2
    text: str
    received: float
    title: str | None = None


def streams(chosen: list[Source]) -> dict[str, list[Item]]:
    republished, rewrites = [], []
    for source in chosen:
        rng = random.Random(source.id + "/time")
        original = "\n\n".join([source.headline, *source.paragraphs])
        republished.append(Item(source, "original", original, source.published, source.headline))
        text, headline, _ = republish(source)
        republished.append(
            Item(source, "copy", text, source.published + rng.uniform(3600, 6 * 3600), headline)
        )
        if len(source.paragraphs) >= 2:
            halves = ("\n\n".join(source.paragraphs[0::2]), "\n\n".join(source.paragraphs[1::2]))
            rewrites.append(Item(source, "half1", halves[0], source.published))
            rewrites.append(Item(source, "half2", halves[1], source.published + rng.uniform(600, 6 * 3600)))
    return {
        "republished": sorted(republished, key=lambda i: i.received),
        "rewrites": sorted(rewrites, key=lambda i: i.received),
    }


@dataclass(frozen=True)
class Config:
    params: LinkParams
    weights: signatures.VectorWeights

    def label(self) -> str:
        w, p = self.weights, self.params
        return (
            f"link>={p.link:.2f} dup>={p.duplicate:.2f} freeze={p.freeze} "
            f"entity_boost={w.entity_boost} entity_rarity={w.entity_rarity} term_scale={w.term_scale}"
        )


def link_stream(redis: Redis, items: list[Item], enriched: dict[int, Enriched], config: Config) -> list[Any]:
    """Link a stream into a fresh owner; the Link of each item (None where the pipeline refused it)."""
    index = StoryIndex(redis, Keys(f"q-{uuid.uuid4().hex[:8]}"), WINDOW_DAYS, config.params)
    links: list[Any] = []
    for i, item in enumerate(items):
        e = enriched.get(i)
        if e is None:
            links.append(None)
            continue
        article = ArticleSignature(
            job_id=f"{item.source.id}/{item.kind}",
            received_at=item.received,
            signature=signatures.minhash(signatures.shingles(e.body)),
            vector=signatures.features(e.body, e.entities, config.weights),
            entities=tuple(signatures.entity_names(e.entities)),
            event_day=signatures.event_day(e.body, e.published_at),
            title=item.title,
            outlet=e.outlet,
        )
        links.append(index.link("bench", article, new_story_id()))
    return links


def same_day_pairs(items: list[Item], kinds: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        if item.kind in kinds:
            groups[(item.source.day, item.source.category)].append(i)
    for members in groups.values():
        for a, b in itertools.combinations(members, 2):
            if items[a].source.id != items[b].source.id:
                yield a, b


def measure_republished(items: list[Item], links: list[Any], show: bool = False) -> dict[str, float]:
    by_job = {f"{item.source.id}/{item.kind}": item for item in items}
    marked = correct = copies = found = 0
    for item, link in zip(items, links, strict=True):
        if link is None:
            continue
        if link.duplicate_of is not None:
            marked += 1
            correct += by_job[link.duplicate_of].source.id == item.source.id
        if item.kind == "copy":
            copies += 1
            found += link.duplicate_of == f"{item.source.id}/original"
    pairs = merged = 0
    for a, b in same_day_pairs(items, ("original",)):
        if links[a] is None or links[b] is None:
            continue
        pairs += 1
        if links[a].story_id == links[b].story_id:
            merged += 1
            if show:
                print(f"    merged: {items[a].source.id} | {items[b].source.id}")
    together = sum(
        1
        for i, item in enumerate(items)
        if item.kind == "copy" and links[i] is not None
        for j, other in enumerate(items)
        if other.kind == "original" and other.source.id == item.source.id and links[j] is not None
        and links[j].story_id == links[i].story_id
    )  # fmt: skip
    return {
        "duplicate_precision": correct / marked if marked else 1.0,
        "duplicate_recall": found / copies if copies else 0.0,
        "copies": copies,
        "copy_in_original_story": together / copies if copies else 0.0,
        "false_merge_rate": merged / pairs if pairs else 0.0,
        "pairs": pairs,
    }


def exact_copy_baseline(items: list[Item], enriched: dict[int, Enriched]) -> float:
    """Recall of duplicate_of if only identical bodies (same words) counted as copies."""
    seen: set[str] = set()
    copies = found = 0
    for i, item in enumerate(items):
        e = enriched.get(i)
        if e is None:
            continue
        key = " ".join(signatures.words(e.body))
        if item.kind == "copy":
            copies += 1
            found += key in seen
        seen.add(key)
    return found / copies if copies else 0.0


def measure_rewrites(items: list[Item], links: list[Any]) -> dict[str, float]:
    halves: dict[str, dict[str, str]] = defaultdict(dict)
    for item, link in zip(items, links, strict=True):
        if link is not None:
            halves[item.source.id][item.kind] = link.story_id
    both = [h for h in halves.values() if len(h) == 2]
    joined = sum(h["half1"] == h["half2"] for h in both)
    pairs = merged = 0
    for a, b in same_day_pairs(items, ("half1", "half2")):
        if links[a] is None or links[b] is None:
            continue
        pairs += 1
        merged += links[a].story_id == links[b].story_id
    return {
        "rewrite_recall": joined / len(both) if both else 0.0,
        "rewrites": len(both),
        "false_merge_rate": merged / pairs if pairs else 0.0,
        "pairs": pairs,
    }


def evaluate(
    redis: Redis, data: dict[str, tuple[list[Item], dict[int, Enriched]]], config: Config, show: bool = False
) -> dict[str, float]:
    items, enriched = data["republished"]
    rep = measure_republished(items, link_stream(redis, items, enriched, config), show)
    items, enriched = data["rewrites"]
    rew = measure_rewrites(items, link_stream(redis, items, enriched, config))
    return {
        "duplicate_precision": rep["duplicate_precision"],
        "duplicate_recall": rep["duplicate_recall"],
        "copy_in_original_story": rep["copy_in_original_story"],
        "false_merge_rate": rep["false_merge_rate"],
        "rewrite_recall": rew["rewrite_recall"],
        "rewrite_false_merge_rate": rew["false_merge_rate"],
        "copies": rep["copies"],
        "pairs": rep["pairs"],
        "rewrites": rew["rewrites"],
        "rewrite_pairs": rew["pairs"],
    }


def prepare(chosen: list[Source], cache: str | None) -> dict[str, tuple[list[Item], dict[int, Enriched]]]:
    data = {}
    for name, items in streams(chosen).items():
        results = enrich([item.text for item in items], Path(f"{cache}-{name}.pkl") if cache else None)
        data[name] = (items, {i: r for i, r in enumerate(results) if r is not None})
    return data


def tune(redis: Redis, data: dict[str, tuple[list[Item], dict[int, Enriched]]]) -> Config:
    """The grid on the tuning half. Chosen: the most rewrites joined while at most 2 % of pairs
    of different same-day articles share a story (in either stream; most such pairs merged at
    that rate report one event, see --show); copies are scored apart."""
    best: tuple[float, Config] | None = None
    grid = itertools.product(FREEZE_GRID, BOOST_GRID, LINK_GRID)
    for freeze, boost, link in grid:
        weights = signatures.VectorWeights(entity_boost=boost)
        config = Config(LinkParams(link=link, freeze=freeze), weights)
        m = evaluate(redis, data, config)
        ok = max(m["false_merge_rate"], m["rewrite_false_merge_rate"]) <= MAX_FALSE_MERGES
        print(
            f"  {config.label()}: rewrites joined {m['rewrite_recall']:.3f}, false merges "
            f"{m['false_merge_rate']:.4f} / {m['rewrite_false_merge_rate']:.4f}{'' if ok else ' (too many)'}"
        )
        if ok and (best is None or m["rewrite_recall"] > best[0]):
            best = (m["rewrite_recall"], config)
    for duplicate in (0.3, 0.4, 0.5, 0.6, 0.7):
        config = Config(LinkParams(duplicate=duplicate), signatures.VectorWeights())
        items, enriched = data["republished"]
        m = measure_republished(items, link_stream(redis, items, enriched, config))
        print(
            f"  dup>={duplicate}: precision {m['duplicate_precision']:.4f}, recall {m['duplicate_recall']:.4f}"
        )
    assert best is not None, f"no setting keeps false merges under {MAX_FALSE_MERGES:.0%}"
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, help="sample this many IndoSum articles")
    parser.add_argument("--tune", action="store_true", help="search the thresholds on the tuning half")
    parser.add_argument("--show", action="store_true", help="list merged pairs of different articles")
    parser.add_argument("--cache", help="keep the pipeline's outputs in files starting so, between runs")
    args = parser.parse_args()
    started = time.perf_counter()
    chosen = sources(args.limit)
    tuning = [s for s in chosen if in_tuning_half(s.day)]
    held_out = [s for s in chosen if not in_tuning_half(s.day)]
    print(
        f"IndoSum: {len(chosen)} articles, {len(tuning)} for tuning, {len(held_out)} held out (MD5 of the day)"
    )
    shipped = Config(LinkParams(), signatures.VectorWeights())
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = servers.start_redis(Path(tmp))
        try:
            redis = Redis.from_url(url)
            if args.tune:
                data = prepare(tuning, f"{args.cache}-tune" if args.cache else None)
                chosen_config = tune(redis, data)
                print(f"chosen on the tuning half: {chosen_config.label()} (shipped: {shipped.label()})")
            data = prepare(held_out, f"{args.cache}-heldout" if args.cache else None)
            print(f"held-out half ({time.perf_counter() - started:.0f} s so far):")
            configs = {
                "linker": shipped,
                "terms only": dataclasses.replace(
                    shipped, weights=dataclasses.replace(shipped.weights, entity_boost=0.0)
                ),
                "entities only": dataclasses.replace(
                    shipped, weights=dataclasses.replace(shipped.weights, term_scale=0.0)
                ),
            }
            for name, config in configs.items():
                m = evaluate(redis, data, config, show=args.show and name == "linker")
                print(
                    f"  {name:13s} ({config.label()}): duplicate_of precision {m['duplicate_precision']:.4f} "
                    f"recall {m['duplicate_recall']:.4f} ({m['copies']:.0f} copies); copy in its original's "
                    f"story {m['copy_in_original_story']:.4f}; false merges {m['false_merge_rate']:.4f} of "
                    f"{m['pairs']:.0f} same-day pairs; rewrites joined {m['rewrite_recall']:.4f} of "
                    f"{m['rewrites']:.0f}, their false merges {m['rewrite_false_merge_rate']:.4f} of {m['rewrite_pairs']:.0f}"
                )
            items, enriched = data["republished"]
            print(
                f"  baseline, identical words only: duplicate_of recall {exact_copy_baseline(items, enriched):.4f}"
            )
        finally:
            servers.stop(proc)
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
