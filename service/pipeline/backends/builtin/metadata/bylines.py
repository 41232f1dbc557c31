"""Bylines and credits: who wrote an article and who edited it.

Labelled fields ("Editor : Anton Suhartono", "Penulis: Antara", "Redaktur: Marcellus Widiarto",
"Pewarta: ...", "Reporter: ..."), a leading "oleh Tommy K. Rony", "Laporan Wartawan Tribunnews.com,
Name", and closing credits "(Tribunnews.com/Farrah Putri)". A credit that ends a photo or graphic
caption ("Infografis ... (Liputan6.com/Trieyasni)") names the photographer, not the writer.
Initials that close many stories ("(rsa / rsa)", "[cob]") are desk codes, not names, and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.pipeline.backends.builtin.metadata.dates import MONTHS, WEEKDAYS
from service.pipeline.backends.builtin.metadata.outlets import normalise_outlet

MAX_LINE_CHARS = 2000

# A personal name: capitalised words and initials ("Tommy K. Rony", "A.M. Fatwa", "Farrah Putri"),
# with the particles names carry; at most eight words, so matching stays linear.
_NAME_WORD = r"(?:[A-Z][A-Za-z'’-]*\.?|[A-Z]\.(?:[A-Z]\.)*)"
_PARTICLE = r"(?:bin|binti|van|de|al|el|da|di)"
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_WORD}){{0,7}}"
_WHOLE_NAME = re.compile(_NAME)  # compiled at import: at first use it cost the first article ~0.6 ms
_NAMES = rf"(?P<names>{_NAME}(?:[ \t]*(?:,|&|\bdan\b|\band\b)[ \t]*{_NAME}){{0,3}})"

_AUTHOR_LABELS = (
    r"penulis|reporter|pewarta|wartawan|kontributor|koresponden|author|writer|ditulis oleh|written by"
)
_EDITOR_LABELS = r"editor|redaktur|penyunting|editing|disunting oleh|edited by"
_LABEL = rf"(?i:(?P<label>{_AUTHOR_LABELS}|{_EDITOR_LABELS}))"
_DOMAIN = r"[\w.-]+\.(?:com|id|net)"
# Only a colon makes a label a field, so "editor majalah Tempo" in a sentence is not one.
_LABELLED = re.compile(rf"(?<![\w]){_LABEL}[ \t]*:[ \t]*{_NAMES}")
# Tribun's "Laporan Wartawan Tribunnews.com, Ilham Rian Pratama" opening a line.
_REPORT = re.compile(
    rf"^[ \t]*(?i:laporan[ \t]+(?:wartawan|reporter|koresponden|kontributor))"
    rf"(?:[ \t]+(?P<outlet>{_DOMAIN}))?[ \t]*,?[ \t]*{_NAMES}"
)
# "oleh Tommy K. Rony diperbarui ..." / "Oleh: Tommy" / "By Jane Doe" opening a line.
_BY = re.compile(rf"^[ \t]*(?i:oleh|by)\b[ \t]*:?[ \t]*{_NAMES}")
# What may follow a byline's names on its line: nothing, a field or a date (_STOP_WORDS), a separator,
# a date's digits, or the outlet written for ("By Jane Doe for MailOnline"). Anything else goes on
# with a sentence that opens with the word: "By Monday, India was in crisis mode", "Oleh PDIP, Gus
# Ipul dipasangkan dengan ..." (the party that paired him).
_AFTER_BYLINE = re.compile(r"[ \t]*(?:$|[|\-–—•(]|,?[ \t]*\d)|[ \t]+(?i:for|untuk|dari)[ \t]+[A-Z]")
# Days and months open sentences after "By" ("By Friday, ...", "By March 2024 ..."); nobody is called so.
_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)
# "(Tribunnews.com/Farrah Putri)", "(Kompas.com/Nama / Editor)".
_CREDIT = re.compile(r"\((?P<outlet>[^()/\n]{2,40})/(?P<name>[^()/\n]{2,60})\)[ \t.]*$")
# "(Antara)", "(Reuters)" closing a story: the agency wrote it.
_AGENCY_CREDIT = re.compile(r"\((?P<outlet>[A-Za-z][\w .-]{1,30})\)[ \t.]*$")
# The wires' closing credits: "(Reporting by Maria Gonzalez in Jakarta; Additional reporting by Budi
# Santoso; Editing by John Smith and Jane Doe)". Each part names its role, the names, maybe places.
_WIRE_ROLE = r"(?:additional[ \t]+)?(?:reporting|writing|editing|compiled|reported|written|edited)"
_WIRE_CREDIT = re.compile(
    rf"^[ \t]*\((?P<parts>(?i:{_WIRE_ROLE})[ \t]+(?i:by)[ \t]+[^()\n]{{2,300}})\)[ \t.]*$"
)
_WIRE_PART = re.compile(rf"^[ \t]*(?P<role>(?i:{_WIRE_ROLE}))[ \t]+(?i:by)[ \t]+(?P<names>[^;]+)")
_WIRE_PLACE = re.compile(r"[ \t]+in[ \t]+[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*)*")
_CAPTION = re.compile(r"^[ \t]*(?:infografis|infografik|foto|ilustrasi|grafis|video|sumber)\b", re.I)
_PHOTO = re.compile(r"\b(?:foto|photo|ilustrasi|dok\.?|istimewa)\b", re.I)
# Words a name run must not swallow: the next field on the same line, or the date after a byline.
_STOP_WORDS = re.compile(
    rf"\s+(?:(?:{_AUTHOR_LABELS}|{_EDITOR_LABELS}|diperbarui|diterbitkan|dipublikasikan|diposting|"
    r"update|updated|published|posted|senin|selasa|rabu|kamis|jumat|sabtu|minggu|pada)\b|\|).*$",
    re.I,
)
_EDITOR = re.compile(rf"^(?:{_EDITOR_LABELS})$", re.I)


@dataclass
class Bylines:
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    credit_outlets: list[str] = field(default_factory=list)  # outlets named in writer credits


# A closing credit ends the story: the last line of at least this many characters (a paragraph,
# not a menu item or tag) is the only one whose trailing credit is read. Shorter lines in the seeds'
# and IndoSum's tails are navigation ("Rekomendasi", "Tag Terkait:").
MIN_PARAGRAPH_CHARS = 60

_AGENCIES = {"Antara", "Reuters", "AFP", "AP", "Xinhua", "Anadolu", "Bernama", "Yonhap"}


def find_bylines(lines: list[str]) -> Bylines:
    found = Bylines()
    last_paragraph = max(
        (
            i
            for i, line in enumerate(lines)
            if len(line.strip()) >= MIN_PARAGRAPH_CHARS and not _CAPTION.match(line)
        ),
        default=-1,
    )
    for index, raw in enumerate(lines):
        line = raw[:MAX_LINE_CHARS]
        by = _BY.match(line)
        if by is not None and _is_byline(line[by.end() :]):
            _add(found.authors, [n for n in _split_names(by["names"]) if n.lower() not in _CALENDAR])
        report = _REPORT.match(line)
        if report is not None:
            _add(found.authors, _split_names(report["names"]))
            if report["outlet"] and (outlet := normalise_outlet(report["outlet"])):
                _add(found.credit_outlets, [outlet])
        # A field needs its colon: lines without one (most of a story) skip the label scan.
        for m in _LABELLED.finditer(line) if ":" in line else ():
            names = _split_names(m["names"])
            if _EDITOR.match(m["label"]):
                _add(found.editors, names)
            else:
                _add(found.authors, names)
        if (wire := _WIRE_CREDIT.match(line)) is not None:
            _read_wire_credit(wire["parts"], found)
            continue
        standalone = line.strip().startswith("(")
        if standalone or index == last_paragraph:
            _read_credit(line, found)
    return found


def _is_byline(rest: str) -> bool:
    """Whether what follows "By"/"Oleh" and the names ends a byline rather than going on with a sentence."""
    return _AFTER_BYLINE.match(rest) is not None or _STOP_WORDS.match(rest) is not None


def _read_credit(line: str, found: Bylines) -> None:
    """A writer credit closing the story: "(Tribunnews.com/Farrah Putri)" or an agency's "(Antara)"."""
    if _CAPTION.match(line) or _PHOTO.search(line[-80:]):
        return
    credit = _CREDIT.search(line)
    if credit is not None:
        outlet = normalise_outlet(credit["outlet"])
        name = credit["name"].strip()
        if outlet is not None and _WHOLE_NAME.fullmatch(name) and normalise_outlet(name) is None:
            _add(found.authors, [name])
            _add(found.credit_outlets, [outlet])
        return
    agency = _AGENCY_CREDIT.search(line)
    if agency is not None and (name := normalise_outlet(agency["outlet"])) in _AGENCIES:
        _add(found.authors, [name])


def _read_wire_credit(parts: str, found: Bylines) -> None:
    """ "Reporting by X in Jakarta; Writing by Y; Editing by Z": editors for "Editing", else writers."""
    for part in parts.split(";"):
        m = _WIRE_PART.match(part)
        if m is None:
            continue
        names = [n for n in _split_names(_WIRE_PLACE.sub("", m["names"])) if _WHOLE_NAME.fullmatch(n)]
        _add(found.editors if "edit" in m["role"].lower() else found.authors, names)


def _split_names(names: str) -> list[str]:
    names = _STOP_WORDS.sub("", names)
    parts = (p.strip(" \t,") for p in re.split(r"[ \t]*(?:,|&|\bdan\b|\band\b)[ \t]*", names))
    # "Rony." loses the full stop that ended a sentence; an initial ("Tommy K.") keeps its own.
    return [p[:-1] if p.endswith(".") and len(p.split()[-1]) > 2 else p for p in parts if p]


def _add(into: list[str], names: list[str]) -> None:
    for name in names:
        if name and name not in into:
            into.append(name)
