"""Cost of story linking at scale: lookup plus insert per article with 100,000 articles in the
window, and Redis memory per article.

    .venv/bin/python bench/stories.py [--articles 100000] [--measure 2000]

Starts its own redis-server on 127.0.0.1 and fills one owner's index with IndoSum-derived
articles spread over the window (ENRICH_STORY_WINDOW_DAYS, 7 days): each belongs to an event
built on a real IndoSum article (its terms, capitalised names as entities, its MinHash
signature), with the event's names and topic words made its own: events share the language's
common words (Zipf 5 and up) and the 20 commonest names ("Indonesia", "Jakarta"), whose
postings are the longest.
A third of an event's later articles are near-copies of its first (a tenth of the signature
changed). Then it links `--measure` more articles one at a time, as a worker does, and prints the
median and tail of one link (one script round trip), the server's time per script run, the
server's wall and CPU time per script run (on a loaded machine the wall time is mostly waiting for
a core), the Python-side signing of a real article (MinHash + vector), and used_memory per
article loaded. Loading goes through the same script, pipelined 200 at a time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import queue
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, deque
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from redis import Redis

from service.pipeline.document import Entity, Mention
from service.queue.keys import Keys
from service.stories import signatures
from service.stories.index import ArticleSignature, StoryIndex
from service.stories.linker import new_story_id
from tests import servers

INDOSUM = Path(__file__).resolve().parents[1] / "../shared/data/indosum/indosum.jsonl.gz"
WINDOW_DAYS = 7
COMMON_NAMES = 20  # names left shared between events: the longest postings
# Capitalised runs not opening a sentence stand in for the entity tagger's names.
NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]+(?: [A-Z][a-z]+)*")


def load_bases() -> list[tuple[dict[str, float], bytes, list[str]]]:
    """IndoSum articles as (vector, signature, entity names); capitalised runs stand in for the
    entity tagger, which would only cost load time here."""
    bases = []
    with gzip.open(INDOSUM, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            counts = Counter(m for m in NAME.findall(text) if len(m) > 3)
            entities = [Entity(name, "MISC", [Mention(name, 0, len(name))] * n) for name, n in counts.items()]
            vector = signatures.features(text, entities)
            names = signatures.entity_names(entities)
            bases.append((vector, signatures.minhash(signatures.shingles(text)), names))
    return bases


def synthetic(
    count: int, bases: list[tuple[dict[str, float], bytes, list[str]]], start: float, rng: random.Random
) -> list[ArticleSignature]:
    names = Counter(name for _, _, entity_names in bases for name in entity_names)
    common = {name for name, _ in names.most_common(COMMON_NAMES)}

    def shared(feature: str) -> bool:
        """Events share the language's common words and the commonest names; the rest is their own
        (an event built on an article another event also drew is still another event)."""
        kind, _, value = feature.partition(":")
        return value in common if kind == "e" else signatures.term_weight(value) <= 1

    # Per base, which features and names stay shared: decided once, not per article.
    kept = [
        ([(k, v, shared(k)) for k, v in vector.items()], [(n, n in common) for n in entity_names])
        for vector, _, entity_names in bases
    ]
    events: list[tuple[int, int, float]] = []  # (event, base, first time)
    recent: deque[tuple[int, int, float]] = deque()  # events opened in the last day
    articles = []
    span = WINDOW_DAYS * 86400
    width = 4 * signatures.NUM_PERM
    for i in range(count):
        t = start + span * i / count
        while recent and t - recent[0][2] >= 86400:
            recent.popleft()
        if recent and rng.random() < 0.4:  # joins an event of the last day
            event, base, _ = recent[rng.randrange(len(recent))]
            copy = rng.random() < 0.33
        else:
            event, base, copy = len(events), rng.randrange(len(bases)), False
            events.append((event, base, t))
            recent.append(events[-1])
        features, entity_names = kept[base]
        mine = {(k if common_k else f"{k}#{event}"): v for k, v, common_k in features}
        if copy:  # a tenth of the first article's signature changed
            values = bytearray(bases[base][1])
            for slot in rng.sample(range(signatures.NUM_PERM), signatures.NUM_PERM // 10):
                values[4 * slot : 4 * slot + 4] = rng.randbytes(4)
            sig = bytes(values)
        else:
            sig = rng.randbytes(width)
        articles.append(
            ArticleSignature(
                job_id=str(uuid.UUID(int=rng.getrandbits(128))),
                received_at=t,
                signature=sig,
                vector=mine,
                entities=tuple(n if common_n else f"{n}#{event}" for n, common_n in entity_names),
                event_day=None,
                title=f"Berita {i}",
                outlet="Antara",
                published_at=None,
            )
        )
    return articles


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles", type=int, default=100_000, help="articles in the window before measuring"
    )
    parser.add_argument("--measure", type=int, default=2000, help="articles linked one at a time and timed")
    parser.add_argument(
        "--rounds", type=int, default=3, help="timed rounds the measured articles are split into"
    )
    args = parser.parse_args()
    rng = random.Random(7)

    t0 = time.perf_counter()
    bases = load_bases()
    texts = [json.loads(line)["text"] for line in gzip.open(INDOSUM, "rt", encoding="utf-8")]
    sign_ms = []
    for text in texts[:300]:
        entities = [Entity(n, "MISC", [Mention(n, 0, len(n))]) for n in set(NAME.findall(text))]
        started = time.perf_counter()
        signatures.features(text, entities)
        signatures.minhash(signatures.shingles(text))
        sign_ms.append((time.perf_counter() - started) * 1000)
    now = time.time()
    articles = synthetic(args.articles + args.measure, bases, now - WINDOW_DAYS * 86400, rng)
    print(
        f"prepared {len(articles)} articles from {len(bases)} IndoSum bases in {time.perf_counter() - t0:.0f} s"
    )

    with tempfile.TemporaryDirectory() as tmp:
        proc, url = servers.start_redis(Path(tmp))
        try:
            redis = Redis.from_url(url)
            index = StoryIndex(redis, Keys("bench"), WINDOW_DAYS)
            base_memory = int(redis.info("memory")["used_memory"])
            t0 = time.perf_counter()
            load, measure = articles[: args.articles], articles[args.articles :]
            # The script's arguments for the next batch are built in a thread while Redis runs
            # this one (the waiting thread lets go of the GIL); batches still run in order.
            batches: queue.Queue[list[tuple[list[str], list[Any]]] | None] = queue.Queue(maxsize=4)

            def build() -> None:
                for start in range(0, len(load), 200):
                    batch = load[start : start + 200]
                    batches.put([index.script_call("bench-owner", a, new_story_id()) for a in batch])
                batches.put(None)

            builder = threading.Thread(target=build, daemon=True)
            builder.start()
            while (calls := batches.get()) is not None:
                pipe = redis.pipeline(transaction=False)
                for keys, argv in calls:
                    index._script(keys=keys, args=argv, client=pipe)
                pipe.execute()
            builder.join()
            loaded_s = time.perf_counter() - t0
            memory = int(redis.info("memory")["used_memory"]) - base_memory
            redis.config_resetstat()
            cpu = redis.info("cpu")
            cpu_before = cpu["used_cpu_user"] + cpu["used_cpu_sys"]
            link_ms, opened, copies, rounds = [], 0, 0, []
            size = -(-len(measure) // args.rounds)
            for first in range(0, len(measure), size):
                timed = []
                for article in measure[first : first + size]:
                    started = time.perf_counter()
                    link = index.link("bench-owner", article, new_story_id())
                    timed.append((time.perf_counter() - started) * 1000)
                    opened += link.opened
                    copies += link.duplicate_of is not None
                rounds.append((statistics.median(timed), os.getloadavg()[0]))
                link_ms += timed
            cpu = redis.info("cpu")
            cpu_ms = (cpu["used_cpu_user"] + cpu["used_cpu_sys"] - cpu_before) * 1000 / len(measure)
            stats = redis.info("commandstats").get("cmdstat_evalsha", {})
            stories = sum(1 for _ in redis.scan_iter(match="enrich:bench:story:*:s:*", count=10_000))
            keys_total = redis.dbsize()
        finally:
            servers.stop(proc)

    print(
        f"loaded {args.articles} articles into one owner's window in {loaded_s:.0f} s; {stories} stories, {keys_total} keys"
    )
    print(
        f"link (lookup + insert, one round trip) with {args.articles} in the window: median {statistics.median(link_ms):.2f} ms, "
        f"p95 {percentile(link_ms, 0.95):.2f} ms, p99 {percentile(link_ms, 0.99):.2f} ms "
        f"({len(measure)} articles: {opened} opened a story, {copies} near-copies)"
    )
    print(
        "  per round: "
        + ", ".join(f"median {median:.2f} ms (load {load:.1f})" for median, load in rounds)
        + f"; machine: {os.cpu_count()} cores"
    )
    if stats:
        print(
            f"server time per script run: {stats['usec_per_call'] / 1000:.3f} ms wall, "
            f"{cpu_ms:.3f} ms of redis-server CPU (what the load average does not inflate)"
        )
    print(f"signing an IndoSum article (MinHash + vector): median {statistics.median(sign_ms):.2f} ms")
    print(
        f"Redis memory: {memory / 2**20:.1f} MiB for {args.articles} articles, {memory / args.articles:.0f} bytes per article"
    )


if __name__ == "__main__":
    main()
