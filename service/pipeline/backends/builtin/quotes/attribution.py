"""Attributions: who is said to say what, found around verbs of saying in one sentence.

Works on a masked copy of the text in which quoted words are blanked out, so words inside a quote
("Seperti yang Anda katakan, ...") never attribute anything. Four shapes, the ones news uses:

- after a quote: '"...," kata Budi' / '"...," katanya' / '"...," ia menambahkan' / '"...," he said';
- a verb of saying with its subject before it: "Budi mengatakan (bahwa) ..." / "Budi said ...";
- "menurut": "Menurut Budi, ..." / "..., menurut Budi." / "According to Budi, ...";
- a parenthetical: "Negara lain, kata dia, juga ..." / "Sebab, lanjutnya, ...".

A passive "Hal itu diungkapkan Kementerian X" names a speaker and reports nothing new: it is kept
as an attribution without content, for "kementerian itu" / "katanya" to refer back to.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from service.pipeline.backends.builtin.entities import PERSON_CUES
from service.pipeline.backends.builtin.quotes import lexicon as lx
from service.pipeline.backends.builtin.quotes.marks import QuotedSpan
from service.pipeline.backends.builtin.quotes.mentions import MentionIndex
from service.pipeline.document import Sentence

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
_MAX_PHRASE = 14  # words: a speaker named after the verb is short ("kata Kepala Humas Polri Budi")
_MAX_TAIL = 200  # characters after a closing mark searched for its attribution
_MIN_CONTENT_WORDS = 3  # "Budi mengatakan hal itu." reports nothing
_THAT_REACH = 6  # tokens: "bahwa" this close after the verb starts the reported clause
_SUBJECT_WINDOW = 40  # tokens before a verb searched for its subject: keeps long "sentences" linear
_MARKS = frozenset("\"“”„«»'‘’‚")
_DAYS_MONTHS = frozenset(
    """senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei juni juli agustus
    september oktober november desember lalu kemarin hari pekan""".split()
)
# "bunyi pernyataan Kemlu Korsel", "Menurut keterangan saksi": the speaker is the owner.
_STATEMENT_NOUNS = frozenset(
    "pernyataan keterangan rilis siaran pers surat unggahan cuitan akun laporan".split()
)
_ABOUT = frozenset("tentang soal mengenai perihal about".split())
_TITLE_ABBREVIATIONS = frozenset("mr mrs ms dr ny nn tn prof ir drs dra hj kh st jr sr bp bpk sdr".split())
# A verb's object that is an attitude or an act, not what was said: "menyampaikan apresiasi",
# "menegaskan komitmen", "mengutarakan perasaannya", "menuliskan surat terbuka".
_OBJECT_NOUNS = frozenset(
    """apresiasi komitmen dukungan keprihatinan kekecewaan kekhawatiran perasaan keinginan harapan
    rasa ucapan terima belasungkawa selamat permintaan permohonan maaf surat nama pengembangan
    sikap pandangan keberatan penolakan protes""".split()
)
# "setelah dua penulis Selandia Baru memperingatkan ...": the subject of the verb follows these.
_SUBORDINATORS = frozenset(
    "setelah sebelum ketika saat karena sebab meski meskipun walau walaupun jika kalau agar sehingga".split()
)
_FIRST_PERSON = frozenset("kami saya kita hemat".split())  # "menurut kami": the reporter's own view
# "menurut rencana", "menurut data BPS": a plan or a table, no speaker.
_NOT_SOURCES = frozenset(
    "rencana jadwal aturan ketentuan peraturan undang-undang pasal hukum data survei".split()
)


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


@dataclass(frozen=True)
class Attribution:
    at: int  # the attributing word: orders attributions for references back
    speaker: Phrase
    content: tuple[int, int] | None  # the reported words; None for a passive attribution
    quote: int | None = None  # index of the quoted span attributed as a whole


# Any word that can start an attribution inside a sentence, as written (sentence-initial capitals
# too); "-nya" forms ("Menurutnya", "lanjutnya") are listed whole.
_WORD = re.compile(r"\w+")
_BASES = lx.FORWARD_VERBS | lx.PARENTHETICAL_VERBS | lx.PASSIVE_VERBS | lx.ACCORDING | {"demikian"}
_CUE_WORDS = frozenset(
    form for base in _BASES for word in (base, base + "nya") for form in (word, word.capitalize())
)


def tokens(masked: str, start: int, end: int) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(masked, start, end)]


class Attributor:
    def __init__(self, body: str, masked: str, spans: list[QuotedSpan], mentions: MentionIndex) -> None:
        self.body = body
        self.masked = masked
        self.spans = spans
        self.mentions = mentions
        self.opening = {s.open_mark: i for i, s in enumerate(spans)}
        self.open_marks = [s.open_mark for s in spans]

    # --- after a closing quote ------------------------------------------------------------

    def after_quote(self, index: int, line_end: int) -> Attribution | None:
        span = self.spans[index]
        if span.close_mark is None:
            return None
        toks = tokens(self.masked, span.after, min(line_end, span.after + _MAX_TAIL))
        while toks and toks[0].text in ",.":
            toks = toks[1:]
        if not toks or not toks[0].word:
            return None
        first, ended = toks[0], self.body[span.end - 1] in ".!?"
        if first.low == "demikian":
            toks = toks[1:]
            if toks and toks[0].low in lx.PASSIVE_VERBS | lx.INVERTED_VERBS:
                toks = toks[1:]
            phrase = self.named_phrase(toks)
            return Attribution(first.start, phrase, (span.start, span.end), index) if phrase else None
        stem = _stem(first.low)
        if stem in lx.INVERTED_VERBS and (first.text[0].islower() or not ended):
            if first.low != stem:
                return Attribution(
                    first.start, Phrase(first.start, first.end, True), (span.start, span.end), index
                )
            phrase = self.named_phrase(toks[1:])
            return Attribution(first.start, phrase, (span.start, span.end), index) if phrase else None
        # '"...," ia menambahkan.' / '"...," Smith said.': a short subject, then a forward verb
        for j, tok in enumerate(toks[: _MAX_PHRASE + 1]):
            if not tok.word:
                return None
            if tok.low in lx.FORWARD_VERBS and j > 0 and _closes_clause(toks, j + 1):
                phrase = self.subject_phrase(toks[:j])
                return Attribution(tok.start, phrase, (span.start, span.end), index) if phrase else None
        return None

    # --- within one sentence ----------------------------------------------------------------

    def in_sentence(self, sentence: Sentence) -> list[Attribution]:
        assert sentence.start is not None and sentence.end is not None
        if _CUE_WORDS.isdisjoint(_WORD.findall(self.masked, sentence.start, sentence.end)):
            return []  # most sentences name no verb of saying: skip tokenising them
        toks = tokens(self.masked, sentence.start, sentence.end)
        words = [t for t in toks if t.word]
        if len(words) < 2:
            return []
        framed = [a for a in (self._according(toks), self._parenthetical(toks), self._demikian(toks)) if a]
        # "X menyatakan ..., menurut laporan Y.": the verb's content stops where the frame starts
        limit = min((a.at for a in framed if a.content and a.content[1] < a.at), default=sentence.end)
        forward = self._forward([t for t in toks if t.start < limit])
        return [a for a in [*framed, forward, self._passive(toks)] if a is not None]

    def _according(self, toks: list[Token]) -> Attribution | None:
        for i, tok in enumerate(toks):
            if tok.low == "menurutnya" or (tok.low in lx.ACCORDING and i + 1 < len(toks)):
                break
        else:
            return None
        if tok.low == "menurutnya":
            phrase: Phrase | None = Phrase(tok.start, tok.end, True)
            stop = i + 1
        else:
            j = i + 2 if tok.low == "according" and toks[i + 1].low == "to" else i + 1
            if j >= len(toks) or toks[j].low in _NOT_SOURCES or toks[j].low in _FIRST_PERSON:
                return None
            comma = _next_comma(toks, j)
            if comma < len(toks) and toks[comma].text == ",":
                phrase, used = self.named_span(toks[j:])
                stop = j + used
                if stop < len(toks) and toks[stop].text != ",":  # "Menurut X pada Jumat (16/6), ..."
                    stop = _next_comma(toks, stop)
            else:  # "menurut Sandi peran kuasa hukum ...", "Menurut pebalap asal Inggris tersebut sasis ..."
                stop = _name_end(toks, j)
                phrase = self.named_phrase(toks[j:stop])
        if phrase is None:
            return None
        if any(t.word for t in toks[stop:]):  # "(Walau ..., ) menurut Budi(,) ...": the content follows
            return self._make(tok.start, phrase, toks[_skip_dates(toks, stop + (toks[stop].text == ",")) :])
        return self._make(tok.start, phrase, toks[:i])  # "..., menurut Budi." : the content came first

    def _demikian(self, toks: list[Token]) -> Attribution | None:
        """ "..., demikian Reuters.": the sentence before was the source's."""
        for i in range(1, len(toks) - 1):
            if toks[i].low == "demikian" and toks[i - 1].text == ",":
                rest = toks[i + 1 :]
                if rest and rest[0].low in lx.PASSIVE_VERBS | lx.INVERTED_VERBS:
                    rest = rest[1:]
                phrase, used = self.named_span(rest)
                if phrase is not None and not any(t.word for t in rest[used:]):
                    return self._make(toks[i].start, phrase, toks[: i - 1])
        return None

    def _parenthetical(self, toks: list[Token]) -> Attribution | None:
        at_start = True  # only punctuation and discourse words so far
        for i, tok in enumerate(toks):
            if i > 0:
                prev = toks[i - 1]
                at_start = (
                    at_start and prev.text not in _MARKS and (not prev.word or prev.low in lx.DISCOURSE)
                )
            stem = _stem(tok.low)
            if stem not in lx.PARENTHETICAL_VERBS or (not tok.text[0].islower() and i > 0):
                continue
            if not (at_start or toks[i - 1].text == ","):
                continue
            stop = _next_comma(toks, i + 1)
            if tok.low != stem:  # "lanjutnya," / ", katanya."
                closed = i + 1 >= len(toks) or toks[i + 1].text in ",."
                phrase: Phrase | None = Phrase(tok.start, tok.end, True) if closed else None
            else:
                phrase = self.named_phrase(toks[i + 1 : stop])
            if phrase is None:
                continue
            if at_start:
                content = toks[stop + 1 :] if stop < len(toks) and toks[stop].text == "," else []
            elif not any(t.word for t in toks[stop + 1 :]):
                content = toks[: i - 1]
            else:
                content = toks
            found = self._make(tok.start, phrase, content)
            if found is not None:
                return found
        return None

    def _forward(self, toks: list[Token]) -> Attribution | None:
        for i, tok in enumerate(toks):
            if tok.low not in lx.FORWARD_VERBS or i == 0:
                continue
            if toks[i - 1].low in lx.NEGATIONS or (i > 1 and toks[i - 2].low in lx.NEGATIONS):
                continue
            phrase = self.subject_phrase(toks[max(0, i - _SUBJECT_WINDOW) : i])
            if phrase is None or (tok.low in lx.WEAK_VERBS and not self._agent(phrase)):
                continue
            # "told reporters that ...": the addressee is the verb's object
            start = _skip_addressee(toks, i if tok.low == "told" else i + 1)
            found = self._make(tok.start, phrase, toks[start:])
            # "Budi mengatakan hal yang serupa.": nothing reported, but Budi is who "dia" means next
            return found or Attribution(tok.start, phrase, None)
        return None

    def _make(self, at: int, phrase: Phrase, content: list[Token]) -> Attribution | None:
        """The attribution of `content`: a quote when it opens with one, else the words, running on
        to the end of any quote opened inside them; None when too short to report anything."""
        span = _span_of(content)
        if span is None:
            return None
        index = self.opening.get(span[0])
        if index is not None:
            quoted = self.spans[index]
            return Attribution(at, phrase, (quoted.start, quoted.end), index)
        a, b = span
        k = bisect_left(self.open_marks, a)
        while k < len(self.open_marks) and self.open_marks[k] < b:
            b = max(b, self.spans[k].end)
            k += 1
        words = self.body[a:b].split()
        if len(words) < _MIN_CONTENT_WORDS or (words[0].lower() == "hal" and len(words) <= 4):
            return None  # "Budi mengatakan hal yang serupa."
        first = words[0].lower()
        if first in _ABOUT or (first in lx.TITLE_CUES and len(words) <= 4):
            return None  # "bercerita tentang ...", 'menyebut istilah "..."': a topic, not what was said
        that = next((t for t in content[:_THAT_REACH] if t.low in lx.THAT), None)
        if that is not None and that.end < b:
            # "memperingatkan musisi itu bahwa ...", "menyatakan keprihatinannya bahwa ...": the clause
            return self._make(at, phrase, [t for t in content if t.start > that.start])
        if first in _OBJECT_NOUNS or (first.endswith("nya") and first[:-3] in _OBJECT_NOUNS):
            return None
        return Attribution(at, phrase, (a, b))

    def _passive(self, toks: list[Token]) -> Attribution | None:
        for i, tok in enumerate(toks):
            if tok.low in lx.PASSIVE_VERBS:
                rest = toks[i + 2 :] if i + 1 < len(toks) and toks[i + 1].low == "oleh" else toks[i + 1 :]
                phrase = self.named_phrase(rest)
                if phrase is not None and not phrase.anaphor:
                    return Attribution(tok.start, phrase, None)
        return None

    # --- speaker phrases --------------------------------------------------------------------

    def named_phrase(self, toks: list[Token]) -> Phrase | None:
        return self.named_span(toks)[0]

    def named_span(self, toks: list[Token]) -> tuple[Phrase | None, int]:
        """The speaker named right after a verb or "menurut": words up to a comma or a stop word
        ("kata Ny. Isah di ..."), a description that refers back ("ujar pria yang ... tersebut"),
        or the name in apposition ("ujar pelatih Bhayangkara, Simon McMenemy, ..."); and the index
        of the first token after it."""
        words: list[Token] = []
        k = 0
        while k < len(toks) and len(words) < _MAX_PHRASE:
            tok = toks[k]
            if tok.text == "." and words and _abbreviated(words[-1]):
                k += 1  # "Mr. Liu Qihu", "Agus H. Canny"
                continue
            if (not tok.word and tok.text not in "-()") or (words and _stop(tok)) or tok.low in _DAYS_MONTHS:
                break
            words.append(tok)
            k += 1
        if words and words[0].text.islower() and k < len(toks) and toks[k].low == "yang":
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
            and c < k + _MAX_PHRASE
            and toks[c].text != ","
            and (toks[c].word or toks[c].text in "()-")
        ):
            c += 1
        if c + 1 >= len(toks) or toks[c].text != ",":
            return None
        start = toks[c + 1].start
        person = self.mentions.first(start, toks[-1].end, ("PERSON",))
        if person is None or not self.body.startswith(person[1], start):
            return None
        end = start + len(person[1])
        after = next((m for m in range(c + 1, len(toks)) if toks[m].start >= end), len(toks))
        return Phrase(start, end, False, person[0], person[1]), after

    def subject_phrase(self, toks: list[Token]) -> Phrase | None:
        """The speaker before a forward verb: the comma-separated part nearest the verb that is no
        adverbial ("Di kesempatan berbeda, Campbell mengatakan"; "Pejabat Korsel, dalam
        pernyataan bersama, Jumat (14/6), memperingatkan")."""
        segments: list[list[Token]] = [[]]
        for tok in toks:
            if tok.text in ",;:":
                segments.append([])
            elif tok.word or tok.text in "-()":
                segments[-1].append(tok)
        if len(segments) > 1 and [t.low for t in segments[-1] if t.low not in lx.FILLERS] == ["yang"]:
            # "... Kurt Campbell, yang menyatakan": the noun before the relative clause
            return self._last_mention(segments[-2])
        for n in range(len(segments) - 1, -1, -1):
            seg = _strip_discourse([t for t in segments[n] if t.text not in "()"])
            if seg and seg[0].low in _SUBORDINATORS and len(seg) > 1 and not _verb_like(seg[1]):
                seg = seg[1:]  # "..., setelah dua penulis Selandia Baru memperingatkan"
            if not seg or seg[0].low in lx.PHRASE_STOPS or all(_date_like(t) for t in seg):
                continue
            person = self.mentions.first(seg[0].start, seg[-1].end, ("PERSON",))
            if person is None and n > 0 and segments[n - 1]:
                # "Patrizia De Luise, Ketua Asosiasi Perhotelan Nasional Italia menyebut"
                before = segments[n - 1]
                named = self.mentions.last(before[0].start, before[-1].end, ("PERSON",))
                if named is not None and self.body[before[0].start : before[-1].end].endswith(named[1]):
                    return Phrase(before[0].start, before[-1].end, False, named[0], named[1])
            if person is not None:
                return Phrase(seg[0].start, seg[-1].end, False, person[0], person[1])
            cut = next((k for k, t in enumerate(seg) if k and _stop(t)), len(seg))
            seg = _after_last_clause(seg[:cut])
            return self._phrase(seg) if seg and not _verb_like(seg[0]) else None
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

    def _agent(self, phrase: Phrase) -> bool:
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
        while words and (
            words[-1].low in lx.FILLERS | {"(", "-"} or (len(words) > 1 and _verb_like(words[-1]))
        ):
            words = words[:-1]  # "Pemimpin Korea Utara tersebut melanjutkan (dengan mengatakan)"
        while words and words[0].text in "(-":
            words = words[1:]
        if not words:
            return None
        a, b = words[0].start, words[-1].end
        if all(t.low in lx.PRONOUNS or t.low in lx.FILLERS for t in words if t.word):
            return Phrase(a, b, True)
        if words[-1].low in lx.ANAPHORIC_TAILS and len(words) > 1:
            return Phrase(a, b, True)
        person = self.mentions.first(a, b, ("PERSON",))
        if person is not None:
            return Phrase(a, b, False, person[0], self._whole_name(person[1], a, b))
        organization = self.mentions.first(a, b, ("ORGANIZATION",))
        if organization is not None:  # "Juru bicara KPK": the phrase says more than the name
            return Phrase(a, b, False, organization[0], self.body[a:b])
        return Phrase(a, b, False)


