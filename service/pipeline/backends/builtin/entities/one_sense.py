"""One sense per document: rules over all of an article's entity spans, which see what a sentence
cannot: the name a "place" holds is a person the article names elsewhere ("rumah Setya Novanto"),
and a name found once is a mention wherever it appears again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from service.pipeline.backends.builtin.entities.lexicons import NOT_NAMES, PERSON_CUES, Lexicon
from service.pipeline.backends.builtin.entities.repair import (
    BOARDS,
    COMPASS,
    ORG_HEADS,
    PHRASES,
    PLACE_HEADS,
    RANKS,
    board_of_a_body,
    indonesian_regions,
)
from service.pipeline.backends.builtin.entities.tokenizer import tokenize
from service.pipeline.backends.builtin.metadata.datelines import is_known_place
from service.pipeline.entity_grouping import CLUB_CLOSERS, Span, without_legal_form
from service.pipeline.text import standalone


def people_after_a_noun(spans: list[Span]) -> list[Span]:
    """One sense per document: a "place" that is a lowercase noun, then a name this article
    gives a person, is that person ("rumah [Setya Novanto]", "jasad [Bello]", "mata [Koeman]"; the
    CRF read the noun as a place's head). Decided over the whole article, since a sentence alone
    cannot tell "rumah Setya Novanto" from "desa Sukamaju" (trimming every such noun in the
    sentence lost to the sets' gold heads "klub UFO", "waduk Ngancar")."""
    people = {sp.text for sp in spans if sp.type == "PERSON"}
    people |= {name.split()[-1] for name in people if " " in name}  # "kantor [Setya]" of Setya Novanto
    out: list[Span] = []
    for sp in spans:
        words = sp.text.split(" ")
        k = 0
        while k < len(words) - 1 and words[k].isalpha() and words[k].islower():
            k += 1
        rest = " ".join(words[k:])
        if sp.type == "LOCATION" and k and words[k - 1] not in PLACE_HEADS and rest in people:
            sp = Span(rest, sp.end - len(rest), sp.end, "PERSON", sp.score)
        out.append(sp)
    return out


def places_before_people(spans: list[Span], lexicon: Lexicon) -> list[Span]:
    """One sense per document: a name that opens with a known place, then a person this article
    names in full, is the place, then the person: "Bandung Ridwan Kamil" (from "Wali Kota Bandung
    Ridwan Kamil"), "Holland Del Bosque", "Jawa Timur La Nyalla Mattalitti", "Indonesia Milla"
    beside "Luis Milla"; a "person" too when the rest is a person's name of its own ("Blora Abu
    Nafi" beside "Abu Nafi", "Jateng Bambang Wuryanto": a region as the press writes it counts).
    The person's part must be that full name, its surname, or a first name
    and that surname ("Australia Natalia Moon" beside "Nicole Moon"), and end in no common word: a
    team's name after its town ("New York Knicks", "Manchester United") is no person's, nor is a
    first name that is also a town ("Marco Materazzi")."""
    full_names = {sp.text for sp in spans if sp.type == "PERSON" and " " in sp.text}
    surnames = {name.split()[-1] for name in full_names}
    out: list[Span] = []
    for sp in spans:
        words = sp.text.split(" ")
        if sp.type == "PERSON" and not any(" ".join(words[k:]) in full_names for k in (1, 2, 3)):
            out.append(sp)  # a person only where a name of its own follows ("Blora Abu Nafi")
            continue
        cut = next(
            (
                k
                for k in range(min(len(words) - 1, 3), 0, -1)
                if _person_after_place(words, k, lexicon, full_names, surnames)
            ),
            None,
        )
        if cut is None or (sp.type == "PERSON" and not _official_of_a_region(words, cut, full_names)):
            out.append(sp)
            continue
        rank = cut
        while rank < len(words) - 1 and words[rank].lower() in RANKS:
            rank += 1  # "Lampung Irjen Sudjarno": the rank is no part of the name either
        out += _split(sp, words[:cut], words[rank:], "LOCATION")
    return out


# Offices the press writes before a region and its holder's name: "Gubernur Jatim Soekarwo",
# "Cagub Jabar Ridwan Kamil", "Wali Kota Bandung ...", "Kapolres Jember ...".
REGION_OFFICES = frozenset(
    """gubernur bupati walikota kota wagub wabup wawali cagub cawagub cabup cawabup cawali sekda
kapolda wakapolda kapolres wakapolres kapolresta kapolsek kajati kajari pangdam danrem dandim""".split()
)
_OFFICE_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


def officials_after_offices(text: str, spans: list[Span], lexicon: Lexicon) -> list[Span]:
    """A name right after a regional office that opens with an Indonesian region, then a person's
    name, is the region, then its official, though the article names the person nowhere else:
    "Gubernur [Jatim Soekarwo]" and "Cagub [Jabar Ridwan Kamil]" came out as places, "Wabup
    [Garut Helmi Budiman]" as one person. The office says what the words after the region are.
    A region left out between the office and the person ("Wabup Garut [Helmi Budiman]") is added."""
    out: list[Span] = []
    regions: list[Span] = []
    for sp in spans:
        before = _OFFICE_BEFORE.search(text, max(0, sp.start - 20), sp.start)
        words = sp.text.split(" ")
        cut = None
        if sp.type in ("PERSON", "LOCATION") and before and before.group(1).lower() in REGION_OFFICES:
            cut = next(
                (
                    k
                    for k in range(min(len(words) - 1, 3), 0, -1)
                    if " ".join(words[:k]).casefold() in indonesian_regions()
                    and _looks_like_a_name(words[k:], lexicon)
                    and not lexicon.common(words[-1].lower(), "4")
                ),
                None,
            )
        out += [sp] if cut is None else _split(sp, words[:cut], words[cut:], "LOCATION")
        if sp.type == "PERSON" and cut is None:
            regions += _region_between(text, sp)
    if regions:  # only where no name already covers the region's words
        taken = bytearray(len(text))
        for sp in out:
            taken[sp.start : sp.end] = b"\x01" * (sp.end - sp.start)
        out += [r for r in regions if not any(taken[r.start : r.end])]
    return out


# A word, then exactly n capitalised words, then the name: one pattern per region length n. (With
# one pattern of 1-3 words the leftmost match won: "bertemu [Wabup Garut]" read "bertemu" as the
# office and missed "Wabup [Garut]".)
_OFFICE_AND_REGION_BEFORE = tuple(
    re.compile(rf"([^\W\d_]+)((?:[ \t]+[A-Z][^\W\d_]*){{{n}}})[ \t]+$") for n in (1, 2, 3)
)


def _region_between(text: str, person: Span) -> list[Span]:
    """The region the CRF left out between an office and its holder ("Wabup Garut [Helmi
    Budiman]", "Gubernur DKI Jakarta [Anies Baswedan]"), as a place; none when no office comes
    right before words that are an Indonesian region."""
    for pattern in _OFFICE_AND_REGION_BEFORE:
        m = pattern.search(text, max(0, person.start - 60), person.start)
        if m is None or m.group(1).lower() not in REGION_OFFICES:
            continue
        region = m.group(2).strip()
        if region.casefold() in indonesian_regions():
            start = m.start(2) + len(m.group(2)) - len(m.group(2).lstrip())
            return [Span(region, start, start + len(region), "LOCATION", person.score)]
    return []


def _split(sp: Span, head: list[str], person: list[str], head_type: str) -> list[Span]:
    """The span's first words as a `head_type` name and its last words as a person (the words of
    sp.text.split(" "): their join is the text's own start and end)."""
    first, last = " ".join(head), " ".join(person)
    return [
        Span(first, sp.start, sp.start + len(first), head_type, sp.score),
        Span(last, sp.end - len(last), sp.end, "PERSON", sp.score),
    ]


def _official_of_a_region(words: list[str], cut: int, full_names: set[str]) -> bool:
    """A "person" opening with an Indonesian region, then a full name the article gives a person:
    the press's "Bupati Blora Abu Nafi" ("Boston Red Sox", read as a person, stays whole)."""
    return " ".join(words[cut:]) in full_names and " ".join(words[:cut]).casefold() in indonesian_regions()


def _person_after_place(
    words: list[str], k: int, lexicon: Lexicon, full_names: set[str], surnames: set[str]
) -> bool:
    head, tail = words[:k], words[k:]
    place = " ".join(head)
    if not (place.lower() in lexicon.places or is_known_place(place)) or not all(
        w[:1].isupper() for w in tail
    ):
        return False  # a known place: the world's, or an Indonesian region as the press names it ("Jateng")
    if lexicon.common(tail[-1].lower(), "4") or " ".join(tail).lower() in lexicon.places:
        return False  # "Manchester United", "Tehran Book Garden", "Tanjungbalai Asahan": one name
    if len(head) == 1 and "F" in lexicon.names.get(head[0].lower(), ""):
        return False  # "Marco Materazzi", "Lucas Moura": a first name, whatever town it names
    if len(tail) == 1:
        return tail[0] in surnames
    return (
        " ".join(tail) in full_names
        or (tail[-1] in surnames and "F" in lexicon.names.get(tail[0].lower(), ""))
        or (place.casefold() in indonesian_regions() and _looks_like_a_name(tail, lexicon))
    )


# Words that make what follows a region another place or a body, not a person: "Jakarta Timur Roboh",
# "Surabaya Pasar Turi", "Sulteng Kelurahan Talise", "Bandung Bank BJB Pakuan", "Mojokerto Putra Sdr".
_NOT_IN_A_NAME = PLACE_HEADS | ORG_HEADS | COMPASS | {"sdr", "saudara"}


def _looks_like_a_name(words: list[str], lexicon: Lexicon) -> bool:
    """Words after an Indonesian region that are a person's name though the article names the
    person nowhere else ("Ketua KPU Jatim Eko Sasmito"): capitalised, no place ("Jawa Tengah
    Ungaran"), no common English word that is no first name ("Jakarta Convention Center"); the last word
    no common word at all, as _person_after_place asks ("Malang Raya", "Aceh Besar")."""
    for word in words:
        low = word.lower()
        if not word[:1].isupper() or low in lexicon.places or low in _NOT_IN_A_NAME:
            return False
        if lexicon.zipf.get(low, ("-", "-"))[1] >= "4" and "F" not in lexicon.names.get(low, ""):
            return False  # a common English word, unless a first name ("Grand" is a family name too)
    return True


def organisations_before_people(spans: list[Span], lexicon: Lexicon) -> list[Span]:
    """One sense per document: an organisation this article names, then a person it names in full,
    glued into one name are the two: "PT Impexindo Pratama Basuki Hariman", "Partai Hanura Oesman
    Sapta Odang", "Bitcoin.co.id Oscar Darmawan" (or names by a word of it alone: "Gaprindo
    Muhaimin Moeftie", then "Muhaimin"). The person's part must look like a name: not a
    product ("Huawei Nova 2i", "KIA Grand Sedona"), a place ("Polres Metro Jakarta Pusat") or a club
    ("Liga Super Malaysia Kedah FA"), though the tagger read each of those as a person too."""
    organisations = {sp.text for sp in spans if sp.type == "ORGANIZATION"}
    full_names = {sp.text for sp in spans if sp.type == "PERSON" and " " in sp.text}
    short_names = {sp.text for sp in spans if sp.type == "PERSON" and " " not in sp.text}
    organisation_words = {word for name in organisations for word in name.split(" ")}
    if not organisations or not (full_names or short_names):
        return spans
    out: list[Span] = []
    for sp in spans:
        words = sp.text.split(" ")
        cut = next(
            (
                k
                for k in range(1, len(words) - 1)
                if _glued(words, k, organisations, organisation_words, full_names, short_names, lexicon)
                and not any(c.isdigit() for c in " ".join(words[k:]))
                and _looks_like_a_name(words[k:], lexicon)
            ),
            None,
        )
        if cut is None:
            out.append(sp)
            continue
        out += _split(sp, words[:cut], words[cut:], "ORGANIZATION")
    return out


def _glued(
    words: list[str],
    k: int,
    organisations: set[str],
    organisation_words: set[str],
    full_names: set[str],
    short_names: set[str],
    lexicon: Lexicon,
) -> bool:
    """Whether words[:k] name an organisation and words[k:] a person: an organisation the article
    names and a person it names in full, or by one word of the name (_named_short); that one word
    also vouches for a firm's word the article names only inside a longer name (_no_name_word)."""
    firm, person = " ".join(words[:k]), words[k:]
    if firm in organisations and " ".join(person) in full_names:
        return True
    named = firm in organisations or (k == 1 and firm in organisation_words and _no_name_word(firm, lexicon))
    return named and _named_short(person, short_names, organisations)


def _no_name_word(word: str, lexicon: Lexicon) -> bool:
    """A capitalised word no name list knows, no title, no organisation's head word and no place:
    a firm's name before its officer's ("Ketua Umum Peradi Sapriyanto Refa", then "kata
    Sapriyanto"), where the article names the firm elsewhere ("DPN Peradi")."""
    low = word.lower()
    return (
        word[:1].isupper()
        and word.isalpha()
        and low not in lexicon.names
        and low not in PERSON_CUES
        and low not in ORG_HEADS  # "Perum Peruri Prasetio": the head opens the firm's name
        and low not in lexicon.places
        and not lexicon.common(low, "4")
    )


def _named_short(words: list[str], short_names: set[str], organisations: set[str]) -> bool:
    """A full name whose first or last word the article names a person by on its own ("Ketua Umum
    Gaprindo Muhaimin Moeftie", then "kata Muhaimin"), and not an organisation's name elsewhere in
    it ("Lenovo Mirage Solo", a headset the tagger also called "Mirage" once)."""
    return (
        len(words) in (2, 3)
        and (words[0] in short_names or words[-1] in short_names)
        and " ".join(words) not in organisations
    )


_ACRONYM = re.compile(r"\(([A-Z]{2,7})\)")
_WORD = re.compile(r"[^\W\d_]+")


def common_noun_acronyms(text: str, spans: list[Span]) -> list[Span]:
    """One sense per document: an acronym the article spells out in lowercase words names a kind
    of thing, not one body ("operasi tangkap tangan (OTT)", "badan usaha milik negara (BUMN)",
    "sport utility vehicle (SUV)", "personal service unit (PSU)"): it is no entity anywhere in it.
    A body's name is spelled in capitals ("Komisi Pemberantasan Korupsi (KPK)")."""
    common = set()
    for m in _ACRONYM.finditer(text):
        acronym = m.group(1)
        if acronym in common:
            continue
        words = _WORD.findall(text, max(0, m.start() - 12 * len(acronym)), m.start())[-len(acronym) :]
        if "".join(w[0] for w in words) == acronym.lower():
            common.add(acronym)
    return [sp for sp in spans if sp.text not in common] if common else spans


# A lowercase bracketed group closing a line: the desk's initials that sign many Indonesian stories
# ("... tersebut. [gil]", "(lina)", "(ikbal/)", "(john / bu)"). An agency signs in capitals ("(AP)").
_DESK_CODE = re.compile(r"[(\[]([^()\[\]\nA-Z]{1,40})[)\]]\.?[ \t]*$", re.M)


def desk_codes(text: str, spans: list[Span]) -> list[Span]:
    """A desk's initials are no person: "gil", "tyo", "noe" came out as people of IndoSum stories. In
    lowercased text (NERP's) the case tells no initials from a name: nothing is dropped there."""
    codes = [m.span(1) for m in _DESK_CODE.finditer(text)] if text != text.lower() else []
    if not codes:
        return spans
    return [sp for sp in spans if not any(a <= sp.start and sp.end <= b for a, b in codes)]


# Words right before a firm's name that make it one: its founder, boss or staff, its shares or
# drivers, its buying or being bought ("pendiri Grab", "saham Alibaba", "startup Grammarly").
COMPANY_CUES = frozenset(
    """perusahaan startup pabrikan maskapai emiten pendiri ceo bos karyawan pegawai saham pengemudi
mengakuisisi diakuisisi""".split()
)
_CUED_NAME = re.compile(
    r"(?<![\w-])(?:" + "|".join(COMPANY_CUES) + r"|CEO)[ \t]+([A-Z][a-z]+(?:[A-Z][a-z]+)*)(?![\w-])"
)
COMPANY_NAME_ZIPF = "4"  # a word this common in Indonesian is a word, whatever its capital
CUED_SCORE = 0.5  # no tagger's probability: a rule's guess, as likely right as not on its own


def companies_by_their_cues(text: str, spans: list[Span], lexicon: Lexicon) -> list[Span]:
    """One sense per document: a word the tagger never took, written with a capital every time the
    article uses it (twice at least) and once right after a firm's cue, is that firm: "Grab", its
    article's subject 13 times, was no entity ("pendiri Grab, Anthony Tan"), nor "Alibaba" after
    "saham Alibaba". The one mention at the cue is added; repeated_mentions finds the others."""
    found: dict[str, Span] = {}
    taken = _taken(text, spans)
    words: list[str] = []  # the article's words, read once a candidate needs them
    for m in _CUED_NAME.finditer(text):
        name, (start, end) = m.group(1), m.span(1)
        if name in found or any(taken[start:end]) or not _unknown_word(name, lexicon):
            continue
        words = words or _WORD.findall(text)
        uses = [word for word in words if word.lower() == name.lower()]
        if len(uses) >= 2 and all(word == name for word in uses):
            found[name] = Span(name, start, end, "ORGANIZATION", CUED_SCORE)
    return [*spans, *found.values()]


# Words of an article about a sport, English and Indonesian: with SPORT_WORDS_MIN of them, a town
# named right before a club's staff or fans, or right after a match's verb or a club's word,
# names its club ("Chelsea boss", "beat Swansea", "pelatih Roma", "kontra Bournemouth"); so does
# a town with a club's closing word that no place list holds ("Hull City").
SPORT_WORDS = frozenset(
    """striker strikers midfielder defender goalkeeper keeper winger footballer footballers league
premier premiership championship fixture fixtures penalty goal goals scored squad stadium
relegation relegated promoted promotion transfer loan match matches manager club clubs season cup
tournament captain coach gol pelatih klub liga laga pertandingan musim gelandang bek kiper stadion
skuat suporter penalti kompetisi turnamen klasemen""".split()
)
SPORT_WORDS_MIN = 3
_CLUB_STAFF = (
    "manager|boss|striker|forward|midfielder|defender|goalkeeper|keeper|winger|captain|chairman|"
    "owner|coach|fans|supporters|squad|academy|youngster|loanee|skipper|full-back|centre-back|"
    "centre-half|playmaker|team-mate|teammate|side"
)
# Not "klub" ("klub London" is the London club) nor "markas" ("markas Old Trafford", its ground).
_BEFORE_CLUB = (
    "beat|beating|joined|joining|signed for|sign for|loan (?:at|from|to|with)|against|v|vs|"
    "defeat (?:by|to)|win over|victory over|draw with|lost to|loss to|"
    "(?:played|plays|playing|scored|scoring) for|"
    "pelatih|manajer|bos|kapten|striker|gelandang|bek|kiper|penyerang|winger|skuat|suporter|"
    "pendukung|kontra|melawan|menghadapi|menjamu|mengalahkan|menundukkan|membela|"
    "bergabung dengan|hengkang dari|dipinjamkan ke"
)
_NAME = r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’-]*){0,2}"
_BEFORE_STAFF = re.compile(rf"({_NAME})(?:['’]s)?[ \t]+(?:{_CLUB_STAFF})\b")
_AFTER_CUE = re.compile(rf"(?<![\w-])(?i:{_BEFORE_CLUB})\.?[ \t]+({_NAME})")


