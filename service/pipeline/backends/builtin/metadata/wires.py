"""Wire datelines whose shape the Latin "PLACE (Agency) - " rules do not read.

- Chinese: "新华社北京11月24日电（记者张三）", "中新网北京11月24日电 (记者 李四) ", "北京，11月24日电——",
  Reuters' "路透北京11月24日 - ".
- Japanese: "東京（共同）— ", Kyodo's and Jiji's "【ワシントン共同】", "【北京時事】", the papers' "【ワシントン＝山田太郎】",
  Reuters' "［東京　２４日　ロイター］ - ".
- Korean: "(서울=연합뉴스) 홍길동 기자 = ".
- Arabic: "القاهرة (رويترز) - ", "باريس (أ ف ب) - ".
- Thai: "กรุงเทพฯ 24 พ.ย. - ".
- The agency after the date (Russian and its English services): "МОСКВА, 24 ноября — РИА Новости. ",
  "МОСКВА, 24 ноября. /ТАСС/. ", "Москва. 24 ноября. INTERFAX.RU - ".

Scripts without capitals (CJK, Arabic, Thai) have nothing that marks a place, so each of their forms
needs a date or a known agency in its brackets: "中国—东盟自由贸易区" is no dateline. Metadata and the
summary both read datelines here, so they cannot disagree. Every pattern is anchored with bounded
repeats, and the first character picks the few that can apply: a line costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.pipeline.backends.builtin.metadata.months import MONTH_DAY
from service.pipeline.backends.builtin.metadata.outlets import normalise_outlet


@dataclass(frozen=True)
class Wire:
    place: str | None
    outlet: str | None
    end: int  # where the story starts, past the dateline and the spaces after it


_SP = r"[ \t\u3000]*"  # CJK text spaces with the ideographic space too
_DASH = r"(?:——|――|--|[-–—―－])"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = r"\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_DIGIT = r"[0-9０-９]"
# Chinese: an agency's name glued before the place, the day written 11月24日, 电 ("wired"), the
# reporter in brackets. Without an agency, 电 or a dash after the date must say it is a dateline.
_ZH = re.compile(
    rf"(?P<agency>新华社|新華社|中新社|中新网|路透社?|法新社|美联社)?(?P<place>[{_HAN}]{{1,8}}?)[，,]?{_SP}"
    rf"(?:{_DIGIT}{{4}}年)?(?:{_DIGIT}{{1,2}}月)?{_DIGIT}{{1,2}}日(?P<wire>[电電])?{_SP}"
    rf"(?:[（(](?:记者|記者)[^）)\n]{{1,20}}[）)])?{_SP}(?P<dash>{_DASH})?{_SP}"
)
# Japanese and Arabic (and any uncased script): a place, then a known agency in brackets.
_UNCASED_BRACKETED = re.compile(
    rf"(?P<place>[^\W\d_]{{1,25}}(?: [^\W\d_]{{1,25}}){{0,2}}?){_SP}[（(](?P<agency>[^()（）\n]{{1,20}})[）)]"
    rf"{_SP}(?:{_DASH})?{_SP}"
)
# "【ワシントン共同】", "【北京時事】", "【ワシントン＝共同】", "【ワシントン＝山田太郎】" (the paper's reporter).
_JA_LENTICULAR = re.compile(
    rf"【(?P<place>[{_HAN}{_KANA}]{{1,10}}?)(?:(?P<agency>共同|時事)|[＝=](?P<who>[^【】\n]{{1,15}}))】{_SP}"
)
_JA_REUTERS = re.compile(
    rf"[［\[](?P<place>[{_HAN}{_KANA}]{{1,10}}){_SP}{_DIGIT}{{1,2}}日{_SP}(?P<agency>ロイター)[］\]]{_SP}{_DASH}?{_SP}"
)
# Korean: "(서울=연합뉴스) 홍길동 기자 = ", "(서울=뉴스1) 홍길동 기자 = ".
_KO = re.compile(
    r"\((?P<place>[가-힣]{1,8})[=＝](?P<agency>[^()\n=]{1,10})\)[ \t]*"
    r"(?:[가-힣]{2,4}(?: [가-힣]{2,4}){0,2} ?(?:기자|특파원) ?[=＝][ \t]*)?"
)
_TH_MONTH = r"(?:ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.)"
_TH = re.compile(rf"(?P<place>[\u0e01-\u0e4e]{{2,25}}) \d{{1,2}} {_TH_MONTH}(?: \d{{2,4}})?[ \t]*-[ \t]*")
# The agency after the place and date: RIA's "— РИА Новости." (a reporter may follow: ", Иван
# Петров."), TASS's ". /ТАСС/.", Interfax's ". INTERFAX.RU - ".
# Possessive: a sentence's first words are read once, not again at every shorter length.
_PLACE_DATE = rf"(?P<place>[^\W\d_]{{2,25}}+(?:[ -][^\W\d_]{{2,25}}+){{0,2}}+)[.,][ \t]+(?:{MONTH_DAY})"
_AGENCY_AFTER = re.compile(
    _PLACE_DATE + r"(?:"
    r"[ \t]*[—–-][ \t]*(?P<ria>[^\W\d_][^\W\d_ ]{0,15}(?: [^\W\d_]{1,15}){0,2})(?:, [^.\n]{1,40})?\."
    r"|\.[ \t]*/(?P<tass>[^/\n]{1,20})/\.?"
    r"|\.[ \t]+(?P<interfax>[^\s.]{2,15}(?:\.[A-Za-z]{2,3})?)[ \t]*[—–-]"
    r")(?:[ \t]+|$)"
)


def match_wire(text: str) -> Wire | None:
    """The wire dateline `text` opens with (no leading spaces), or None."""
    first = text[:1]
    if not first:
        return None
    if first.isupper():
        return _agency_after(text)
    if first in "【［[":
        return _lenticular(text)
    if first == "(":
        return _korean(text)
    if first.isalpha() and not first.islower():  # an uncased script: no capitals mark its place
        return _chinese(text) or _uncased_bracketed(text) or _thai(text)
    return None


def _agency_after(text: str) -> Wire | None:
    m = _AGENCY_AFTER.match(text)
    if m is None:
        return None
    outlet = normalise_outlet(m["ria"] or m["tass"] or m["interfax"])
    if outlet is None:
        return None  # "Россия, 24 ноября — Путин ..." is not signed by an agency
    place = m["place"]
    if not all(w[0].isupper() for w in place.replace("-", " ").split()):
        return None
    return Wire(place.title() if place.isupper() else place, outlet, m.end())


def _chinese(text: str) -> Wire | None:
    m = _ZH.match(text)
    if m is None or not (m["agency"] or m["wire"] or m["dash"]):
        return None
    return Wire(m["place"], normalise_outlet(m["agency"]) if m["agency"] else None, m.end())


def _uncased_bracketed(text: str) -> Wire | None:
    m = _UNCASED_BRACKETED.match(text)
    outlet = normalise_outlet(m["agency"]) if m else None
    return Wire(m["place"], outlet, m.end()) if m and outlet else None


def _lenticular(text: str) -> Wire | None:
    m = _JA_LENTICULAR.match(text) or _JA_REUTERS.match(text)
    if m is None:
        return None
    agency = m["agency"] or m.groupdict().get("who")
    return Wire(m["place"], normalise_outlet(agency) if agency else None, m.end())


def _korean(text: str) -> Wire | None:
    m = _KO.match(text)
    outlet = normalise_outlet(m["agency"]) if m else None
    return Wire(m["place"], outlet, m.end()) if m and outlet else None


def _thai(text: str) -> Wire | None:
    m = _TH.match(text)
    return Wire(m["place"], None, m.end()) if m else None
