"""Publication dates written in an article's header or byline, as ISO 8601.

"15 Jun 2024 : 02.02", "oleh ... diperbarui 15 Sep 2023, 21:34 WIB", "Sabtu, 15 Juni 2024 - 02:02 WIB",
"15/06/2024 14:30 WITA". Month and weekday names come from dateparser's Indonesian and English locale
data. Those parts are read with one regular expression; dateparser's own parser (about 4 ms a call on
this machine, 700 ms the first time) runs only on a labelled date ("Diterbitkan: ...") that the
expression cannot read, so a worker pays nothing for it on the usual article.
Dates inside sentences ("Jumat (14/6/2024)") are when things happened, not publication: only a
line that is a date, or a date after a publication label, counts.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

# Indonesian zones (WIB, WITA, WIT) and the offsets pages print.
ZONES = {"wib": 7, "wita": 8, "wit": 9, "utc": 0, "gmt": 0, "z": 0}

_MONTH_KEYS = (
    "january february march april may june july august september october november december"
).split()
_WEEKDAY_KEYS = "monday tuesday wednesday thursday friday saturday sunday".split()


def _locale_info(code: str) -> dict[str, Any]:
    """dateparser's locale data (a plain dict module) read without importing dateparser itself,
    whose import costs a worker 0.5 s and 14 MB (measured) for a parser the usual article never needs."""
    spec = importlib.util.find_spec("dateparser")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("dateparser is not installed (requirements.txt pins it)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "date_translation_data" / f"{code}.py"
    module_spec = importlib.util.spec_from_file_location(f"_dateparser_locale_{code}", path)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"dateparser locale data {path} is missing")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    info: dict[str, Any] = module.info
    return info


def _locale_words(keys: list[str]) -> dict[str, int]:
    words: dict[str, int] = {}
    locales = (_locale_info("id"), _locale_info("en"))
    for number, key in enumerate(keys, start=1):
        for locale in locales:
            for word in locale[key]:
                if word.isalpha() and len(word) >= 3:
                    words[word.casefold()] = number
        words[key] = number
    return words


MONTHS = _locale_words(_MONTH_KEYS)
WEEKDAYS = _locale_words(_WEEKDAY_KEYS)

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_TIME = (
    r"(?:[ \t]*(?:,|\||-|–|:|/|pukul|jam|at|@)?[ \t]*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
    r"(?:[:.](?P<second>\d{2}))?(?:[ \t]*(?P<ampm>am|pm))?)?"
)
_ZONE = r"(?:[ \t]*\(?(?P<zone>wib|wita|wit|utc|gmt|z)\b\)?(?:[ \t]*(?P<sign>[+-])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?)?"
_DATE_WORDS = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})[ \t]+(?P<month>{_MONTH})\.?,?[ \t]+(?P<year>(?:19|20)\d{{2}})(?!\d){_TIME}{_ZONE}",
    re.I,
)
_DATE_NUMBERS = re.compile(
    rf"(?<![\d/])(?P<day>\d{{1,2}})[/.-](?P<month>\d{{1,2}})[/.-](?P<year>(?:19|20)\d{{2}})(?![\d/]){_TIME}{_ZONE}",
    re.I,
)
_DATE_ISO = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?"
    r"(?P<iso_zone>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
# Publication labels only: "tanggal", "terbit" and "tayang" also date events in sentences.
_LABEL_WORDS = r"diperbarui|diterbitkan|dipublikasikan|diposting|dipublikasi|published|updated|posted"
_LABEL = re.compile(rf"\b(?:{_LABEL_WORDS})\b", re.I)
# What may stand beside a date on a line of its own: weekday names, separators, zone, labels.
_FILLER = re.compile(rf"\b(?:{_WEEKDAY}|{_LABEL_WORDS}|pukul|jam|waktu)\b|[\W\d_]", re.I)
MAX_FILLER_LETTERS = 12  # "Diperbarui" (10) and a weekday fit; a sentence does not
MAX_DATE_LINE_CHARS = 120
# A labelled date is a byline or header ("oleh X diperbarui 15 Sep 2023, 21:34 WIB", 55 chars), not a
# paragraph; the date follows its label closely.
MAX_LABELLED_LINE_CHARS = 200
MAX_LABEL_TO_DATE_CHARS = 40
MAX_LINE_CHARS = 2000


def find_published_at(lines: list[str]) -> str | None:
    """The first publication date the lines give, ISO 8601; None when there is none."""
    for raw in lines:
        line = raw[:MAX_LINE_CHARS]
        length = len(line.strip())
        labelled = _LABEL.search(line) if length <= MAX_LABELLED_LINE_CHARS else None
        if labelled is None and length > MAX_DATE_LINE_CHARS:
            continue
        for pattern in (_DATE_WORDS, _DATE_NUMBERS, _DATE_ISO):
            m = pattern.search(line, labelled.end() if labelled else 0)
            if m is None:
                continue
            if labelled is None and not _is_date_line(line, m):
                break
            if labelled is not None and m.start() - labelled.end() > MAX_LABEL_TO_DATE_CHARS:
                continue
            iso = _iso(m)
            if iso is not None:
                return iso
        if labelled is not None:
            iso = _parse_with_dateparser(line[labelled.end() : labelled.end() + 60])
            if iso is not None:
                return iso
    return None


def _is_date_line(line: str, m: re.Match[str]) -> bool:
    rest = line[: m.start()] + " " + line[m.end() :]
    return sum(c.isalpha() for c in _FILLER.sub(" ", rest)) <= MAX_FILLER_LETTERS


def _iso(m: re.Match[str]) -> str | None:
    parts = m.groupdict()
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.casefold().rstrip("."), 0)
    try:
        day = datetime(int(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None
    if parts.get("hour") is None:
        return day.date().isoformat()
    hour, minute, second = int(parts["hour"]), int(parts["minute"]), int(parts.get("second") or 0)
    ampm = (parts.get("ampm") or "").casefold()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        stamp = day.replace(hour=hour, minute=minute, second=second)
    except ValueError:
        return day.date().isoformat()
    zone = _zone(parts)
    return (stamp.replace(tzinfo=zone) if zone is not None else stamp).isoformat()


def _zone(parts: dict[str, Any]) -> timezone | None:
    if parts.get("iso_zone"):
        text = parts["iso_zone"]
        if text == "Z":
            return UTC
        sign = -1 if text[0] == "-" else 1
        digits = text[1:].replace(":", "")
        return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    name = (parts.get("zone") or "").casefold()
    if not name:
        return None
    hours = ZONES[name]
    if parts.get("oh"):
        sign = -1 if parts["sign"] == "-" else 1
        hours = sign * int(parts["oh"])
        minutes = sign * int(parts.get("om") or 0)
        return timezone(timedelta(hours=hours, minutes=minutes))
    return timezone(timedelta(hours=hours))


_parser_lock = threading.Lock()
_parser: Any = None


def _parse_with_dateparser(text: str) -> str | None:
    """dateparser on a labelled date the expressions could not read; absolute dates only."""
    global _parser
    if not re.search(r"\d", text):
        return None
    with _parser_lock:
        if _parser is None:
            from dateparser.date import DateDataParser  # type: ignore[import-untyped]

            _parser = DateDataParser(
                languages=["id", "en"],  # no language detection, so nothing else is loaded
                settings={
                    "PARSERS": ["absolute-time"],  # "3 jam lalu" needs a reference time we lack
                    "REQUIRE_PARTS": ["day", "month", "year"],
                    "DATE_ORDER": "DMY",
                    "RETURN_AS_TIMEZONE_AWARE": False,
                },
            )
        parser = _parser
    zone = re.search(r"\b(wib|wita|wit)\b", text, re.I)
    cleaned = re.sub(r"\b(wib|wita|wit)\b", " ", text, flags=re.I).strip(" \t:|,-")
    data = parser.get_date_data(cleaned)
    if data is None or data.date_obj is None:
        return None
    stamp: datetime = data.date_obj
    if data.period != "day" or ((stamp.hour, stamp.minute, stamp.second) == (0, 0, 0) and zone is None):
        return stamp.date().isoformat()
    if zone is not None:
        stamp = stamp.replace(tzinfo=timezone(timedelta(hours=ZONES[zone.group(1).casefold()])))
    return stamp.isoformat()
