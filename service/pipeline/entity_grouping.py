"""Group entity mentions per real-world thing, whichever backend found them.

Generic rules only: the same normalised text, whatever its case (a dateline "SEOUL" and
"Seoul" are one place) and, for an organisation, whatever its legal form ("PT Pertamina
(Persero)", "PT Pertamina" and "Pertamina"; "Tesla Inc" and "Tesla"); an abbreviation defined in parentheses
("Korea Utara (Korut)", and every later "Korut"); a surname or first name alone ("Campbell")
joining the one full PERSON name that contains it, or, when several do ("Kim"), the one
mentioned last before it; a company's short name ("Disney") joining the one company named with
its legal form ("Walt Disney Co."), whose type that legal form then sets.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Container
from dataclasses import dataclass

from service.pipeline.document import Entity, Mention
from service.pipeline.text import standalone


@dataclass
class Span:
    text: str
    start: int
    end: int
    type: str
    score: float


_SEPARATORS = re.compile(r"[\s\-‐–]+")


def _norm(text: str) -> str:
    return _fold(_SEPARATORS.sub("", text.lower()))


def _fold(text: str) -> str:
    """One apostrophe for the straight and the curly (U+2019) one: "O'Brien" written both ways."""
    return text.replace("\u2019", "'")


# The letters that open a football club's name as clubs write them ("AC Milan", "OGC Nice").
CLUB_LETTERS = frozenset("AC ACF SSC OGC RCD FSV SSV VfB VfL TSG".split())
# Words that open a club's name before its town ("Real Madrid", "Athletic Bilbao", "Inter Milan"),
# as CLUB_LETTERS do; unlike those letters, they are part of what it is called.
CLUB_WORDS = frozenset(
    "Real Atletico Athletic Inter Sporting Olympique Borussia Dynamo Dinamo Spartak Lokomotiv".split()
)
# Words that end a sports club's name ("Manchester United", "Blackburn Rovers", "Queens Park
# Rangers"). "City", "Town" and "County" end as many places ("Kansas City", "Cape Town", "Franklin
# County"): CLUB_CLOSERS make a club only in a story about a sport, with a town no place list
# holds under that name ("Hull City"; one_sense.clubs_by_their_cues).
CLUB_TAILS = frozenset("united rovers wanderers albion hotspur athletic athletics rangers".split())
CLUB_CLOSERS = frozenset("city town county".split())
# Words of a company's legal form (Indonesian "PT ... Tbk", "(Persero)"; "Inc", "Corp", "Group"),
# and a football club's "FC" or opening letters: no part of what it is called ("Arema FC" is
# "Arema", "AC Milan" is "Milan"), so they do not keep its mentions apart, and a name with one is
# an organisation.
LEGAL_FORMS = frozenset(
    "pt tbk persero inc incorporated corp corporation co ltd limited llc plc group holdings fc afc".split()
) | {letters.lower() for letters in CLUB_LETTERS}


# Words that name an Indonesian region's level before its name: "Kota Bekasi", "Kabupaten Bogor".
REGION_PREFIXES = frozenset("kota kabupaten kab provinsi propinsi".split())
# Words that name a landmark's kind before its name, which the news drops on later mentions:
# "Candi Borobudur" then "Borobudur", "Gunung Agung" then "Agung", "Danau Toba" then "Toba". Not
# "Teluk" or "Selat": "Teluk Jakarta" is the bay, "Jakarta" the city.
LANDMARK_PREFIXES = frozenset("candi gunung danau pulau sungai pantai".split())
_NAMED_WITH_KIND = REGION_PREFIXES | LANDMARK_PREFIXES


def without_legal_form(name: str) -> str:
    """The name without the legal-form words at its ends; the name itself when nothing else is left."""
    words = name.split()
    bare = [w.strip(".,()").lower() for w in words]
    a, b = 0, len(words)
    while a < b and bare[a] in LEGAL_FORMS:
        a += 1
    while b > a and bare[b - 1] in LEGAL_FORMS:
        b -= 1
    return " ".join(words[a:b]) if a < b else name


def _has_legal_form(name: str) -> bool:
    return without_legal_form(name) != name


def _is_club(name: str) -> bool:
    """A name that opens or ends with a club's word ("Olympique Lyon", "Bali United")."""
    words = name.split()
    return len(words) > 1 and (words[0] in CLUB_WORDS or words[-1].lower() in CLUB_TAILS)


def _only_legal_form(name: str) -> bool:
    """ "Persero" of "PT Pertamina (Persero)": a legal form, no organisation of its own."""
    return all(w.strip(".,()").lower() in LEGAL_FORMS for w in name.split())


