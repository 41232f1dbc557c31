"""Who speaks: the speaker phrase an attribution names, in the tokens of the masked text.

After a verb or "menurut" the speaker follows ("kata Kepala Humas Polri Irjen Setyo Wasisto",
"ujar pelatih Bhayangkara, Simon McMenemy"); before a verb it is the subject of the clause
("Di kesempatan berbeda, Campbell mengatakan"). A phrase is a reference back when it is a pronoun
or a description ending in "tersebut" / "itu" / "ini" ("ujar pejabat tersebut"); it names an entity
when a PERSON (else ORGANIZATION) mention lies inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from service.pipeline.backends.builtin.common_words import common_words
from service.pipeline.backends.builtin.entities.lexicons import PERSON_CUES
from service.pipeline.backends.builtin.entities.repair import ORG_HEADS, RANKS
from service.pipeline.backends.builtin.news_furniture import dateline_length
from service.pipeline.backends.builtin.quotes import lexicon as lx
from service.pipeline.backends.builtin.quotes.mentions import MentionIndex

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
_APOSTROPHES = ("'", "’")
MAX_PHRASE = 14  # words: a speaker named after the verb is short ("kata Kepala Humas Polri Budi")
_DAYS_MONTHS = frozenset(
    """senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei juni juli agustus
    september oktober november desember lalu kemarin hari pekan monday tuesday wednesday thursday
    friday saturday sunday today yesterday""".split()
)
# "bunyi pernyataan Kemlu Korsel", "Menurut keterangan saksi", "menurut catatan BillBoard": the
# speaker is the owner ("menurut informasi yang beredar": no one).
_STATEMENT_NOUNS = frozenset(
    """pernyataan keterangan rilis siaran pers surat unggahan cuitan akun laporan situs laman catatan
    data informasi warta kabar putusan""".split()
)
# English news abbreviates offices too: "said Rep. Brian Babin", "Sen. Elizabeth Warren" (were "Rep").
_TITLE_ABBREVIATIONS = frozenset(
    """mr mrs ms dr ny nn tn prof ir drs dra hj kh st jr sr bp bpk sdr rep sen gov lt gen col sgt capt maj
    adm cmdr supt insp det rev""".split()
)
# "ungkap AQ dikutip laman resmi klub", "kata Budi dilansir Antara": the source, not the speaker.
_CITING = frozenset("dikutip dilansir melansir mengutip".split())
_AS = frozenset("seperti sebagaimana".split())
# "setelah dua penulis Selandia Baru memperingatkan ...": the subject of the verb follows these.
_SUBORDINATORS = frozenset(
    "setelah sesudah sebelum ketika saat karena sebab meski meskipun walau walaupun jika kalau agar sehingga".split()
)
# Words of a clause that ends with a name, not of a name ("In a meeting with Joko Widodo, ..."),
# lowercase or opening the sentence.
_NOT_IN_BARE_NAME = lx.PHRASE_STOPS | frozenset("with by".split())
# Words that end an Indonesian subject before its verb ("polisi telah berulang kali
# memperingatkan", "Liverpool pun segera", "KPK akan segera"): the fillers, but for "resmi",
# also an adjective ("Laman resmi"), and "kemudian" / "lalu", which close an opening time
# ("Sehari kemudian pihak Kemenag", "Tahun lalu Brazil": _after_opening_time).
_SUBJECT_ENDING_FILLERS = (lx.FILLERS - {"resmi", "kemudian", "lalu"}) | {"pertama"}  # "pertama kali"
# Words of a time that opens a sentence before "kemudian", "lalu" or "ini": "Enam jam kemudian",
# "Belum lama ini", "Awal tahun ini".
_OPENING_TIME_WORDS = frozenset(
    """sehari seminggu sebulan setahun sepekan hari minggu pekan bulan tahun jam menit beberapa
    dua tiga empat lima enam tujuh delapan sembilan sepuluh belum lama baru-baru awal akhir
    pertengahan""".split()
)
_TIME_CLOSERS = frozenset("kemudian lalu ini".split())
# Nouns after "beberapa" that make a time of it: "kata sang ikon fesyen beberapa waktu lalu".
_TIME_NOUNS = frozenset("waktu saat hari pekan minggu bulan tahun jam menit".split())
# Relative pronouns that open a clause whose own subject speaks ("which the clinic says").
_OBJECT_RELATIVES = frozenset("which who whom".split())
_APPOSITION_REACH = 4  # comma-separated parts of one description ("in Greenbelt, Maryland, and ...")
_APPOSITION_PART_WORDS = 6


class Token:
    """A word or a punctuation mark of the masked text (a plain slotted class: tokens are made by
    the thousand, and a frozen dataclass costs several times more to build)."""

    __slots__ = ("end", "low", "start", "text", "word")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.low = text.lower()
        self.start = start
        self.end = end
        self.word = text[0].isalnum()


@dataclass(frozen=True)
class Phrase:
    """Who speaks, as the text names them: a span of words, or a reference back."""

    start: int
    end: int
    anaphor: bool  # "katanya", "dia", "pejabat tersebut": the speaker is named earlier
    entity: int | None = None  # the PERSON / ORGANIZATION mention inside the phrase, if any
    entity_text: str | None = None


def tokens(masked: str, start: int, end: int) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(masked, start, end)]


class SpeakerFinder:
    def __init__(self, body: str, mentions: MentionIndex) -> None:
        self.body = body
        self.mentions = mentions

    def named_phrase(self, toks: list[Token]) -> Phrase | None:
        return self.named_span(toks)[0]

    def named_span(self, toks: list[Token]) -> tuple[Phrase | None, int]:
        """The speaker named right after a verb or "menurut": words up to a comma or a stop word
        ("kata Ny. Isah di ..."), a description that refers back ("ujar pria yang ... tersebut"),
        or the name in apposition ("ujar pelatih Bhayangkara, Simon McMenemy, ..."); and the index
        of the first token after it."""
        if toks and toks[0].low in lx.PRONOUNS and (len(toks) == 1 or toks[1].low not in lx.FILLERS):
            # "Menurut dia sebagai negara kepulauan terbesar, ...": the pronoun alone speaks
            return Phrase(toks[0].start, toks[0].end, True), 1
        words: list[Token] = []
        k = 0
        while k < len(toks) and len(words) < MAX_PHRASE:
            tok = toks[k]
            if tok.text == "." and words and _abbreviated(words[-1]):
                k += 1  # "Mr. Liu Qihu", "Agus H. Canny"
                continue
            if (
                (not tok.word and tok.text not in "-()")
                or (tok.text == "-" and k + 1 < len(toks) and toks[k + 1].text == "-")  # "--": a dash
                or (words and stop_word(tok))
                or tok.low in _DAYS_MONTHS
                or (words and tok.low == "beberapa" and k + 1 < len(toks) and toks[k + 1].low in _TIME_NOUNS)
                or (words and tok.text.islower() and tok.low in _SUBORDINATORS)
                or (words and tok.low in _CITING and words[0].low not in _AS)  # not "seperti dilansir X"
            ):
                break
            words.append(tok)
            k += 1
        if (
            words
            and words[0].text.islower()
            and k < len(toks)
            and toks[k].low == "yang"
            # "kata pengacara Ulrich Weber yang ditugaskan ... itu": the name speaks, not the clause
            and self.mentions.first(words[0].start, words[-1].end, ("PERSON",)) is None
        ):
            tail = _clause_end(toks, k)
            if toks[tail - 1].low in lx.ANAPHORIC_TAILS:
                return Phrase(words[0].start, toks[tail - 1].end, True), tail
        while words and words[0].low in _STATEMENT_NOUNS:
            words = words[1:]
        phrase = self._phrase(words)
        if phrase is not None and self.mentions.first(phrase.start, phrase.end, ("PERSON",)) is None:
            apposed = self._apposition(toks, k)
            if apposed is not None:
                return apposed
        return phrase, k

    def _apposition(self, toks: list[Token], k: int) -> tuple[Phrase, int] | None:
        """A person named after the comma that ends a description (which may run on past the
        phrase's length limit): "ujar Ketua Umum ... Kopi Indonesia (AEKI), Irfan Anwar, usai ..."."""
        c = k
        while (
            c < len(toks)
            and c < k + MAX_PHRASE
            and toks[c].text != ","
            and (toks[c].word or toks[c].text in "()-")
        ):
            c += 1
        if c + 1 >= len(toks) or toks[c].text != ",":
            return None
        start = toks[c + 1].start
        named = c + 1
        while named + 1 < len(toks) and toks[named].low in RANKS:
            named += 1  # "..., AKBP Nasriadi": the rank is no part of the name the entity holds
        person = self.mentions.first(start, toks[-1].end, ("PERSON",))
        if person is None or not self.body.startswith(person[1], toks[named].start):
            return None
        end = toks[named].start + len(person[1])
        after = next((m for m in range(c + 1, len(toks)) if toks[m].start >= end), len(toks))
        return Phrase(start, end, False, person[0], person[1]), after

    def subject_phrase(self, toks: list[Token]) -> Phrase | None:
        """The speaker before a forward verb: the comma-separated part nearest the verb that is no
        adverbial ("Di kesempatan berbeda, Campbell mengatakan"; "Pejabat Korsel, dalam
        pernyataan bersama, Jumat (14/6), memperingatkan")."""
        toks = self._past_dateline(toks)
        segments: list[list[Token]] = [[]]
        for k, tok in enumerate(toks):
            if tok.text == "," and _inside_a_number(toks, k):
                continue  # "600,000 children": one number, no aside
            if tok.text in ",;:—–":  # a dash sets an aside apart as a comma does
                segments.append([])
            elif tok.text == "-" and k + 1 < len(toks) and toks[k + 1].text == "-":
                # "Jakarta, CNN Indonesia -- Otoritas Jasa Keuangan (OJK) menyatakan": a dateline's
                # dash too (its second half is skipped as punctuation below)
                segments.append([])
            elif tok.word or (tok.text in "-()" and not (tok.text == "-" and k and toks[k - 1].text == "-")):
                segments[-1].append(tok)
        if len(segments) > 1 and [t.low for t in segments[-1] if t.low not in lx.FILLERS] == ["yang"]:
            # "... Kurt Campbell, yang menyatakan": the noun before the relative clause
            return self._last_mention(segments[-2])
        if len(segments) > 1 and [t.text for t in segments[-1]] in (["who"], ["which"]):
            return self._relative_antecedent(segments[-1 - _APPOSITION_REACH : -1])
        if len(segments) > 1 and [t.low for t in segments[-1]] in (["and"], ["dan"], ["but"]):
            # "McKinley visited McAllen, Texas, and argued", "She didn't give a date, but said": the
            # verb shares the sentence's subject, which ends where the first clause's verb starts
            segments = [_before_its_verb(segments[0], len(segments[0]))]
        last = segments[-1]
        if len(last) > 1 and last[-1].low in ("and", "but"):
            # "Julie Jeffrey also described how she lost her job after her arrest and added:": no
            # comma, the same sharing (without a verb, only the "and" goes)
            segments[-1] = _before_its_verb(last, len(last) - 1)
        described = self._described_person(segments)
        if described is not None:
            return described
        for n in range(len(segments) - 1, -1, -1):
            seg = _after_indonesian_subordinator(
                _strip_discourse([t for t in segments[n] if t.text not in "()"])
            )
            seg = _after_subordinator(seg)
            if seg and seg[0].low in _SUBORDINATORS and all(t.low in lx.FILLERS for t in seg[1:]):
                return None  # "Setelah resmi menyatakan ...": the clause's subject comes later
            while len(seg) > 1 and seg[0].text in lx.ENGLISH_TIMES:
                seg = seg[1:]  # "But yesterday judges said"
            seg = _after_opening_time(seg[1:] if seg and seg[0].low == "pada" else seg) or seg
            if not seg or seg[0].low in lx.PHRASE_STOPS or all(date_like(t) or _auxiliary(t) for t in seg):
                continue  # "Glenn Mason, 56, has said": an age, an auxiliary left alone
            if n and _participle(seg[0]):
                continue  # "Andrew Lawson, representing Mason, said": an aside
            person = self.mentions.first(seg[0].start, seg[-1].end, ("PERSON",))
            if person is None and n > 0 and segments[n - 1]:
                # "Patrizia De Luise, Ketua Asosiasi Perhotelan Nasional Italia menyebut"
                before = segments[n - 1]
                named = self.mentions.last(before[0].start, before[-1].end, ("PERSON",))
                if named is not None and _bare_name(self.body, before, named[1]):
                    return Phrase(before[0].start, before[-1].end, False, named[0], named[1])
            if person is not None:
                return Phrase(seg[0].start, seg[-1].end, False, person[0], person[1])
            if _described_again(seg):
                # "Perusahaan yang dikenal sebagai raksasa piranti lunak itu mengumumkan": a
                # description of one named before (was "Perusahaan")
                return Phrase(seg[0].start, seg[-1].end, True)
            # "Big Machine have twice denied", "Gizmodo very recently explained": an auxiliary or
            # an adverb ends the subject too
            cut = next(
                (
                    k
                    for k, t in enumerate(seg)
                    if k
                    and (
                        stop_word(t)
                        or _auxiliary(t)
                        or _adverb(t)
                        or t.text in lx.RELATIVES
                        or _today(seg, k)
                    )
                ),
                len(seg),
            )
            relative = cut < len(seg) and seg[cut].low == "yang"
            seg = _after_last_clause(seg[:cut])
            if _modal(seg):
                return None  # "Harapannya dapat menciptakan sebuah wadah yang ...": no one spoke
            if relative:  # "... mendapatkan perhatian orang tua murid yang menilai": the verb's object
                seg = seg[
                    next((k + 1 for k in range(len(seg) - 1, -1, -1) if _active_or_passive_verb(seg[k])), 0) :
                ]
            else:
                seg = _before_a_filler(seg)
            if all(t.low in lx.EMPTY_SUBJECT for t in seg):
                return None  # "..., which was obtained by Variety, said": no one named
            return self._phrase(seg) if seg and not _verb_like(seg[0]) else None
        return None

    def _past_dateline(self, toks: list[Token]) -> list[Token]:
        """`toks` past the dateline that opens the story ("Rimanews - Seorang astronot ...",
        "Merdeka.com - Banyak orang ..."): a single dash, unlike "--", is also part of names."""
        if not toks or self.body[: toks[0].start].strip():
            return toks
        end = toks[0].start + dateline_length(self.body[toks[0].start : toks[-1].end])
        return [t for t in toks if t.start >= end]

    def _relative_antecedent(self, parts: list[list[Token]]) -> Phrase | None:
        """Who "who" / "which" means: the name that ends one of the parts before it, nearest first,
        an apposition passed over ("Niki Lauda, his team chairman, who told him"); None when no
        part ends with a name. Only in lowercase: "WHO mengungkapkan" is the WHO."""
        for part in reversed(parts):
            found = (
                self.mentions.last(part[0].start, part[-1].end, ("PERSON", "ORGANIZATION")) if part else None
            )
            if found is not None and self.body.startswith(found[1], part[-1].end - len(found[1])):
                return Phrase(part[-1].end - len(found[1]), part[-1].end, False, found[0], found[1])
        return None

    def _described_person(self, segments: list[list[Token]]) -> Phrase | None:
        """The person whose description (opened by an article or a possessive) ends the subject,
        however the recogniser typed what it holds ("Cornell" as a person): "Eswar Prasad, a trade
        professor at Cornell, said"; "Lucas Paganini, a planetary scientist at ... in Washington,
        D.C., said"; "Jessica Caldwell, Edmunds' executive director of industry analysis, said".
        The part before the description must be a bare name ("study lead author Lucas Paganini"),
        not a clause ("In a meeting with Joko Widodo, the minister said")."""
        segments = [seg for seg in segments if seg]  # "Washington, D.C., said": "." then ","
        last = len(segments) - 1
        for m in range(last, max(0, last - _APPOSITION_REACH), -1):
            seg, before = segments[m], segments[m - 1]
            if (
                not (seg[0].text in lx.APPOSITION_ARTICLES or _possessive_opening(self.body, seg))
                or not before
            ):
                if len(seg) > _APPOSITION_PART_WORDS:
                    return None  # a clause of its own, no part of a description
                continue
            named = self.mentions.last(before[0].start, before[-1].end, ("PERSON",))
            if named is None or not _bare_name(self.body, before, named[1]):
                return None
            return Phrase(before[0].start, before[-1].end, False, named[0], named[1])
        return None

    def _whole_name(self, name: str, a: int, b: int) -> str:
        """The mention with the capitalised words the phrase goes on with: a recogniser that found
        only "Ny" of "Ny. Isah" still names Isah."""
        start = self.body.find(name, a, b)
        end = start + len(name)
        rest = self.body[end:b].split()
        if start < 0 or not rest or not all(w[:1].isupper() or w == "." for w in rest):
            return name
        return self.body[start:b]

    def agent(self, phrase: Phrase) -> bool:
        """Someone who can speak, for verbs that often mean something else ("menilai" = assess):
        a name, a reference to a speaker, or a capitalised word."""
        words = self.body[phrase.start : phrase.end].split()
        if phrase.anaphor:  # "dia", or a description of a person ("pelatih asal Argentina itu")
            lows = {w.lower() for w in words}
            return lows <= lx.PRONOUNS | lx.FILLERS or bool(lows & PERSON_CUES)
        # the first word's capital may only open the sentence ("Petugas keamanan pasar melaporkan")
        return (
            phrase.anaphor
            or phrase.entity is not None
            or (len(words) == 1 and words[0][:1].isupper())  # "Setnov mengakui", "Polisi menyebut"
            or any(w[:1].isupper() for w in words[1:])
        )

    def _last_mention(self, seg: list[Token]) -> Phrase | None:
        if not seg:
            return None
        found = self.mentions.last(seg[0].start, seg[-1].end, ("PERSON", "ORGANIZATION"))
        if found is None:
            return None
        return Phrase(seg[0].start, seg[-1].end, False, found[0], found[1])

    def _phrase(self, words: list[Token]) -> Phrase | None:
        while len(words) > 2 and (words[-2].low, words[-1].low) in lx.DISCOURSE_PAIRS:
            words = words[:-2]  # "tambah sumber itu lebih lanjut"
        while words and (
            words[-1].low in lx.FILLERS | {"(", "-"} or (len(words) > 1 and _verb_like(words[-1]))
        ):
            words = words[:-1]  # "Pemimpin Korea Utara tersebut melanjutkan (dengan mengatakan)"
        while words and words[0].text in "(-":
            words = words[1:]
        opened = next((k for k, t in enumerate(words) if t.text == "("), None)
        if opened is not None and not any(t.text == ")" for t in words[opened:]):
            words = words[:opened]  # "PT Bank Rakyat Indonesia (BRI" cut by a stop word
        if len(words) > 3 and [t.text for t in words[-3::2]] == ["(", ")"] and words[-2].text.isdigit():
            words = words[:-3]  # "saksi mata Maizarni (41)": the age is no part of who speaks
        if not words:
            return None
        a, b = words[0].start, words[-1].end
        if self.body.count("(", a, b) > self.body.count(")", a, b) and self.body.startswith(")", b):
            b += 1  # "PT Bank Rakyat Indonesia (BRI) mengumumkan": the subject's brackets were set aside
        core = _strip_discourse(words)  # "meski dia": the pronoun speaks
        if all(t.low in lx.PRONOUNS or t.low in lx.FILLERS for t in (core or words) if t.word):
            return Phrase(a, b, True)
        if _anaphoric_tail(words[-1]) and len(words) > 1:
            return Phrase(a, b, True)
        person = self.mentions.first(a, b, ("PERSON",))
        if person is not None:
            return Phrase(a, b, False, person[0], self._whole_name(person[1], a, b))
        organization = self.mentions.first(a, b, ("ORGANIZATION",))
        if organization is not None:  # "Juru bicara KPK": the phrase says more than the name
            return Phrase(a, b, False, organization[0], self.body[a:b])
        if len(words) == 1 and words[0].text.islower() and words[0].low in ORG_HEADS:
            # "kata kementerian": the organisation of that kind named last ("Kementerian Luar Negeri")
            named = self.mentions.last_named_before(a, "ORGANIZATION", words[0].low)
            if named is not None:
                return Phrase(a, b, False, named[0], named[1])
        return self._unnamed(words)

    def _unnamed(self, words: list[Token]) -> Phrase | None:
        """A speaker the recogniser names no one in: a description ("Seorang pejabat senior
        kepresidenan Korsel", "warga sekitar"), unless its words say it is none. A lone "tersebut"
        ("kata pernyataan tersebut") refers back; the writer's "Saya" and a clause opening without a
        subject ("Tanpa menyebutkan nominal") name no one; a clause is cut at its verb ("Bintang
        Disclosure itu mengejutkan semua orang" is "Bintang Disclosure itu"), and a passive one
        names its agent after the verb ("Pernyataan itu disampaikan Menkeu")."""
        if words[0].low in lx.NOT_SPEAKERS or _modal(words) or words[-1].low == "untuk":
            return None  # "mereka berencana untuk (mengumumkan ...)": what would be said
        if len(words) == 1 and words[0].low in lx.ANAPHORIC_TAILS:
            return Phrase(words[0].start, words[0].end, True)
        if (
            len(words) == 1
            and words[0].text.islower()
            and words[0].low.endswith("nya")
            and words[0].low not in lx.GROUPS
        ):
            return None  # "tidak disebutkan jumlahnya / namanya", "ujarnya": a thing's, no one
        for k, tok in enumerate(words):
            if _active_or_passive_verb(tok):
                if k == 0:
                    return None
                return self._phrase(words[k + 1 :] if tok.low in lx.PASSIVE_VERBS else words[:k])
        return Phrase(words[0].start, words[-1].end, False)


def _possessive_opening(body: str, seg: list[Token]) -> bool:
    """A description opened by an owner's name: "Edmunds' executive director", "Apple's chief"."""
    for k, tok in enumerate(seg[:3]):
        if not tok.text[:1].isupper():
            return False
        owner = body[tok.end : tok.end + 1] in _APOSTROPHES or tok.text.endswith(("'s", "’s"))
        if owner and k + 1 < len(seg) and seg[k + 1].text.islower():
            return True
    return False


def _inside_a_number(toks: list[Token], k: int) -> bool:
    """The comma at `k` joins digits with no space: "600,000"."""
    return (
        0 < k < len(toks) - 1
        and toks[k - 1].text.isdigit()
        and toks[k + 1].text.isdigit()
        and toks[k - 1].end == toks[k].start
        and toks[k].end == toks[k + 1].start
    )


def _participle(tok: Token) -> bool:
    """An English present participle opening an aside in lowercase: "delivering", "speaking"."""
    text = tok.text
    return len(text) > 5 and text.endswith("ing") and text.islower() and text not in lx.ING_NOUNS


def _described_again(seg: list[Token]) -> bool:
    """A common noun, a relative clause, then "itu" / "tersebut": "Perusahaan yang dikenal sebagai
    raksasa piranti lunak itu", "Pria yang ... tersebut". Not a name ("Krisna yang tinggal ... ruko
    tersebut" is Krisna), nor a report, which speaks as itself ("Laporan panel ... yang ... ini")."""
    which = next((k for k, t in enumerate(seg) if k and t.low == "yang"), None)
    return (
        which is not None
        and which < len(seg) - 1
        and seg[-1].low in lx.ANAPHORIC_TAILS
        and seg[-2].low not in lx.TIMES  # "... saat itu": a time, not "that one"
        and seg[0].low in _common_words()
        and seg[0].low not in _STATEMENT_NOUNS | lx.INDEFINITES
        and all(t.text.islower() for t in seg[1:which])  # "kota Cape Town yang ... itu" is the city
    )


@cache
def _common_words() -> frozenset[str]:
    return frozenset(common_words("id", 4)) | frozenset(common_words("en", 4))


def _today(seg: list[Token], k: int) -> bool:
    """ "hari ini" / "kemarin" / "yesterday" / "last night" at `k`, which end a subject: "Bekraf
    hari ini mengumumkan", "West Mercia Police last night said" (not "jauh hari", "Tahun lalu":
    other times, kept as they were)."""
    low = seg[k].low if seg[k].text.islower() else ""
    following = seg[k + 1].low if k + 1 < len(seg) else ""
    return (
        low in lx.TODAY
        or low in lx.ENGLISH_TIMES
        or (low == "hari" and following in lx.ANAPHORIC_TAILS)
        or (low == "last" and following in lx.ENGLISH_LAST_TIMES)
    )


def stop_word(tok: Token) -> bool:
    """A word that ends a speaker phrase: lowercase only ("AS" is a country, "as" a stop); "secara"
    too, which opens how it was said ("Microsoft secara perlahan juga menjanjikan", "kata Budi
    secara tegas"), but only after the speaker's first word ("Secara tidak langsung Roy menegaskan")."""
    return (tok.low in lx.PHRASE_STOPS or tok.low == "secara") and tok.text.islower()


def _bare_name(body: str, seg: list[Token], name: str) -> bool:
    """`seg` ends with the person `name` and is no clause: "study lead author Lucas Paganini",
    not "In a meeting with Joko Widodo"."""
    return body[seg[0].start : seg[-1].end].endswith(name) and not any(
        ((t.text.islower() or k == 0) and t.low in _NOT_IN_BARE_NAME) or _auxiliary(t)
        for k, t in enumerate(seg)
    )


def _after_subordinator(seg: list[Token]) -> list[Token]:
    """The words after the last English subordinator or relative pronoun that opens a clause with
    a subject of its own ("This comes after [police]", "though [VW]", "a two-step process, which
    [the clinic] says", "Perry's husband, who [he] said"); `seg` itself when there is none. Not
    "because of", "such as a recently announced ...", "as that might sound", "who did not"."""
    for k in range(len(seg) - 2, -1, -1):
        if seg[k].text in lx.ENGLISH_SUBORDINATORS or seg[k].text in _OBJECT_RELATIVES:
            rest = seg[k + 1 :]
            if rest[0].low in lx.NO_SUBJECT or rest[0].low in lx.PHRASE_STOPS or _auxiliary(rest[0]):
                return seg
            if all(t.low in lx.EMPTY_SUBJECT or _adverb(t) for t in rest):
                return seg
            return rest
    return seg


def _after_indonesian_subordinator(seg: list[Token]) -> list[Token]:
    """The words after the last subordinator that opens a clause with a subject of its own
    ("..., setelah dua penulis Selandia Baru memperingatkan"; "Halimah Yacob besok, Rabu (13/9/17)
    akan dilantik setelah Departemen Pemilu menyatakan"; "saat ini Feedr mengklaim"); `seg` itself
    when there is none. A subordinator before a verb, a time or a negation opens no subject
    ("setelah mengatakan", "Budi saat itu mengatakan", "agar tidak percaya")."""
    for k in range(len(seg) - 2, -1, -1):
        if seg[k].low not in _SUBORDINATORS or (k and not seg[k].text.islower()):
            continue
        rest = seg[k + 1 :]
        if rest[0].low in lx.ANAPHORIC_TAILS:
            rest = rest[1:]  # "saat ini", "ketika itu": a time, then the subject
        if rest and not (
            _verb_like(rest[0]) or rest[0].low in lx.FILLERS | lx.NEGATIONS or date_like(rest[0])
        ):
            return rest
    return seg


def _adverb(tok: Token) -> bool:
    """An English adverb in lowercase: listed, or a word in "-ly" that is no noun ("the British
    royal blankly denied")."""
    text = tok.text
    return text in lx.ADVERBS or (
        len(text) > 4 and text.endswith("ly") and text.islower() and text not in lx.LY_NOUNS
    )


def _auxiliary(tok: Token) -> bool:
    return tok.low in lx.AUXILIARIES and tok.text.islower()


def _abbreviated(tok: Token) -> bool:
    """A title or an initial written with a full stop: "Mr.", "Ny.", "Dr.", "H."."""
    return tok.low in _TITLE_ABBREVIATIONS or (len(tok.text) == 1 and tok.text.isupper())


def _clause_end(toks: list[Token], k: int) -> int:
    """The index after the last word of the clause starting at k (up to punctuation), bounded."""
    stop = min(len(toks), k + MAX_PHRASE)
    while k < stop and (toks[k].word or toks[k].text in "-()"):
        k += 1
    return k


def _before_its_verb(part: list[Token], otherwise: int) -> list[Token]:
    """A clause's subject: its words before the first clause verb after the first word (the first
    `otherwise` words when it has none)."""
    return part[: next((k for k, t in enumerate(part) if k and _clause_verb(t)), otherwise)]


def _clause_verb(tok: Token) -> bool:
    """A clause's English verb after its subject: a past tense ("looked"), an auxiliary ("did",
    "would") or a negated one ("didn't")."""
    return _past_tense(tok) or tok.low in lx.AUXILIARIES or tok.low.endswith(("n't", "n’t"))


def _past_tense(tok: Token) -> bool:
    """An English verb in the past tense, as a clause's verb is written: "looked", "met"."""
    word = tok.text
    return word.islower() and ((len(word) > 4 and word.endswith("ed")) or word in lx.IRREGULAR_PAST)


def _verb_like(tok: Token) -> bool:
    """A lowercase word with a verb prefix ("menekan", "dikenal"): no part of a speaker's name."""
    low = tok.text
    return low.islower() and len(low) > 5 and low.startswith(("me", "di")) and low not in lx.NOT_VERBS


def _modal(words: list[Token]) -> bool:
    """A modal or a negation in a subject: what could be said, not what was ("Harapannya dapat
    (menciptakan ...)", "pengguna juga bisa langsung (menyampaikan ...)")."""
    return any(t.low in lx.NEGATIONS and t.text.islower() for t in words)


def _active_or_passive_verb(tok: Token) -> bool:
    """A verb by its prefix and suffix, strictly enough to cut a description at it: "mengejutkan",
    "memiliki", "disampaikan"; not the nouns "medali", "dinas", "dinding"."""
    low = tok.text
    if not _verb_like(tok):
        return False
    if low.startswith("me"):
        return low.startswith(("mem", "men", "mel", "mer", "mew", "mey"))
    return low in lx.PASSIVE_VERBS or low.endswith(("kan", "i"))


def _after_last_clause(seg: list[Token]) -> list[Token]:
    """The words after the last conjunction that follows a verb: the subject of the last clause."""
    seen_verb, start = False, 0
    for k, tok in enumerate(seg):
        if _verb_like(tok):
            seen_verb = True
        elif seen_verb and tok.low in lx.CONJUNCTIONS and tok.text.islower():
            start = k + 1
    return seg[start:]


def _before_a_filler(seg: list[Token]) -> list[Token]:
    """`seg` up to a filler that ends an Indonesian subject: "[polisi] telah berulang kali",
    "[Liverpool] pun segera", "[KPK] akan segera"."""
    return seg[
        : next(
            (k for k, t in enumerate(seg) if k and t.low in _SUBJECT_ENDING_FILLERS and t.text.islower()),
            len(seg),
        )
    ]


def _anaphoric_tail(tok: Token) -> bool:
    """ "tersebut", "itu", "ini", also with "-pun" ("Manajer asal Portugal itupun")."""
    low = tok.low
    return low in lx.ANAPHORIC_TAILS or (low.endswith("pun") and low[:-3] in lx.ANAPHORIC_TAILS)


def _after_opening_time(seg: list[Token]) -> list[Token] | None:
    """The words after an opening time closed by "kemudian", "lalu" or "ini": "Sehari kemudian
    [pihak Kemenag]", "Tahun lalu [Brazil]", "Belum lama ini [GO-JEK]", "Bulan April ini [Grab]",
    "pada tahun ini [Blibli]" (given without its "pada"); None when no time opens `seg`."""
    for k, tok in enumerate(seg[1:4], start=1):
        if tok.low in _TIME_CLOSERS:
            if k + 1 < len(seg) and all(t.low in _OPENING_TIME_WORDS or date_like(t) for t in seg[:k]):
                rest = seg[k + 1 :]
                while len(rest) > 1 and date_like(rest[0]):
                    rest = rest[1:]  # "Hari ini (29/01) [Google]"
                return rest
            break
    return None


def _strip_discourse(seg: list[Token]) -> list[Token]:
    """`seg` past its opening connectives: "Namun", "Lebih lanjut" ("Lebih lanjut ia mengatakan")."""
    i = 0
    while i < len(seg):
        if seg[i].low in lx.DISCOURSE:
            i += 1
        elif i + 1 < len(seg) and (seg[i].low, seg[i + 1].low) in lx.DISCOURSE_PAIRS:
            i += 2
        else:
            break
    return seg[i:]


def date_like(tok: Token) -> bool:
    return tok.low in _DAYS_MONTHS or any(c.isdigit() for c in tok.text) or not tok.word
