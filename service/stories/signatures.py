"""What one article is compared by: a MinHash signature of its word shingles (near-copies), a
weighted vector of its key terms and named entities (same event), and the date it reports on.

Plain functions of the article's clean body and entities; nothing here touches Redis.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import math
import re
import struct
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import numpy as np
from datasketch import MinHash

from service.pipeline.document import Entity
from service.pipeline.text import words

# The entities stage's table of word frequencies (wordfreq Zipf bands, Indonesian and English),
# read here as a stand-in for document frequencies: a word common in the language says little
# about which event an article reports.
WORD_FREQ = Path(__file__).resolve().parents[1] / "pipeline/backends/builtin/data/entities-wordfreq.tsv.gz"

# --- near-copies: MinHash over word shingles ------------------------------------------------------

SHINGLE_WORDS = 3  # tuned on IndoSum (bench/quality_stories.py): see README "Story linking"
NUM_PERM = 36  # 12 LSH bands of 3 rows: see LinkParams
MINHASH_SEED = 1
# datasketch's affine32 scheme: 32-bit values, so a signature packs into 4 bytes per permutation.
# Shingles are hashed with CRC-32 (zlib, stable across processes and ten times cheaper than
# datasketch's default SHA-1 here); the permutations spread its values.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme="affine32", hashfunc=zlib.crc32)


def shingles(body: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The body's overlapping runs of `size` lowercase words. Paragraphs are joined first, so a
    reordered paragraph changes only the few shingles that span its edges."""
    tokens = words(body)
    if len(tokens) < size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)}


def minhash(items: Iterable[bytes]) -> bytes:
    """The MinHash signature of a set, NUM_PERM big-endian uint32 values (b"" for an empty set)."""
    batch = list(items)
    if not batch:
        return b""
    sketch = MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        permutations=_TEMPLATE.permutations,
        scheme="affine32",
        hashfunc=zlib.crc32,
    )
    sketch.update_batch(batch)
    return np.asarray(sketch.hashvalues, dtype=">u4").tobytes()


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the sets behind two signatures (share of equal values)."""
    if not a or len(a) != len(b):
        return 0.0
    x = np.frombuffer(a, dtype=">u4")
    y = np.frombuffer(b, dtype=">u4")
    return float(np.count_nonzero(x == y)) / len(x)


def bands(signature: bytes, rows: int) -> list[bytes]:
    """LSH band keys: the signature cut into bands of `rows` values, each band hashed with its
    position, so two articles share a key when a whole band of values agrees. 4 bytes: a key
    shared by chance only adds a candidate, which is checked on the whole signature."""
    width = 4 * rows
    return [
        hashlib.blake2b(bytes([i]) + signature[start : start + width], digest_size=4).digest()
        for i, start in enumerate(range(0, len(signature) - width + 1, width))
    ]


# --- same event: weighted terms and entities ------------------------------------------------------


@dataclass(frozen=True)
class VectorWeights:
    """How an article's vector is made; defaults tuned on IndoSum (bench/quality_stories.py)."""

    entity_boost: float = 0.25  # an entity mentioned once weighs this many times a rare word
    # Names weigh as much as their rarest word ("Kim Hong-kyun" more than "Korea Utara"), so a
    # story of many articles naming "Indonesia" does not draw in every other one.
    entity_rarity: bool = True
    term_scale: float = 1.0  # 0: entities only (a baseline the bench measures)
    max_features: int = 40  # strongest features kept per article


# A word too rare for wordfreq's list (Zipf < 3) weighs this much; each band up weighs one less,
# and the commonest words (band 6: "yang", "dan", "the") nothing.
RARE_WEIGHT = 4.0


@cache
def _listed_weights(path: Path = WORD_FREQ) -> dict[str, float]:
    """Weights of the words wordfreq lists, from their highest Zipf band in Indonesian or English."""
    table: dict[str, float] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, *bands = line.rstrip("\n").split("\t")
            band = max((int(b) for b in bands if b != "-"), default=2)
            table[word] = max(0.0, RARE_WEIGHT + 2 - band)
    return table