def clubs_by_their_cues(text: str, spans: list[Span], lexicon: Lexicon) -> list[Span]:
    """One sense per document: in an article about a sport, a town the tagger read as a place and
    the article names, once at least, as a club (a cue above) is that club wherever the article
    names it: "Swansea" was a place in its own transfer story, "Manchester City" in its derby's.
    A country or a continent stays a place: a national team goes by its country's name ("England
    boss"), and a player's origin by either ("pelatih Belanda", "striker Amerika Latin")."""
    places = [sp for sp in spans if sp.type == "LOCATION"]
    if not places:
        return spans
    words = {w.lower() for w in _WORD.findall(text)}
    if len(words & SPORT_WORDS) < SPORT_WORDS_MIN:
        return spans
    cued: set[str] = set()
    for m in _BEFORE_STAFF.finditer(text):
        # "Former Chelsea boss": "Chelsea"; a sentence's first word is capitalised whatever it is
        parts = _last_sentence(m.group(1).split())
        cued.update(" ".join(parts[k:]) for k in range(len(parts)))
    for m in _AFTER_CUE.finditer(text):
        # the whole name only: "against Manchester United" names no club "Manchester"
        cued.add(" ".join(_first_sentence(m.group(1).split())))
    clubs = {sp.text for sp in places if _club_name(sp.text, cued, lexicon)}
    return [
        replace(sp, type="ORGANIZATION") if sp.type == "LOCATION" and sp.text in clubs else sp for sp in spans
    ]