ACRONYM_LETTERS = 4  # a name in capitals this short may be an acronym ("NTB", "DKI"): kept as written
_PAREN = re.compile(r"\s*\(\s*([^()]{1,60}?)\s*\)")


def _is_abbr(short: str, long: str) -> bool:
    """ "Korut" abbreviates "Korea Utara": same first letter, letters appear in order, short token."""
    if " " in short or not (1 < len(short) <= 10) or not short[:1].isupper() or len(long) <= len(short):
        return False
    s, lng = short.lower(), _norm(long)
    if s[0] != lng[0]:
        return False
    pos = 0
    for ch in s:
        pos = lng.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


def group_mentions(
    text: str,
    spans: list[Span],
    not_names: frozenset[str] = frozenset(),
    places: Container[str] = frozenset(),
) -> list[Entity]:
    """Entities ordered by first mention. `not_names`: lowercased words (known places and
    organisations) that never join a person's name on their own; `places`: lowercased place names
    that are no person's full name, whatever a word of theirs is elsewhere ("United Arab Emirates"
    and the airline "Emirates" read as a person)."""
    spans = [sp for sp in spans if not _only_legal_form(sp.text)]
    spans = spans + _abbreviation_mentions(text, spans)
    return _group(text, spans, not_names, places)


def _abbreviation_mentions(text: str, spans: list[Span]) -> list[Span]:
    """Every occurrence of an abbreviation defined as "Long Name (Abbr)" is a mention too."""
    taken = {(s.start, s.end) for s in spans}
    extra: list[Span] = []
    for sp in spans:
        m = _PAREN.match(text, sp.end)
        if not m or not _is_abbr(m.group(1), sp.text):
            continue
        abbr = m.group(1)
        for start, _ in standalone(text, [abbr]):
            end = start + len(abbr)
            if (start, end) not in taken and not _inside(start, spans):
                taken.add((start, end))
                extra.append(Span(abbr, start, end, sp.type, sp.score))
    return extra


def _inside(pos: int, spans: list[Span]) -> bool:
    return any(s.start <= pos < s.end for s in spans)


def _group(text: str, spans: list[Span], not_names: frozenset[str], places: Container[str]) -> list[Entity]:
    spans = sorted(spans, key=lambda s: s.start)
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        while parent.get(i, i) != i:
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # root = earliest mention

    norms = {form: _norm(form) for form in {sp.text for sp in spans}}  # mentions repeat forms
    parts = [_parts(sp.text) for sp in spans]
    full = _full_names(spans, parts, places)
    shared = _shared_parts(spans, parts, full, norms, not_names)
    keys = [
        _norm(without_legal_form(sp.text)) if sp.type == "ORGANIZATION" else norms[sp.text] for sp in spans
    ]
    datelines = {i for i, sp in enumerate(spans) if _opens_a_line_in_capitals(text, sp)}
    by_key: dict[str, int] = {}
    for i, key in enumerate(keys):
        if i not in shared and i not in datelines:
            union(i, by_key.setdefault(key, i))
    _link_abbreviations(text, spans, keys, by_key, union)
    _link_name_parts(spans, parts, full, find, union, not_names)
    _link_company_names(spans, find, union, not_names)
    _link_region_names(spans, find, union)
    _link_to_nearest(spans, shared, union)

    if datelines:
        _link_datelines(spans, keys, datelines, [find(i) for i in range(len(spans))], union)
    groups: dict[int, list[Span]] = {}
    for i, sp in enumerate(spans):
        groups.setdefault(find(i), []).append(sp)
    return [_entity(g, norms) for _, g in sorted(groups.items())]


def _opens_a_line_in_capitals(text: str, sp: Span) -> bool:
    """A place in capitals opening a line, as a dateline writes it ("BOLOGNA, JUARA.net - "); not
    an acronym in the text ("RSPAD", "TAFISA")."""
    if sp.type != "LOCATION" or not sp.text.isupper() or len(sp.text) <= ACRONYM_LETTERS:
        return False
    line_start = text.rfind("\n", 0, sp.start) + 1
    return not text[line_start : sp.start].strip()