def term_weight(word: str) -> float:
    """An inverse-document-frequency stand-in from the word's Zipf band; short words and numbers
    below 1000 (counts, dates' days) weigh nothing."""
    if len(word) < 3 or (word.isdigit() and len(word) < 4):
        return 0.0
    return _listed_weights().get(word, RARE_WEIGHT)


def entity_key(entity: Entity) -> str:
    """One name per thing across outlets: "Kim Hong-kyun" and "KIM HONG KYUN" match."""
    return " ".join(words(entity.text.replace("-", " ")))


def entity_names(entities: Sequence[Entity]) -> list[str]:
    """The article's entities by name, most mentioned first: the keys of the inverted index."""
    counts: Counter[str] = Counter()
    for entity in entities:
        key = entity_key(entity)
        if key:
            counts[key] += entity.count
    return [name for name, _ in counts.most_common()]


def features(
    body: str, entities: Sequence[Entity], weights: VectorWeights = VectorWeights()
) -> dict[str, float]:
    """The article as a unit-length sparse vector: terms ("t:word") weighted by (1 + log tf) times
    their rarity, entities ("e:name") by (1 + log mentions) times the boost; the strongest kept."""
    raw: dict[str, float] = {}
    if weights.term_scale:
        listed = _listed_weights()
        for word, count in Counter(words(body)).items():
            weight = listed.get(word) if word in listed and len(word) >= 3 else term_weight(word)
            if weight:
                raw["t:" + word] = (1 + math.log(count)) * weight * weights.term_scale
    if weights.entity_boost:
        for entity in entities:
            key = entity_key(entity)
            if key:
                rarity = max(map(term_weight, key.split())) if weights.entity_rarity else RARE_WEIGHT
                value = (1 + math.log(max(entity.count, 1))) * weights.entity_boost * rarity
                raw["e:" + key] = max(raw.get("e:" + key, 0.0), value)
    top = heapq.nsmallest(weights.max_features, raw.items(), key=lambda kv: (-kv[1], kv[0]))
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {k: v / norm for k, v in top}


def feature_id(name: str) -> int:
    """A feature's 32-bit id in Redis: CRC-32 of its name (two of a story's hundred-odd features
    collide about once in a million stories, which nudges one similarity)."""
    return zlib.crc32(name.encode())


def pack_vector(vector: dict[str, float]) -> bytes:
    """id (>I4) + weight (0..1 as >I2) per feature: 6 bytes a feature, read by the linking script."""
    flat: list[int] = []
    for name, weight in vector.items():
        flat += (feature_id(name), round(min(max(weight, 0.0), 1.0) * 65535))
    return struct.pack(">" + "IH" * len(vector), *flat)


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


# --- the date an article reports on ---------------------------------------------------------------

# Indonesian news dates what it reports in parentheses after the weekday: "Jumat (14/6/2024)".
_DATE_IN_TEXT = re.compile(r"\((\d{1,2})/(\d{1,2})/(\d{4})\)")


def event_day(body: str, published_at: str | None) -> int | None:
    """The day (days since 1970-01-01) the article reports on: its publication date when known,
    else the latest date the body mentions in the "(14/6/2024)" form; None when neither is there."""
    if published_at:
        try:
            return _day(datetime.fromisoformat(published_at).date())
        except ValueError:
            pass
    days = []
    for d, m, y in _DATE_IN_TEXT.findall(body):
        try:
            days.append(_day(date(int(y), int(m), int(d))))
        except ValueError:
            continue
    return max(days) if days else None


def _day(value: date) -> int:
    return (value - date(1970, 1, 1)).days


def utc_day(timestamp: float) -> int:
    return int(datetime.fromtimestamp(timestamp, UTC).timestamp() // 86400)