def _stop(tok: Token) -> bool:
    """A word that ends a speaker phrase: lowercase only ("AS" is a country, "as" a stop)."""
    return tok.low in lx.PHRASE_STOPS and tok.text.islower()


def _abbreviated(tok: Token) -> bool:
    """A title or an initial written with a full stop: "Mr.", "Ny.", "Dr.", "H."."""
    return tok.low in _TITLE_ABBREVIATIONS or (len(tok.text) == 1 and tok.text.isupper())


def _clause_end(toks: list[Token], k: int) -> int:
    """The index after the last word of the clause starting at k (up to punctuation), bounded."""
    stop = min(len(toks), k + _MAX_PHRASE)
    while k < stop and (toks[k].word or toks[k].text in "-()"):
        k += 1
    return k


def _verb_like(tok: Token) -> bool:
    """A lowercase word with a verb prefix ("menekan", "dikenal"): no part of a speaker's name."""
    low = tok.text
    return low.islower() and len(low) > 5 and low.startswith(("me", "di")) and low not in lx.NOT_VERBS


def _after_last_clause(seg: list[Token]) -> list[Token]:
    """The words after the last conjunction that follows a verb: the subject of the last clause."""
    seen_verb, start = False, 0
    for k, tok in enumerate(seg):
        if _verb_like(tok):
            seen_verb = True
        elif seen_verb and tok.low in lx.CONJUNCTIONS and tok.text.islower():
            start = k + 1
    return seg[start:]