def _link_datelines(
    spans: list[Span],
    keys: list[str],
    datelines: set[int],
    roots: list[int],
    union: Callable[[int, int], None],
) -> None:
    """A dateline's place joins the mentions of its text only where they name a place: sports
    news files "BOLOGNA, JUARA.net -" and then calls the club "Bologna" (and "Bologna FC"), which
    must not make the city a club, nor the club a city. With no such place it stays one of its own
    (with the other capital forms of its text)."""
    groups: dict[int, list[Span]] = {}
    for i, root in enumerate(roots):
        if i not in datelines:
            groups.setdefault(root, []).append(spans[i])
    places: dict[str, int] = {}
    for i, root in enumerate(roots):
        if i not in datelines and _group_type(groups[root]) == "LOCATION":
            places.setdefault(keys[i], i)
    seen: dict[str, int] = {}
    for i in sorted(datelines):
        union(i, places.get(keys[i], seen.setdefault(keys[i], i)))


def _link_abbreviations(
    text: str,
    spans: list[Span],
    keys: list[str],
    by_key: dict[str, int],
    union: Callable[[int, int], None],
) -> None:
    """ "Korea Utara (Korut)" and "Korut (Korea Utara)": both forms name one thing."""
    for sp, key in zip(spans, keys, strict=True):
        m = _PAREN.match(text, sp.end)
        if not m:
            continue
        inner, own = by_key.get(_norm(m.group(1))), by_key.get(key)
        if (
            inner is not None
            and own is not None
            and (_is_abbr(m.group(1), sp.text) or _is_abbr(sp.text, m.group(1)))
        ):
            union(own, inner)


def _full_names(spans: list[Span], parts: list[list[str]], places: Container[str]) -> list[int]:
    """Mentions of a full name: several parts, and a PERSON (or with a part that is one alone:
    "Presiden Rusia, Vladimir Putin" read once as a place still counts, unless a known place)."""
    people = {sp.text for sp, p in zip(spans, parts, strict=True) if sp.type == "PERSON" and len(p) == 1}
    return [
        i
        for i, (sp, p) in enumerate(zip(spans, parts, strict=True))
        if len(p) > 1 and (sp.type == "PERSON" or (people.intersection(p) and sp.text.lower() not in places))
    ]


def _shared_parts(
    spans: list[Span],
    parts: list[list[str]],
    full: list[int],
    norms: dict[str, str],
    not_names: frozenset[str],
) -> dict[int, list[int]]:
    """PERSON mentions of one word that is part of several people's full names ("Kim" beside "Kim
    Jong Un" and "Kim Hong-kyun"), with those names' mentions: each means the name nearest it, so
    they are not grouped by their text."""
    people = [j for j in full if spans[j].type == "PERSON"]
    out: dict[int, list[int]] = {}
    for i, (sp, p) in enumerate(zip(spans, parts, strict=True)):
        if len(p) == 1 and sp.type == "PERSON" and sp.text.lower() not in not_names:
            owners = [j for j in people if _fold(sp.text) in parts[j]]
            if len({norms[spans[j].text] for j in owners}) > 1:
                out[i] = owners
    return out


def _link_to_nearest(
    spans: list[Span], shared: dict[int, list[int]], union: Callable[[int, int], None]
) -> None:
    """ "Kim" joins the full name containing it that was mentioned last before it (the one
    mentioned first after it, at the article's start): news names a person in full, then short."""
    for i, owners in shared.items():
        before = [j for j in owners if spans[j].start < spans[i].start]
        union(
            i,
            max(before, key=lambda j: spans[j].start)
            if before
            else min(owners, key=lambda j: spans[j].start),
        )


def _link_name_parts(
    spans: list[Span],
    parts: list[list[str]],
    full: list[int],
    find: Callable[[int], int],
    union: Callable[[int, int], None],
    not_names: frozenset[str],
) -> None:
    """A lone "Campbell" / "Yoon" joins the full PERSON name containing that word (a word in
    several names is _link_to_nearest's). A full name mistyped once ("Presiden Rusia, Vladimir
    Putin" read as a place) still counts when its parts are people elsewhere; the group's majority
    type then sets it right."""
    singles: dict[str, int] = {}
    for i, (sp, p) in enumerate(zip(spans, parts, strict=True)):
        if len(p) == 1 and sp.text.lower() not in not_names:
            singles.setdefault(_fold(sp.text), i)
    for word, i in singles.items():
        owners = {find(j) for j in full if word in parts[j]}
        if len(owners) == 1:
            union(i, owners.pop())
    # A shorter full name inside a longer one ("Lucyna Kuziel", "Kuziel-Zawalich" and "Lucyna
    # Kuziel-Zawalich"): the same rule, on a run of name parts.
    for i, (sp, p) in enumerate(zip(spans, parts, strict=True)):
        if len(p) > 1 and sp.type == "PERSON":
            owners = {find(j) for j in full if len(parts[j]) > len(p) and _contains_run(parts[j], p)}
            if len(owners) == 1:
                union(i, owners.pop())


