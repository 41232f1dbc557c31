"""Indonesian provinces, regencies and cities an article mentions, with their official codes.

The table (data/regions.tsv.gz, built by scripts/build_regions.py from the Kemendagri 2025 codes)
lists each region's surface forms: the official name, spellings, short forms ("Jabar", "Jaksel",
"Solo"). A mention is the longest form found at a word start, case-sensitive (so "medan perang" is
not Medan). What makes it count:
- prefixed ("Kabupaten Bogor", "Kab. Bogor", "Kota Bogor", "Pemkot Malang", "Provinsi Jawa Barat"):
  always, at the level the prefix names;
- bare, for a name the table marks risky (a common word or person's name: "Batu", "Bima", "Puncak"):
  only with a cue: the entity tagger's LOCATION mentions (`places`), a locative word before it
  ("di", "ke", "dari", ...) or ", <province>" after it;
- bare, for any regency or city: not when a capitalised word follows that makes it part of another
  name ("Bima Arya", "Medan Merdeka"), nor after a street or landform word ("Jalan Sulawesi"), nor
  when a region of another province follows ("Kuningan, Jakarta Selatan" is a Jakarta district);
- a few names ("Metro", "Puncak") are something else far more often: only prefixed or tagged.
English news names the same places in English ("West Java", "South Jakarta", "Riau Islands") and puts
the level after the name ("Bogor Regency", "Batu City"), which counts as a prefix does.
A bare name shared by a regency and a city (Bogor, Bandung, Malang, ...) means the one the article
names explicitly elsewhere, else the city; a bare name shared with a province (Jambi, Bengkulu,
Gorontalo, Yogyakarta) means the province. The dateline's place ("Jakarta, CNN Indonesia -") is where
the story was filed, not where it happened, and is skipped.
One pass over the words, a bounded look-ahead each: linear in the text's length.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from service.pipeline.document import BODY, ENTITIES, Article, BackendInfo, Region

DEFAULT_TABLE = Path(__file__).parent / "data" / "regions.tsv.gz"

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*\.?")
_PREFIXES = {
    "regency": {"kabupaten", "kab", "pemkab", "bupati", "kabupaten administrasi"},
    "city": {"kota", "kotamadya", "pemkot", "walikota", "wali kota", "polresta", "kota administrasi"},
    "province": {"provinsi", "propinsi", "prov", "pemprov", "gubernur"},
}
_PREFIX_LEVEL = {word: level for level, words in _PREFIXES.items() for word in words}
_PREFIX_FIRST_WORDS = frozenset(word.split()[0] for word in _PREFIX_LEVEL)
# Words after a region's name that name a part of it, not another place: "Karawang Timur", "Bekasi Kota".
_PART_WORDS = "(?:timur|barat|utara|selatan|tengah|kota)"
# Words before a risky bare name that make it a place: "di Batu", "ke Solo", "warga Pati".
_CUES = {
    "di",
    "ke",
    "dari",
    "asal",
    "wilayah",
    "daerah",
    "kawasan",
    "warga",
    "kabupaten",
    "kota",
    "in",
    "to",
    "from",
}
# Words before a bare name that make it part of another place's name: "Jalan Sulawesi", "Pulau Bangka".
_CLUB_BEFORE = re.compile(r"Pers[a-z]{2,}|PS[A-Z]{1,4}|Semen|Arema|Pusamania")
_CLUB_AFTER = {"United", "FC", "Putra", "Putera", "Raya FC"}
# English news names the level after the name: "Bogor Regency", "Batu City", "Malang regency".
_SUFFIX_LEVEL = {"regency": "regency", "city": "city"}
# An English name opens with its direction ("West Java", "South Jakarta"): a capitalised word after
# it is a title or a body of that place ("West Java Governor", "East Java Police"), not a longer name.
_ENGLISH_DIRECTIONS = frozenset("West East North South Central Southeast Southwest Highland".split())
# Words before a bare name that make it a street's (always: "Jalan Cianjur, Menteng" is in
# Jakarta), or a toll road's or a landform's (unless the tagger confirms it as a place: "Tol
# Jakarta - Cikampek" runs through Jakarta, "Pulau Batam" is the city's island).
_STREETS = {"jalan", "jl", "jln", "gang"}
_BLOCKERS = _STREETS | {"tol", "gunung", "danau", "sungai", "pulau", "selat", "teluk"}


def in_holdout(key: str, percent: int = 50) -> bool:
    """IndoSum articles held out from building the table (by id hash), for measuring it."""
    return int(hashlib.md5(key.encode("utf-8")).hexdigest()[:8], 16) % 100 < percent


@dataclass(frozen=True)
class RegionTable:
    regions: tuple[Region, ...]
    forms: dict[str, tuple[int, ...]]  # normalised surface form -> indices into regions
    risky: frozenset[tuple[str, int]]  # (form, region) pairs that need a cue when bare
    explicit: frozenset[tuple[str, int]]  # (form, region) pairs that count only after a prefix
    first_words: frozenset[str]
    max_words: int


def _key(tokens: Iterable[str]) -> str:
    return " ".join(t.rstrip(".") for t in tokens)


@cache
def load_table(path: Path = DEFAULT_TABLE) -> RegionTable:
    regions: list[Region] = []
    forms: dict[str, list[int]] = {}
    risky: set[tuple[str, int]] = set()
    explicit: set[tuple[str, int]] = set()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            code, level, name, province, form_list, risky_list, explicit_list = line.rstrip("\n").split("\t")
            index = len(regions)
            regions.append(Region(name=name, level=level, code=code, province=province))
            for form in form_list.split("|"):
                key = _key(_TOKEN.findall(form))
                forms.setdefault(key, []).append(index)
                if form in risky_list.split("|"):
                    risky.add((key, index))
                if form in explicit_list.split("|"):
                    explicit.add((key, index))
    return RegionTable(
        regions=tuple(regions),
        forms={k: tuple(v) for k, v in forms.items()},
        risky=frozenset(risky),
        explicit=frozenset(explicit),
        first_words=frozenset(k.split()[0] for k in forms),
        max_words=max(len(k.split()) for k in forms),
    )


def region_names() -> list[str]:
    """Every surface form in the table (for telling a dateline's place from a headline)."""
    return list(load_table().forms)


@dataclass
class _Mention:
    candidates: tuple[int, ...]
    start: int
    form: str
    level: str | None  # forced by a prefix
    explicit: bool  # prefixed: "Kabupaten Bogor"


def find_regions(
    body: str,
    places: Sequence[str] = (),
    *,
    people: Sequence[tuple[int, int]] = (),
    table: RegionTable | None = None,
) -> list[Region]:
    """Regions the body mentions, in order of first mention, each once.

    `places`: the LOCATION entities' texts when the entity stage ran; they confirm risky bare names.
    `people`: the (start, end) of its PERSON mentions; a bare name inside one, with name words on
    both sides, is part of the person's ("Jamil Lampung Muhammad"), not the region.
    """
    table = table or load_table()
    words = list(_TOKEN.finditer(body))
    skip_to = _dateline_end(body)
    mentions: list[_Mention] = []
    place_text = [p.casefold() for p in places]
    i = 0
    while i < len(words):
        word = words[i].group().rstrip(".")
        if words[i].start() < skip_to or not (
            word in table.first_words
            or word.casefold() in _PREFIX_FIRST_WORDS
            or (word.isupper() and word.title() in table.first_words)
        ):
            i += 1  # most words start no region form and no prefix: one set lookup each
            continue
        found = _prefixed(table, body, words, i) or _bare(table, body, words, i, place_text, people)
        if found is None:
            i += 1
            continue
        mention, i = found
        mentions.append(mention)
    return _resolve(table, mentions)


def _prefixed(
    table: RegionTable, body: str, words: list[re.Match[str]], i: int
) -> tuple[_Mention, int] | None:
    """ "Kabupaten Bogor", "Kab. Bogor", "Wali Kota Malang": the prefix says which level."""
    word = words[i].group().rstrip(".").casefold()
    width = 1
    if (
        i + 1 < len(words)
        and _joined(body, words, i)
        and f"{word} {words[i + 1].group().casefold()}" in _PREFIX_LEVEL
    ):
        word, width = f"{word} {words[i + 1].group().casefold()}", 2
    level = _PREFIX_LEVEL.get(word)
    if level is None or i + width >= len(words) or not _joined(body, words, i + width - 1):
        return None
    match = _longest(table, body, words, i + width)
    if match is None:
        return None
    form, candidates, end = match
    at_level = tuple(c for c in candidates if table.regions[c].level == level)
    return _Mention(at_level or candidates, words[i].start(), form, level, True), end


def _bare(
    table: RegionTable,
    body: str,
    words: list[re.Match[str]],
    i: int,
    places: list[str],
    people: Sequence[tuple[int, int]] = (),
) -> tuple[_Mention, int] | None:
    if not words[i].group()[0].isupper():
        return None
    match = _longest(table, body, words, i)
    if match is None:
        return None
    form, candidates, end = match
    if _names_a_club(body, words, i, end):
        return None
    suffix = (
        _SUFFIX_LEVEL.get(words[end].group().casefold())
        if end < len(words) and _joined(body, words, end - 1)
        else None
    )
    at_level = tuple(c for c in candidates if table.regions[c].level == suffix)
    if at_level:
        return _Mention(at_level, words[i].start(), form, suffix, True), end + 1
    previous = words[i - 1].group().rstrip(".").casefold() if i > 0 and _joined(body, words, i - 1) else ""
    if previous in _STREETS:
        return None  # "Jalan Medan Merdeka", "Jl. Sulawesi": a street, whatever the tagger made of it
    if any(start < words[i].start() and words[end - 1].end() < stop for start, stop in people):
        return None  # "Jamil Lampung Muhammad": a word of a person's name
    provinces = tuple(c for c in candidates if table.regions[c].level == "province")
    if provinces:
        # "Jambi", "Yogyakarta": the province, whatever shares its name.
        return _Mention(provinces, words[i].start(), form, "province", False), end
    # a place the tagger found confirms the name where the name ends it, or a compass word names its
    # part ("Stadion Manahan Solo", "Karawang Timur"): not "Mapolda Metro Jaya" (the Jakarta police's
    # seat, not the city of Metro in Lampung), "Jalan Medan Merdeka", "Jalan Kuningan Persada"
    named = re.compile(rf"\b{re.escape(form.casefold())}(?!\w| (?!{_PART_WORDS}\b)[^\W\d_])")
    confirmed = any(named.search(p) for p in places)
    if not confirmed:
        if any((form, c) in table.explicit for c in candidates):
            return None
        if _inside_other_province(table, body, words, end, candidates):
            return None
        if any((form, c) in table.risky for c in candidates) and not (
            previous in _CUES or _province_follows(table, body, words, end)
        ):
            return None
        if previous in _BLOCKERS:
            return None
        english = form.split()[0] in _ENGLISH_DIRECTIONS
        if (
            not english
            and end < len(words)
            and _joined(body, words, end - 1)
            and words[end].group()[0].isupper()
        ):
            if _longest(table, body, words, end) is None:
                return None  # "Bima Arya", "Medan Merdeka": part of another name
    return _Mention(candidates, words[i].start(), form, None, False), end


def _names_a_club(body: str, words: list[re.Match[str]], i: int, end: int) -> bool:
    """ "Persib Bandung", "PSCS Cilacap", "Semen Padang", "Bali United": a team or firm, not the place.

    On IndoSum's held-out half these were 4 of the 5 wrong regions in a 40-region spot check.
    """
    before = words[i - 1].group() if i > 0 and _joined(body, words, i - 1) else ""
    after = words[end].group().rstrip(".") if end < len(words) and _joined(body, words, end - 1) else ""
    return bool(_CLUB_BEFORE.fullmatch(before)) or after in _CLUB_AFTER


def _inside_other_province(
    table: RegionTable, body: str, words: list[re.Match[str]], end: int, candidates: tuple[int, ...]
) -> bool:
    """ "Kuningan, Jakarta Selatan": a place named like a region but inside another province."""
    if end >= len(words) or body[words[end - 1].end() : words[end].start()].strip() != ",":
        return False
    match = _longest(table, body, words, end)
    if match is None:
        return False
    provinces = {table.regions[c].province for c in candidates}
    return not provinces & {table.regions[c].province for c in match[1]}


def _province_follows(table: RegionTable, body: str, words: list[re.Match[str]], end: int) -> bool:
    """ "Batu, Jawa Timur": a comma and a province name after the bare name."""
    if end >= len(words) or body[words[end - 1].end() : words[end].start()].strip() != ",":
        return False
    match = _longest(table, body, words, end)
    return match is not None and any(table.regions[c].level == "province" for c in match[1])


def _longest(
    table: RegionTable, body: str, words: list[re.Match[str]], i: int
) -> tuple[str, tuple[int, ...], int] | None:
    """The longest table form starting at word i: (form, candidates, index after its last word)."""
    first = words[i].group().rstrip(".")
    if first not in table.first_words and not (first.isupper() and first.title() in table.first_words):
        return None
    parts: list[str] = []
    best: tuple[str, tuple[int, ...], int] | None = None
    for j in range(i, min(i + table.max_words, len(words))):
        if j > i and not _joined(body, words, j - 1):
            break
        parts.append(words[j].group())
        key = _key(parts)
        for candidate_key in (key, key.title()) if key.isupper() and len(key) > 3 else (key,):
            candidates = table.forms.get(candidate_key)
            if candidates:
                best = (candidate_key, candidates, j + 1)
                break
    return best


def _joined(body: str, words: list[re.Match[str]], i: int) -> bool:
    """Words i and i+1 are one name's: only spaces between them, no sentence end after word i."""
    if i + 1 >= len(words):
        return False
    gap = body[words[i].end() : words[i + 1].start()]
    word = words[i].group()
    return gap in (" ", "\u00a0") and (not word.endswith(".") or len(word) <= 4)


def _resolve(table: RegionTable, mentions: list[_Mention]) -> list[Region]:
    explicit = {c for m in mentions if m.explicit for c in m.candidates}
    chosen: list[int] = []
    for m in mentions:
        if len(m.candidates) == 1:
            pick = m.candidates[0]
        else:
            named = [c for c in m.candidates if c in explicit]
            cities = [c for c in m.candidates if table.regions[c].level == "city"]
            pick = (named or cities or list(m.candidates))[0]
        if pick not in chosen:
            chosen.append(pick)
    return [table.regions[c] for c in chosen]


def _dateline_end(body: str) -> int:
    """Offset where the story starts after a dateline on the body's first line (0 if none)."""
    from service.pipeline.backends.builtin.metadata.datelines import match_dateline

    first_line = body.split("\n", 1)[0]
    found = match_dateline(first_line)
    return found.end if found is not None else 0


class TableRegionFinder:
    """The stage's backend: regions of the body, the entity tagger's places confirming risky names."""

    info = BackendInfo(backend="builtin-table", version="1", model="wilayah 2025 (Kemendagri)")

    def __init__(self) -> None:
        self.table = load_table()

    def __call__(self, article: Article) -> list[Region]:
        places = [m.text for e in article[ENTITIES] if e.type == "LOCATION" for m in e.mentions]
        people = [(m.start, m.end) for e in article[ENTITIES] if e.type == "PERSON" for m in e.mentions]
        return find_regions(article[BODY], places, people=people, table=self.table)