def _first_sentence(words: list[str]) -> list[str]:
    """The words up to the first that ends a sentence, without its stop ("beat [Liverpool.] Hull")."""
    ends = [k for k, word in enumerate(words) if word.endswith(".")]
    return [w.rstrip(".") for w in words[: ends[0] + 1]] if ends else words


def _last_sentence(words: list[str]) -> list[str]:
    """The words after the last that ends a sentence ("Liverpool. [Swansea] boss")."""
    ends = [k for k, word in enumerate(words) if word.endswith(".")]
    return words[ends[-1] + 1 :] if ends else words


def _club_name(name: str, cued: set[str], lexicon: Lexicon) -> bool:
    """Named as a club (`cued`) or with a club's closing word, and no country or continent."""
    low = " ".join(t for t, _, _ in tokenize(name.lower()))
    if low in lexicon.countries:
        return False
    head, _, closer = low.rpartition(" ")
    named_as_club = closer in CLUB_CLOSERS and head in lexicon.places and low not in lexicon.places
    return name in cued or named_as_club


def _taken(text: str, spans: list[Span]) -> bytearray:
    """One flag per character of `text`: inside a span or not."""
    taken = bytearray(len(text))
    for sp in spans:
        taken[sp.start : sp.end] = b"\x01" * (sp.end - sp.start)
    return taken