def _link_company_names(
    spans: list[Span],
    find: Callable[[int], int],
    union: Callable[[int, int], None],
    not_names: frozenset[str],
) -> None:
    """A lone "Disney" (read as a person or an organisation) joins the one company named with its
    legal form whose name opens or ends with that word ("Walt Disney Co.", "Wistron Corp",
    "Toyota Motor Corp"), or the one club named with a club's word ("Olympique Lyon"): news names
    a company or a club in full, then short."""
    companies: dict[str, set[int]] = {}
    for i, sp in enumerate(spans):
        if sp.type == "ORGANIZATION" and (_has_legal_form(sp.text) or _is_club(sp.text)):
            words = _parts(without_legal_form(sp.text))
            for word in {words[0], words[-1]} if words else ():  # "-" alone has no word
                companies.setdefault(word, set()).add(i)
    for i, sp in enumerate(spans):
        if (
            sp.type in ("PERSON", "ORGANIZATION")
            and " " not in sp.text
            and (sp.type == "ORGANIZATION" or sp.text.lower() not in not_names)
            and not _only_legal_form(sp.text)
        ):
            owners = {find(j) for j in companies.get(sp.text, ())}
            if len(owners) == 1:
                union(i, owners.pop())


def _link_region_names(
    spans: list[Span], find: Callable[[int], int], union: Callable[[int, int], None]
) -> None:
    """A bare "Bekasi" joins "Kota Bekasi" when the article names only one region so ("Kota
    Bekasi" and "Kabupaten Bekasi" are two, and a bare name then stays apart); so does a bare
    "Borobudur" join "Candi Borobudur"."""
    regions: dict[str, set[int]] = {}
    for i, sp in enumerate(spans):
        rest = _after_kind(sp.text, _NAMED_WITH_KIND)
        if sp.type == "LOCATION" and rest:
            regions.setdefault(_norm(rest), set()).add(i)
    for i, sp in enumerate(spans):
        owners = {find(j) for j in regions.get(_norm(sp.text), ())} if sp.type == "LOCATION" else set()
        if len(owners) == 1:
            union(i, owners.pop())


def _contains_run(long: list[str], short: list[str]) -> bool:
    n = len(short)
    return any(long[k : k + n] == short for k in range(len(long) - n + 1))


def _parts(name: str) -> list[str]:
    return [p for p in _SEPARATORS.split(_fold(name)) if p]


def _entity(group: list[Span], norms: dict[str, str]) -> Entity:
    """The longest form names the entity; of forms as long, one in mixed case before one in
    capitals ("Seoul", not the dateline's "SEOUL"), then the earliest. `norms`: _norm per form."""
    canonical = max(group, key=lambda s: (len(norms[s.text]), not s.text.isupper(), -s.start)).text
    mentions = [Mention(s.text, s.start, s.end) for s in group]
    score = round(sum(s.score for s in group) / len(group), 4)
    kind = _group_type(group)
    if kind == "LOCATION" and canonical.isupper() and len(canonical) > ACRONYM_LETTERS:
        canonical = string.capwords(canonical)  # a dateline's "JAKARTA" alone: the place is "Jakarta"
    return Entity(text=canonical, type=kind, mentions=mentions, score=score)


def _after_kind(name: str, kinds: frozenset[str]) -> str:
    """The name after the word of its kind ("Kabupaten Poso": "Poso"); "" where it opens with none."""
    head, _, rest = name.partition(" ")
    return rest if head.rstrip(".").lower() in kinds else ""


def _group_type(group: list[Span]) -> str:
    """An organisation named with its legal form is one, however often its short name read
    otherwise; so is a region named with its level ("Kabupaten Poso", whose bare "Poso" the
    tagger read as a person after "Bupati" five times in one IndoSum story); else the types'
    vote: a form in capitals (a dateline) gave the tagger no case to go by, half a vote; a form
    with a legal form ("PT Narindo Solusi"), two. MISC (no type of the three: "warga [Israel]",
    the nationality) votes only where no use of the name had a type."""
    if any(s.type == "ORGANIZATION" and _has_legal_form(s.text) for s in group):
        return "ORGANIZATION"
    if any(s.type == "LOCATION" and _after_kind(s.text, REGION_PREFIXES) for s in group):
        return "LOCATION"
    votes: dict[str, float] = {}
    for s in group:
        weight = 0.5 if s.text.isupper() else 2.0 if _has_legal_form(s.text) else 1.0
        votes[s.type] = votes.get(s.type, 0.0) + weight
    if len(votes) > 1:
        votes.pop("MISC", None)
    return max(votes, key=lambda k: votes[k])  # ties: the type met first
