"""From CRF tags to name chunks: BIO decoding, then trimming and splitting what the CRF glued.

A chunk is (first token, last token + 1, type). The repair rules that add or retype chunks from
the lexicons live in repair.py.
"""

from __future__ import annotations

import re
from itertools import pairwise

from service.pipeline.backends.builtin.entities.lexicons import GAZ_TYPE, PERSON_CUES, SPEECH, Lexicon

Chunk = tuple[int, int, str]

# Lowercase words that start or end a chunk and are trimmed in cased text: prepositions and "kota"
# ("kota Kharkiv", as the seed articles expect; NERGrit would keep it: 0.5 F1 points on a dev
# split). Other lowercase words stay, as NERGrit and IDNer2k annotate them ("desa Tegalwaru",
# "Israel utara", "Persatuan Sepak bola Indonesia"): trimming every trailing one cost 0.6
# (IDNer2k) and 1.0 (NERGrit) F1 points on dev splits of the training parts.
_TRIM_WORDS = frozenset("di ke dari pada oleh dan kota".split())
NAME_JOINERS = frozenset(
    """of for the and on at in de del della da das do dos du des la le el van von der den
zu und y e bin binti al bint ibn & dan untuk""".split()
)
# A lowercase word after these continues the name: "Pulau-pulau", a possessive "Mary's" (the
# tokenizer cuts "'" and "s" apart; NERGrit's "Saint Mary's College", "Cox's River" were cut in two).
_NO_CUT_AFTER = frozenset("-'’")
_APOSTROPHES = frozenset("'’")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NEVER_LAST = frozenset(",;:")  # punctuation no name ends with
_COMMON_ZIPF = "5"  # Zipf band: a word used at least once in 100,000 words
# Words of a long title between a person cue and the name ("Menteri Luar Negeri ...").
TITLE_WORDS = frozenset(
    """luar negeri dalam pertahanan keuangan agama utama pertama kedua senior muda
umum besar dan urusan foreign affairs state defense of the""".split()
)


def bio_spans(tags: list[str]) -> list[Chunk]:
    """(first, last+1, type) chunks from BIO tags; a stray I- starts a new chunk (conlleval)."""
    spans: list[Chunk] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, t = tag.partition("-")
        if kind and (prefix != "I" or t != kind):
            spans.append((start, i, kind))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = i, t
    return spans


def capital(tok: str) -> bool:
    return tok[:1].isupper()


def decode(
    toks: list[str],
    tags: list[str],
    cased: bool,
    gaz: list[str],
    lexicon: Lexicon,
    leading: frozenset[str] = frozenset(),
    lowercase: frozenset[str] = frozenset(),
) -> list[Chunk]:
    """Chunks of the tags; in cased text, lowercase edges trimmed ("kota Kharkiv", "White House
    said"), a person's trailing words of `lowercase` too ("Salim kala"), and a chunk cut at a
    slash between people or a common lowercase word inside it; a known place/organisation glued
    to a name split off ("Korea Selatan Yoon Suk Yeol", "Kremlin Dmitry Peskov")."""
    chunks = bio_spans(tags)
    if cased:
        chunks = [part for chunk in chunks for part in _split_at_slashes(toks, *chunk)]
        chunks = [part for chunk in chunks for part in _split_at_common_words(toks, lexicon, *chunk)]
    out: list[Chunk] = []
    for a, b, kind in chunks:
        while a < b and toks[a] in leading:
            a += 1  # a language's articles ("the" in English: UNER leaves it out of names)
        while b > a and toks[b - 1] in _NEVER_LAST:
            b -= 1  # "the Federal Reserve Bank of Philadelphia, said": the CRF took the comma in
        if cased:
            a, b = _trim(toks, a, b)
            if kind == "PERSON":
                b = _past_lowercase_tail(toks, a, b, lowercase)
        while kind in ("PERSON", "LOCATION") and b - a > 1 and _YEAR.fullmatch(toks[b - 1]):
            b -= 1  # "Pilgub [Jateng] 2018": only events end with a year in the sets' gold
        if a < b:
            out += _split_gazetteer(toks, gaz, a, b, kind)
    return out


