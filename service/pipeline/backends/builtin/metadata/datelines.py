"""Datelines: the place and outlet a news story opens with.

Forms seen in Indonesian news (IndoSum, the seeds): "SEOUL, iNews.id - ", "Liputan6.com, Seoul - ",
"TRIBUNNEWS.COM - ", "Jakarta, CNN Indonesia -- ", "Jakarta (ANTARA News) - ", "TANGERANG (Pos Kota) - ",
"JUARA.NET, KUALA LUMPUR - ", "Riyadh, Saudi Arabia, 27/11 (Antara) - ", "SEOUL - "; and the wire
services' "BRUSSELS, March 4 (Reuters) - ", "WASHINGTON (AP) — ", "MADRID, 24 nov (Reuters) - ",
"BERLIN (dpa) - ". Other scripts' wire forms (Chinese, Japanese, Arabic, Russian's agency after the
date ...) are wires.py's, which the summary's dateline check shares.
Every pattern is anchored at a line start with bounded repeats, so each line costs linear time.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from service.pipeline.backends.builtin.boilerplate_vocabulary import CREDIT_LABELS
from service.pipeline.backends.builtin.metadata.months import MONTH_DAY
from service.pipeline.backends.builtin.metadata.outlets import bracketed_outlet, normalise_outlet
from service.pipeline.backends.builtin.metadata.wires import match_wire
from service.pipeline.document import Dateline

DATA = Path(__file__).resolve().parents[1] / "data"

# The dateline opens the story: in pasted pages it follows a header of menus, titles and dates
# (seed 000: line 13 of the raw text), so look a little way in, never into the whole text.
MAX_LINES = 40
MAX_LINE_CHARS = 2000
STORY_CHARS = 60  # text after a dateline on its line that makes it the story's opening, not a header

_WORD = r"[^\W\d_][\w.'’&-]*"  # "Tribun-Timur.com"; a dash that opens the story has a space beside it
_CHUNK = rf"{_WORD}(?: {_WORD}){{0,3}}"  # "Kuala Lumpur", "CNN Indonesia", "TRIBUNNEWS.COM"
_DASH = r"[ \t]*(?:[-–—][ \t]*){1,2}"  # " - ", " -- ", " - - " (IndoSum detokenised "--"), en and em dashes
_DATE = r"\d{1,2}/\d{1,2}(?:/\d{2,4})?"
_PAREN = r"\((?P<paren>[^()\n]{1,40})\)"
_DATELINE = re.compile(
    rf"(?P<a>{_CHUNK})(?:[ \t]*,[ \t]*(?P<b>{_CHUNK}))?(?:[ \t]*,[ \t]*(?:{_DATE}|{MONTH_DAY}|{_CHUNK}))?"
    rf"(?:,?[ \t]*{_PAREN})?(?P<dash>{_DASH})(?=\S|$)"
)
# A place and an outlet in brackets with no dash, then the story: "Hong Kong (CNN Business) A muddled
# view", "(CNN) President Donald Trump" (only a known outlet: "Badan Pusat Statistik (BPS) Jawa ..."),
# PTI's "New Delhi, Nov 24 (PTI) The".
_BRACKETED = re.compile(
    rf"(?:(?P<a>{_CHUNK})(?P<date>,[ \t]*{MONTH_DAY})?[ \t]*)?{_PAREN}[ \t]*(?=[A-Z\"“‘'])"
)
# Malaysian papers end the place with a colon: "KUALA LUMPUR: Kerajaan akan ...", and ANI its agency
# in brackets: "NEW DELHI (ANI): The ...". Only a known place in capitals, so "Foto: ..." or
# "Catatan: ..." is no dateline.
_COLON = re.compile(
    r"(?P<place>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})(?:[ \t]*\((?P<paren>[^()\n]{1,40})\))?:[ \t]+"
    r"(?=[A-Z\"“‘'])"
)
# A photo credit and the dateline glued by copy-paste: "Foto: ANTARA/HO KCNAIstanbul - Sejumlah".
_GLUED = re.compile(rf"[A-Z]{{2,}}(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}}){_DASH}(?=\S)")
_CAPTION = re.compile(r"^(?:foto|photo|ilustrasi|grafis)\b", re.I)
# Rubrics and cross-links written like a dateline ("SIMAK JUGA - ...", "ANALISIS - ...").
_RUBRICS = frozenset(
    "simak juga|baca juga|lihat juga|analisis|opini|eksklusif|breaking news|update|video|foto|infografis|"
    "kolom|editorial|tajuk|resensi|wawancara|berita terkait|advertorial".split("|")
)


@dataclass(frozen=True)
class DatelineMatch:
    dateline: Dateline
    end: int  # offset in the line where the story's first sentence starts
    has_outlet: bool


def find_dateline(lines: list[str]) -> Dateline | None:
    """The dateline among the first lines of an article: the first naming an outlet that opens the
    story (opens_story); failing that, the first naming an outlet ("Kompas.com - 24/11/2026, 14:05
    WIB", the page's date line above "SURABAYA, KOMPAS.com - ..."), then the first bare place."""
    best: DatelineMatch | None = None
    for line in lines[:MAX_LINES]:
        found = match_dateline(line)
        if found is None:
            continue
        if found.has_outlet and opens_story(found, line):
            return found.dateline
        if best is None or (found.has_outlet and not best.has_outlet):
            best = found
    return best.dateline if best is not None else None


def opens_story(found: DatelineMatch, line: str) -> bool:
    """The dateline names its place, or its line goes on with the story ("TRIBUNNEWS.COM - Presiden
    ..."): the story's own, not a page header's date line ("Kompas.com - 24/11/2026, 14:05 WIB")."""
    return found.dateline.place is not None or len(line) - found.end >= STORY_CHARS


def match_dateline(line: str) -> DatelineMatch | None:
    """The dateline a line opens with, and where its text starts."""
    line = line[:MAX_LINE_CHARS]
    stripped = line.lstrip()
    offset = len(line) - len(stripped)
    if _CAPTION.match(stripped):
        glued = _GLUED.search(stripped)
        if glued is None or not is_known_place(glued["place"]):
            return None
        return DatelineMatch(Dateline(glued["place"], None), offset + glued.end(), False)
    if wire := match_wire(stripped):  # other scripts' and agencies' forms (wires.py)
        return DatelineMatch(Dateline(wire.place, wire.outlet), offset + wire.end, wire.outlet is not None)
    m = _DATELINE.match(stripped)
    if m is None:
        return _bracketed(stripped, offset) or _colon(stripped, offset)
    if not any(c.isspace() for c in m["dash"]):
        return None  # "Negara-negara", "Korut-Rusia": a hyphen inside a word
    chunks = [c for c in (m["a"], m["b"]) if c]
    paren_outlet = normalise_outlet(m["paren"]) if m["paren"] else None
    if m["paren"] and paren_outlet is None:
        return _unlisted_agency(m, offset)
    outlet = paren_outlet
    places: list[str] = []
    for chunk in chunks:
        as_outlet = normalise_outlet(chunk) if outlet is None else None
        if as_outlet is not None:
            outlet = as_outlet
        else:
            places.append(chunk)
    if outlet is None and len(places) > 1:
        return None  # "Malang, UAV Ai - X1": two names and no outlet is a sentence, not a dateline
    place = _place(places[0], trusted=outlet is not None) if places else None
    if places and place is None:
        return None
    if place is None and outlet is None:
        return None
    return DatelineMatch(Dateline(place, outlet), offset + m.end(), outlet is not None)


def _unlisted_agency(m: re.Match[str], offset: int) -> DatelineMatch | None:
    """ "BERLIN (dpa-AFX) - ": a known place in capitals, then an agency the table does not list. After
    anything else an aside in brackets is no dateline: "(14/6/2024) -", "Presiden Jokowi (kiri) -"."""
    place = m["a"]
    if m["b"] or any(c.isdigit() for c in m["paren"]) or not (place.isupper() and is_known_place(place)):
        return None
    return DatelineMatch(Dateline(place.title(), None), offset + m.end(), False)


def _bracketed(line: str, offset: int) -> DatelineMatch | None:
    """A dateline whose outlet in brackets ends it with no dash (_BRACKETED)."""
    m = _BRACKETED.match(line)
    outlet = bracketed_outlet(m["paren"], dated=bool(m["date"])) if m else None
    if m is None or outlet is None:
        return None
    place = _place(m["a"], trusted=True) if m["a"] else None
    if m["a"] and place is None:
        return None
    return DatelineMatch(Dateline(place, outlet), offset + m.end(), True)


def _colon(line: str, offset: int) -> DatelineMatch | None:
    """ "KUALA LUMPUR: ...", "NEW DELHI (ANI): ..." (_COLON)."""
    m = _colon_match(line)
    if m is None:
        return None
    outlet = normalise_outlet(m["paren"]) if m["paren"] else None  # vouched for by the place in capitals
    return DatelineMatch(Dateline(m["place"].title(), outlet), offset + m.end(), outlet is not None)


def colon_dateline_length(sentence: str) -> int:
    """Characters of a "KUALA LUMPUR: " dateline opening `sentence` (and the spaces after it), else 0."""
    m = _colon_match(sentence)
    return m.end() if m else 0


def _colon_match(text: str) -> re.Match[str] | None:
    m = _COLON.match(text)
    if m is None or m["place"].casefold() in CREDIT_LABELS:  # "SUMBER: Antara" names a village too
        return None
    if m["paren"] and normalise_outlet(m["paren"]) is None:
        return None  # "JAKARTA (ANTARA): " yes; "HASIL (SEMENTARA): " no
    return m if is_known_place(m["place"]) else None


def _place(chunk: str, *, trusted: bool) -> str | None:
    """A dateline's place, title-cased when written in capitals; None if the chunk is not a place.

    Beside an outlet any capitalised name is a place; alone before a dash it must be written in
    capitals (the dateline convention) or be a known place, so a headline "Kim Jong Un - ..." is not.
    """
    words = chunk.split()
    if chunk.casefold() in _RUBRICS:
        return None
    if not all(w[0].isupper() for w in words) or any("." in w for w in words):
        return None
    capitals = chunk.isupper() and sum(c.isalpha() for c in chunk) >= 3
    if not (trusted or capitals or is_known_place(chunk)):
        return None
    return chunk.title() if capitals else chunk


def is_known_place(name: str) -> bool:
    return name.casefold() in _known_places()


@cache
def _known_places() -> frozenset[str]:
    """World places (GeoNames, shipped for the entity tagger) and Indonesian regions, lowercased."""
    with gzip.open(DATA / "entities-places.txt.gz", "rt", encoding="utf-8") as f:
        places = {line.strip() for line in f if line.strip()}
    from service.pipeline.backends.builtin.regions import region_names

    places.update(name.casefold() for name in region_names())
    return frozenset(places)