def _stem(low: str) -> str:
    return low[:-3] if low.endswith("nya") and len(low) > 5 else low


def _closes_clause(toks: list[Token], j: int) -> bool:
    """The verb ends the attribution: '," ia menambahkan.' / '," Budi menambahkan, "...'."""
    return j >= len(toks) or toks[j].text in ".,;!?" or _stop(toks[j])


def _strip_discourse(seg: list[Token]) -> list[Token]:
    i = 0
    while i < len(seg) and seg[i].low in lx.DISCOURSE:
        i += 1
    return seg[i:]


def _date_like(tok: Token) -> bool:
    return tok.low in _DAYS_MONTHS or any(c.isdigit() for c in tok.text) or not tok.word


def _name_end(toks: list[Token], j: int) -> int:
    """The end of a name not closed by a comma: capitalised words, one "-nya" word, or a description
    up to the word that refers back ("pebalap asal Inggris tersebut")."""
    if j < len(toks) and toks[j].text.islower():
        for m in range(j + 1, min(len(toks), j + 8)):
            if not toks[m].word:
                break
            if toks[m].low in lx.ANAPHORIC_TAILS:
                return m + 1
    k = j
    while k < len(toks) and k - j < _MAX_PHRASE and toks[k].word and toks[k].text[0].isupper():
        k += 1
    return k if k > j else j + 1


