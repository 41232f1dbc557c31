"""Build the shipped table of Indonesian provinces, regencies and cities for the regions backend.

Usage: .venv/bin/python scripts/build_regions.py [--wilayah DIR] [--indosum DIR] [--out FILE]
Reads ../shared/data/wilayah/wilayah.tsv.gz (Kemendagri 2025 codes, MIT) in place and writes
service/pipeline/backends/builtin/data/regions.tsv.gz: one row per province, regency and city with
the surface forms news writes for it and whether its bare name is risky (a common word or a
person's name, so the backend needs a cue before counting it).

Risk comes from two measurements plus a short hand list:
- how often the lowercased name is used as an ordinary word in IndoSum news text ("batu", "puncak",
  "serang"), counted on the training half only (`in_holdout` keeps the other half for measuring);
- the name's English word frequency in the shipped wordfreq table ("Bone", "Metro");
- PERSON_NAMES / COMMON_WORDS below, for names the corpus is too small to show.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from service.pipeline.backends.builtin.regions import DEFAULT_TABLE, in_holdout  # noqa: E402

DATA = REPO.parent / "shared" / "data"
WORD_FREQ = REPO / "service" / "pipeline" / "backends" / "builtin" / "data" / "entities-wordfreq.tsv.gz"

# Lowercase use at or above this share of all uses marks an ordinary word. Measured on IndoSum's
# training half: "puncak" 0.84, "serang" 0.82, "batu" 0.79, "palu" 0.31, "batang" 0.30, "padang"
# 0.13, "medan" 0.13, "malang" 0.09; real city names sit near 0 ("bandung" 0.01).
LOWERCASE_SHARE = 0.25
MIN_LOWERCASE = 3
# English Zipf band at or above this ("bone" 4, "metro" 4) makes a bare name risky in English text.
ENGLISH_ZIPF = 4

# Bare names that are also Indonesian (or English) words, capitalised at a sentence start or in
# another name: "Batu itu", "Roh Kudus", "Polda Metro Jaya", "suku Banjar", "Selat Malaka". Matching
# is case-sensitive, so a name whose word is only ever lowercase mid-sentence ("medan perang",
# "nasib malang") is safe and not listed.
COMMON_WORDS = {
    "Asahan",
    "Banjar",
    "Batang",
    "Batu",
    "Bone",
    "Buru",
    "Kapuas",
    "Karo",
    "Kaur",
    "Kudus",
    "Landak",
    "Lebak",
    "Lingga",
    "Malaka",
    "Metro",
    "Palu",
    "Pati",
    "Puncak",
    "Seram",
    "Serang",
    "Sigi",
    "Toba",
}
# Names that are something else far more often than the region, even after "di" or "dari": "Polda
# Metro Jaya", the UK tabloid Metro, the Puncak highland south of Bogor. Counted only when prefixed
# ("Kota Metro", "Kabupaten Puncak") or tagged as a place.
EXPLICIT_ONLY = {"Metro", "Puncak"}
PERSON_NAMES = {"Bima", "Agam"}  # "Bima Arya" (a Bogor mayor), "Agam" as a given name
# Island names a bare mention usually means rather than the regency of that name.
ISLANDS = {
    "Alor",
    "Bangka",
    "Belitung",
    "Bintan",
    "Buru",
    "Buton",
    "Karimun",
    "Muna",
    "Natuna",
    "Nias",
    "Seram",
    "Simeulue",
    "Sumbawa",
}

# Short and spelled-out forms news uses, by official code (curated; the official table lacks them).
ALIASES: dict[str, list[str]] = {
    "11": ["NAD", "Nanggroe Aceh Darussalam"],
    "12": ["Sumut"],
    "13": ["Sumbar"],
    "16": ["Sumsel"],
    "19": ["Babel", "Bangka Belitung"],
    "21": ["Kepri"],
    "31": ["DKI", "DKI Jakarta", "Jakarta", "Ibu Kota Jakarta"],
    "32": ["Jabar"],
    "33": ["Jateng"],
    "34": [
        "DIY",
        "Yogyakarta",
        "DI Yogyakarta",
        "D.I. Yogyakarta",
        "Jogja",
        "Yogya",
        "Jogjakarta",
        "Jogyakarta",
    ],
    "35": ["Jatim"],
    "52": ["NTB"],
    "53": ["NTT"],
    "61": ["Kalbar"],
    "62": ["Kalteng"],
    "63": ["Kalsel"],
    "64": ["Kaltim"],
    "65": ["Kaltara"],
    "71": ["Sulut"],
    "72": ["Sulteng"],
    "73": ["Sulsel"],
    "74": ["Sultra"],
    "76": ["Sulbar"],
    "82": ["Malut"],
    "92": ["Pabar"],
    "31.71": ["Jakpus"],
    "31.72": ["Jakut"],
    "31.73": ["Jakbar"],
    "31.74": ["Jaksel"],
    "31.75": ["Jaktim"],
    "36.74": ["Tangsel"],
    "33.72": ["Solo"],
    "32.17": ["KBB"],
    "34.03": ["Gunung Kidul"],
    "34.01": ["Kulonprogo"],
    "12.72": ["Pematang Siantar", "Siantar"],
    "12.74": ["Tanjung Balai"],
    "12.77": ["Padang Sidempuan"],
    "12.78": ["Gunung Sitoli"],
    "12.13": ["Madina"],
    "12.03": ["Tapsel"],
    "12.02": ["Taput"],
    "12.01": ["Tapteng"],
    "12.18": ["Sergai"],
    "12.10": ["Labuhan Batu"],
    "16.73": ["Lubuklinggau"],
    "16.72": ["Pagaralam"],
    "16.06": ["Muba"],
    "16.13": ["Muratara"],
    "16.12": ["PALI"],
    "16.08": ["OKU Timur"],
    "16.09": ["OKU Selatan"],
    "16.01": ["OKU"],
    "11.12": ["Abdya"],
    "13.07": ["Limapuluh Kota"],
    "15.04": ["Batang Hari"],
    "19.71": ["Pangkalpinang"],
    "21.72": ["Tanjungpinang"],
    "62.71": ["Palangka Raya"],
    "64.02": ["Kukar"],
    "64.08": ["Kutim"],
    "64.07": ["Kubar"],
    "64.09": ["PPU"],
    "71.01": ["Bolmong"],
    "71.09": ["Sitaro", "Kepulauan Siau Tagulandang Biaro"],
    "72.04": ["Tolitoli"],
    "72.09": ["Tojo Una-Una"],
    "73.10": ["Pangkep"],
    "73.14": ["Sidrap"],
    "73.72": ["Pare-Pare"],
    "74.72": ["Baubau", "Bau-Bau"],
    "76.04": ["Polman"],
    "92.03": ["Fakfak"],
}
# Common words that an alias would collide with: never read bare.
RISKY_ALIASES = {"Solo", "Siantar", "OKU", "PALI", "PPU", "KBB", "Yogya"}


def read_wilayah(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            code, level, name = line.rstrip("\n").split("\t")
            if level == "province":
                rows.append((code, "province", name.strip()))
            elif level == "regency_or_city":
                rows.append((code, "regency" if name.startswith("Kabupaten") else "city", name.strip()))
    return rows


def base_name(name: str) -> str:
    """ "Kota Administrasi Jakarta Selatan" -> "Jakarta Selatan"; "Kep. Siau ..." -> "Kepulauan Siau ..."."""
    base = re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", name).replace("Kep. ", "Kepulauan ")
    return " ".join(base.split())


# English names of the same places, as English-language news about Indonesia writes them ("West Java",
# "South Jakarta", "East Lombok", "Riau Islands"): the direction word goes first, the islands take
# their English spelling, "Kepulauan X" becomes "X Islands".
_DIRECTIONS = {
    "Barat Daya": "Southwest",
    "Barat": "West",
    "Timur": "East",
    "Utara": "North",
    "Selatan": "South",
    "Tengah": "Central",
    "Pusat": "Central",
    "Tenggara": "Southeast",
}
_ENGLISH_SPELLING = {"Jawa": "Java", "Sumatera": "Sumatra"}
ENGLISH_ALIASES: dict[str, list[str]] = {
    "31": ["Special Capital Region of Jakarta"],
    "34": ["Special Region of Yogyakarta"],
    "95": ["Highland Papua"],
    "31.01": ["Thousand Islands"],
}


def english_forms(base: str) -> set[str]:
    """ "Jawa Barat" -> "West Java", "Kepulauan Riau" -> "Riau Islands", "Nusa Tenggara Barat" -> "West
    Nusa Tenggara"; none for a name whose remainder ends in a direction too ("Timor Tengah Selatan")."""
    words = [_ENGLISH_SPELLING.get(w, w) for w in base.split()]
    islands = words[0] == "Kepulauan" and len(words) > 1
    if islands:
        words = words[1:]
    forms = {" ".join(words) + " Islands"} if islands else set()
    for indonesian, english in _DIRECTIONS.items():
        n = len(indonesian.split())
        rest = words[:-n]
        if words[-n:] != indonesian.split() or not rest:
            continue
        if rest[-1] in _DIRECTIONS and rest[-2:] != ["Nusa", "Tenggara"]:
            return forms  # "Timor Tengah Selatan", "Aceh Barat Daya" read as "Barat" + "Daya"
        name = " ".join(rest) + (" Islands" if islands else "")
        forms.add(f"{english} {name}")
        break
    return forms