def _trim(toks: list[str], a: int, b: int) -> tuple[int, int]:
    """A leading preposition or "kota" out, and a trailing one or a speech verb ("White House
    said"). Other trailing lowercase words stay: IDNer2k and NERGrit annotate "Israel utara",
    "Sepak bola", and trimming every one cost 0.6-1.0 F1 points on both dev sets."""
    while a < b and toks[a] in _TRIM_WORDS:
        a += 1
    while b > a and (toks[b - 1] in _TRIM_WORDS or toks[b - 1] in SPEECH or toks[b - 1] in NAME_JOINERS):
        b -= 1  # a joiner ends no name: "Walmart [for]", "Bank [of]"
    if b - a > 2 and toks[b - 1] == "s" and toks[b - 2] in _APOSTROPHES:
        b -= 2  # "Australia's Royal National Park": the possessive is no part of "Australia"
    return a, b


def _past_lowercase_tail(toks: list[str], a: int, b: int, lowercase: frozenset[str]) -> int:
    """The end of a person's name before the words written lowercase that the CRF took in ("[Robert]
    seringkali"): no person's name in the sets' gold ends with one. A hyphenated or apostrophed
    tail stays ("Choi Si-won")."""
    while b - a > 1 and toks[b - 1] in lowercase and toks[b - 2] not in _NO_CUT_AFTER:
        b -= 1
    return b


def _split_at_slashes(toks: list[str], a: int, b: int, kind: str) -> list[Chunk]:
    """A slash in a person's name parts two people: a doubles pair ("Marcus/Kevin" was one person
    of 8 IndoSum mentions, "Tontowi Ahmad / Gloria Emanuelle Widjaja"). In other names it stays:
    "Gedung DPR/MPR", "SMA Negeri 8 / 22" (the sets' gold)."""
    cuts = [i for i in range(a, b) if toks[i] == "/"] if kind == "PERSON" else []
    if not cuts:
        return [(a, b, kind)]
    edges = [a - 1, *cuts, b]
    return [(x + 1, y, kind) for x, y in pairwise(edges) if y > x + 1]


def _split_at_common_words(toks: list[str], lexicon: Lexicon, a: int, b: int, kind: str) -> list[Chunk]:
    """In cased text a common lowercase word inside a chunk ends the name: "Biden met Prime
    Minister Kishida" is two. Joiners that names do contain ("Bank of America", "Museo del
    Prado", "Sepak bola") are spared: they are in NAME_JOINERS or not that common."""
    parts: list[Chunk] = []
    start = a
    for i in range(a + 1, b - 1):
        tok = toks[i]
        if toks[i - 1] in _NO_CUT_AFTER or not tok.isalpha() or not tok.islower() or tok in NAME_JOINERS:
            continue  # "Pulau-pulau Batu" and "Saint Mary's College" stay whole
        if lexicon.common(tok, _COMMON_ZIPF):
            parts.append((start, i, kind))
            start = i + 1
    parts.append((start, b, kind))
    if len(parts) == 1:
        return parts
    # a part with no capital is no name, only what the cut left: "[sekolah paduan] suara Katolik"
    return [(x, y, k) for x, y, k in parts if any(ch.isupper() for tok in toks[x:y] for ch in tok)]


def _split_gazetteer(toks: list[str], gaz: list[str], a: int, b: int, kind: str) -> list[Chunk]:
    """Split a known place/organisation off a person chunk ("Kremlin Dmitry Peskov") or off a
    titled name ("Presiden Korsel Yoon Suk Yeol"). Anything else stays whole: on held-out data
    "Papua Selatan", "jakarta pusat" or "Kompas TV" are one name far more often than two."""
    if not gaz[a].startswith("B"):
        return [(a, b, kind)]
    e = a + 1
    while e < b and gaz[e] == "I" + gaz[a][1:]:
        e += 1
    if e < b and (after_title(toks, a) or kind == "PERSON"):
        return [(a, e, GAZ_TYPE[gaz[a][1:]]), (e, b, "PERSON")]
    if e < b and gaz[e].startswith("B") and gaz[e][1:] != gaz[a][1:]:
        # two known names of different kinds side by side: "Rusia Vedomosti", "AS NATO"
        return [(a, e, GAZ_TYPE[gaz[a][1:]]), (e, b, GAZ_TYPE[gaz[e][1:]])]
    return [(a, b, kind)]


def after_title(toks: list[str], a: int) -> bool:
    """Token a follows a person title, possibly a long one ("Wakil Menteri Luar Negeri")."""
    j = a - 1
    while j >= 0 and toks[j].lower() in TITLE_WORDS:
        j -= 1
    return j >= 0 and toks[j].lower() in PERSON_CUES