def _next_comma(toks: list[Token], j: int) -> int:
    """The next comma within a phrase's reach, else the end of the phrase's reach."""
    stop = min(len(toks), j + _MAX_PHRASE + 2)
    while j < stop and toks[j].text != ",":
        j += 1
    return j


def _skip_dates(toks: list[Token], j: int) -> int:
    """After "Menurut laporan Yonhap," a date part ("Kamis (14/9/2023),") may come first."""
    k = _next_comma(toks, j)
    if k < len(toks) and all(_date_like(t) for t in toks[j:k]):
        return k + 1
    return j


def _skip_addressee(toks: list[Token], j: int) -> int:
    """After the verb: "kepada mitranya dari AS, Kurt Campbell, melalui telepon," / "told reporters
    that", then ",", ":" and "bahwa"."""
    if j < len(toks) and toks[j].low in ("kepada", "told", "to"):
        k, stop = j, min(len(toks), j + _MAX_PHRASE + 2)
        while k < stop and toks[k].text not in ",:" and toks[k].low not in lx.THAT:
            k += 1
        j = k if k < stop else j + 2
        # "kepada mitranya dari AS, Kurt Campbell, melalui sambungan telepon, kunjungan ...":
        # short appositions and adverbials after the addressee are no content either
        for _ in range(3):
            k = _next_comma(toks, j + 1) if j < len(toks) and toks[j].text == "," else j
            part = [t for t in toks[j + 1 : k] if t.word]
            if k >= len(toks) or not part or not (len(part) <= 3 or _stop(part[0])):
                break
            j = k
    while j < len(toks) and (toks[j].text in ",:" or toks[j].low in lx.THAT):
        j += 1
    return j


def _span_of(toks: list[Token]) -> tuple[int, int] | None:
    """The words of a token run, without leading or trailing punctuation."""
    while toks and (not toks[0].word and toks[0].text not in "\"“‘'«„("):
        toks = toks[1:]
    while toks and toks[-1].text in ".,;:!?":
        toks = toks[:-1]
    return (toks[0].start, toks[-1].end) if toks else None