def spelling_variants(base: str) -> set[str]:
    """Spellings news uses for the same name: "Toli-Toli"/"Tolitoli", "Bau Bau"/"Baubau"."""
    forms = {base, base.replace("-", " ")}
    words = base.replace("-", " ").split()
    if len(words) == 2 and words[0] == words[1]:  # reduplicated: "Bau Bau" -> "Bau-Bau", "Baubau"
        forms |= {f"{words[0]}-{words[1]}", words[0] + words[1].lower()}
    return forms


def lowercase_shares(names: set[str], texts: list[str]) -> dict[str, tuple[int, int]]:
    """(lowercase uses, capitalised uses inside a sentence) of each single-word name."""
    counts: Counter[str] = Counter()
    for text in texts:
        for m in re.finditer(r"(?<=[a-z,] )([A-Za-z]+)", text):
            counts[m.group(1)] += 1
    return {name: (counts[name.lower()], counts[name]) for name in names if " " not in name}


def english_zipf(path: Path) -> dict[str, int]:
    zipf = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            word, _, english = line.rstrip("\n").split("\t")
            if english != "-":
                zipf[word] = int(english)
    return zipf


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wilayah", type=Path, default=DATA / "wilayah" / "wilayah.tsv.gz")
    ap.add_argument("--indosum", type=Path, default=DATA / "indosum" / "indosum.jsonl.gz")
    ap.add_argument("--out", type=Path, default=DEFAULT_TABLE)
    args = ap.parse_args()

    rows = read_wilayah(args.wilayah)
    with gzip.open(args.indosum, "rt", encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]
    training = [a["text"] for a in articles if not in_holdout(a["id"])]
    bases = {code: base_name(name) for code, level, name in rows}
    shares = lowercase_shares(set(bases.values()), training)
    zipf = english_zipf(WORD_FREQ)

    def risky(base: str) -> list[str]:
        reasons = []
        lower, upper = shares.get(base, (0, 0))
        if lower >= MIN_LOWERCASE and lower / (lower + upper) >= LOWERCASE_SHARE:
            reasons.append(f"word {lower}/{lower + upper}")
        if zipf.get(base.lower(), 0) >= ENGLISH_ZIPF:
            reasons.append(f"english {zipf[base.lower()]}")
        if base in COMMON_WORDS:
            reasons.append("word (listed)")
        if base in PERSON_NAMES:
            reasons.append("person name (listed)")
        if base in ISLANDS:
            reasons.append("island")
        return reasons

    province_names = {code: name for code, level, name in rows if level == "province"}
    out_lines = ["code\tlevel\tname\tprovince\tforms\trisky_forms\texplicit_forms"]
    flagged = 0
    for code, level, name in rows:
        base = bases[code]
        forms = spelling_variants(base) | set(ALIASES.get(code, []))
        forms |= english_forms(base) | set(ENGLISH_ALIASES.get(code, []))
        risky_forms = {f for f in forms if f in RISKY_ALIASES or (f == base and risky(base))}
        flagged += bool(risky_forms)
        for form in sorted(risky_forms):
            if form == base:
                print(f"risky {code} {form}: {', '.join(risky(base))}", file=sys.stderr)
        explicit_forms = forms & EXPLICIT_ONLY
        province = province_names[code.split(".")[0]]
        columns = [
            code,
            level,
            name,
            province,
            *("|".join(sorted(f)) for f in (forms, risky_forms, explicit_forms)),
        ]
        out_lines.append("\t".join(columns))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.out, "wb", mtime=0) as out:  # mtime 0: the same input gives the same bytes
        out.write(("\n".join(out_lines) + "\n").encode("utf-8"))
    print(f"{len(rows)} regions ({flagged} with a risky bare form) -> {args.out}")


if __name__ == "__main__":
    main()