def _unknown_word(name: str, lexicon: Lexicon) -> bool:
    """No common word, known place, person's name or lexicon entry."""
    low = name.lower()
    zid = lexicon.zipf.get(low, ("-", "-"))[0]
    return (
        zid < COMPANY_NAME_ZIPF
        and low not in lexicon.places
        and low not in lexicon.names
        and low not in NOT_NAMES
    )


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")


def _opens_a_phrase(text: str, name: str, end: int) -> bool:
    """The name is a common phrase's first word here: "Antara lain" (repair.PHRASES)."""
    nxt = _NEXT_WORD.match(text, end)
    return nxt is not None and (name.lower(), nxt.group(1).lower()) in PHRASES


def repeated_mentions(text: str, spans: list[Span]) -> list[Span]:
    """One sense per document: a capitalised name found once, or a found person's surname, is a
    mention wherever else it appears ("Campbell pun berjanji ..." after "Kurt Campbell"), in
    capitals too."""
    names: dict[str, Span] = {}
    for sp in spans:
        if sp.text[:1].isupper():
            names.setdefault(sp.text, sp)
        last = sp.text.split()[-1]
        if sp.type == "PERSON" and " " in sp.text and len(last) > 2 and last[:1].isupper():
            names.setdefault(last, sp)
        # "PT Aneka Tambang Tbk" is named "Aneka Tambang" after: a company's name without its form
        bare = without_legal_form(sp.text) if sp.type == "ORGANIZATION" else sp.text
        if bare != sp.text and " " in bare and bare[:1].isupper():
            names.setdefault(bare, sp)
    names = {
        k: sp
        for k, sp in names.items()
        if k.lower() not in PERSON_CUES and (sp.text == k or " " in k or k.lower() not in NOT_NAMES)
    }
    if not names:
        return []
    # a dateline or headline in capitals ("SEOUL - ...") names the same thing as "Seoul"
    names |= {k.upper(): sp for k, sp in names.items() if k.upper() not in names}
    taken = _taken(text, spans)
    extra: list[Span] = []
    starts = {sp.start for sp in spans}
    for start, name in standalone(text, names, joiners="-"):  # "Kim Jong-un" is no "Kim Jong"
        end = start + len(name)
        board = name in BOARDS and board_of_a_body(text, end, starts)  # "DPD Partai Golkar"
        if not any(taken[start:end]) and not _opens_a_phrase(text, name, end) and not board:
            sp = names[name]
            extra.append(Span(name, start, end, sp.type, sp.score))
    return extra
