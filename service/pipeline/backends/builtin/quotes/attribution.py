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

from service.pipeline.backends.builtin.news_furniture import dateline_length
from service.pipeline.backends.builtin.quotes import lexicon as lx
from service.pipeline.backends.builtin.quotes.marks import QuotedSpan
from service.pipeline.backends.builtin.quotes.mentions import MentionIndex
from service.pipeline.backends.builtin.quotes.speakers import (
    MAX_PHRASE,
    Phrase,
    SpeakerFinder,
    Token,
    date_like,
    stop_word,
    tokens,
)
from service.pipeline.document import Sentence

_MAX_TAIL = 200  # characters after a closing mark searched for its attribution
# A description after a speaker's name: an article or a relative pronoun (", who ...", ", yang ...").
_APPOSITION_OPENERS = lx.APPOSITION_ARTICLES | frozenset("who whose yang".split())
# "added" before an amount is a price or a score that moved, no speech.
_MARKET_VERBS = frozenset("added adds".split())
_CURRENCIES = frozenset("$ € £ ¥ rp us".split())
_MIN_CONTENT_WORDS = 3  # "Budi mengatakan hal itu." reports nothing
_THAT_REACH = 6  # tokens: "bahwa" this close after the verb starts the reported clause
_SUBJECT_WINDOW = 40  # tokens before a verb searched for its subject: keeps long "sentences" linear
_ASIDE_SUBJECT_WORDS = 6  # "This system, says X, ..., helps": a subject this short before the aside
# Words of a time phrase after a verb: "said late on Monday", "said earlier this week".
_TIME_NOUNS = frozenset("week month year night morning afternoon evening".split())
_TIME = _TIME_NOUNS | frozenset("on late early earlier later last this next".split())
_TIME_WORDS = 4
_MARKS = frozenset("\"“”„«»'‘’‚")
_ABOUT = frozenset("tentang soal mengenai perihal about".split())
# A verb's object that is an attitude or an act, not what was said: "menyampaikan apresiasi",
# "menegaskan komitmen", "mengutarakan perasaannya", "menuliskan surat terbuka".
_OBJECT_NOUNS = frozenset(
    """apresiasi komitmen dukungan keprihatinan kekecewaan kekhawatiran perasaan keinginan harapan
    rasa ucapan terima belasungkawa selamat permintaan permohonan maaf surat nama pengembangan
    sikap pandangan keberatan penolakan protes fakta rincian kronologi""".split()
)
# English prepositions that open no reported clause unless a verb follows ("said at a school board
# meeting", "said of his position going into the weekend", "said from his home in London").
_ENGLISH_PREPOSITIONS = frozenset("in on at of for from by after during about with through".split())
# Lowercase English words after a verb of saying that open when it was said ("says as he watches",
# "said while visiting"), never what was said.
_ENGLISH_WHILE = frozenset(("as", "while"))
_SUBJECT_PRONOUNS = frozenset("i we you he she they it".split())
# "said in a statement.", "mengatakan dalam keterangan tertulisnya.": where it was said, not what.
_CHANNEL_OPENERS = frozenset("in on at through via during dalam melalui lewat saat di pada".split())
_CHANNELS = frozenset(
    """statement statements interview conference briefing release post tweet letter email video
    keterangan keterangannya pernyataan pernyataannya wawancara konferensi jumpa siaran rilis
    unggahan akun surat cuitan""".split()
)
_CHANNEL_TAIL = frozenset("tertulis tertulisnya resmi resminya pers persnya di pada kepada with to".split())
_CHANNEL_TAIL_TOKENS = 14  # "tertulisnya di Jakarta, Senin (4/3)," is 11 tokens
_CHANNEL_ONLY_WORDS = 6  # "dalam keterangan tertulisnya di Jakarta, Senin." and no more
_FIRST_PERSON = frozenset("kami saya kita hemat".split())  # "menurut kami": the reporter's own view
# "menurut rencana", "menurut data BPS": a plan or a table, no speaker.
_NOT_SOURCES = frozenset(
    "rencana jadwal aturan ketentuan peraturan undang-undang pasal hukum data survei".split()
)


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


class Attributor:
    def __init__(self, body: str, masked: str, spans: list[QuotedSpan], mentions: MentionIndex) -> None:
        self.body = body
        self.masked = masked
        self.spans = spans
        self.mentions = mentions
        self.speakers = SpeakerFinder(body, mentions)
        self.opening = {s.open_mark: i for i, s in enumerate(spans)}
        self.closing = frozenset(s.close_mark for s in spans if s.close_mark is not None)
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
            if not toks or toks[0].low in lx.LIKEWISE | lx.WRITTEN:
                return None
            if toks[0].low in lx.PASSIVE_VERBS | lx.INVERTED_VERBS:
                toks = toks[1:]
            phrase = self.speakers.named_phrase(toks)
            return Attribution(first.start, phrase, (span.start, span.end), index) if phrase else None
        stem = _stem(first.low)
        if stem in lx.INVERTED_VERBS and (first.text[0].islower() or not ended):
            if first.low != stem:
                return Attribution(
                    first.start, Phrase(first.start, first.end, True), (span.start, span.end), index
                )
            phrase = self.speakers.named_phrase(toks[1:])
            return Attribution(first.start, phrase, (span.start, span.end), index) if phrase else None
        # '"...," ia menambahkan.' / '"...," Smith said.': a short subject, then a forward verb
        for j, tok in enumerate(toks[: MAX_PHRASE + 1]):
            if not tok.word:
                return None
            if tok.low in lx.FORWARD_VERBS and j > 0 and _closes_clause(toks, j + 1):
                phrase = self.speakers.subject_phrase(toks[:j])
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
        if forward is not None and any(a.at == forward.at for a in framed):
            forward = None  # "..., said Derek Scissors": the verb was read as a frame already
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
                phrase, used = self.speakers.named_span(toks[j:])
                stop = j + used
                if stop < len(toks) and toks[stop].text != ",":  # "Menurut X pada Jumat (16/6), ..."
                    stop = _next_comma(toks, stop)
            elif toks[j].low in lx.PRONOUNS:  # "Menurut dia kejadian itu ...": "dia", then what was said
                phrase, stop = Phrase(toks[j].start, toks[j].end, True), j + 1
            elif tok.low == "according" and any(t.word for t in toks[:i]):
                # "It left him breathless, according to a case report published in ...": English
                # names the source after what it said, unless a verb named the speaker already
                # ('"...," he told settler leaders, according to a statement')
                if any(t.low in lx.FORWARD_VERBS or t.low in lx.CLAUSE_FINAL_VERBS for t in toks[:i]):
                    return None
                phrase = self.speakers.named_span(toks[j:])[0]
                return None if phrase is None else self._make(tok.start, phrase, toks[:i])
            else:  # "menurut Sandi peran kuasa hukum ...", "Menurut pebalap asal Inggris tersebut sasis ..."
                stop = _name_end(toks, j)
                phrase = self.speakers.named_phrase(toks[j:stop])
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
                if rest[0].low in lx.LIKEWISE | lx.WRITTEN:
                    continue
                if rest[0].low in lx.PASSIVE_VERBS | lx.INVERTED_VERBS:
                    rest = rest[1:]
                phrase, used = self.speakers.named_span(rest)
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
            if tok.low in lx.ENGLISH_PARENTHETICAL_VERBS and (at_start or not self._inverted(toks, i + 1)):
                continue  # "Added together, ...", "..., said in a statement", "X, a professor, said the ..."
            stop = _next_comma(toks, i + 1)
            if tok.low != stem:  # "lanjutnya," / ", katanya."
                closed = i + 1 >= len(toks) or toks[i + 1].text in ",."
                phrase: Phrase | None = Phrase(tok.start, tok.end, True) if closed else None
            else:
                phrase = self.speakers.named_phrase(toks[i + 1 : stop])
            if phrase is None:
                continue
            if at_start:
                content = toks[stop + 1 :] if stop < len(toks) and toks[stop].text == "," else []
            elif _aside_in_subject(toks, i, stop):
                content = toks  # "This system, says X, an immunologist at Y, helps direct ...": all of it
            elif not any(t.word for t in toks[stop + 1 :]) or _apposition(toks[stop + 1 :]):
                content = self._unless_quote_tail(toks[: i - 1])  # "..., said X, a research fellow."
            else:
                content = toks
            found = self._make(tok.start, phrase, content)
            if found is not None:
                return found
            if not content and not at_start:  # the words before were a quote's tail: who, no what
                return Attribution(tok.start, phrase, None)
        return None

    def _forward(self, toks: list[Token]) -> Attribution | None:
        for i, tok in enumerate(toks):
            if tok.low not in lx.FORWARD_VERBS or i == 0:
                continue
            if toks[i - 1].low in lx.NEGATIONS or (i > 1 and toks[i - 2].low in lx.NEGATIONS):
                continue
            if toks[i - 1].low in lx.BE_FORMS or (i > 1 and toks[i - 2].low in lx.BE_FORMS):
                continue
            if tok.low in _MARKET_VERBS and i + 1 < len(toks) and _amount(toks[i + 1]):
                continue  # "the Nasdaq Composite added 20.72 points": a market move, no speech
            phrase = self.speakers.subject_phrase(toks[max(0, i - _SUBJECT_WINDOW) : i])
            if phrase is None or (tok.low in lx.WEAK_VERBS and not self.speakers.agent(phrase)):
                continue
            # "told reporters that ...": the addressee is the verb's object
            start = _skip_addressee(toks, i if tok.low == "told" else i + 1)
            found = self._told_clause(tok, self._make(tok.start, phrase, toks[start:]))
            # "..., Mayer said, and ...", "..., the minister said on Monday, the latest in ...": the
            # words after the verb (and its time) add to the report rather than being it
            parenthetical = _time_then_comma(toks, i + 1)
            if tok.low in lx.CLAUSE_FINAL_VERBS and (found is None or parenthetical):
                found = self._told_clause(tok, self._clause_before(tok.start, phrase, toks[:i])) or found
            # "Budi mengatakan hal yang serupa.": nothing reported, but Budi is who "dia" means next
            return found or Attribution(tok.start, phrase, None)
        return None

    def _told_clause(self, verb: Token, found: Attribution | None) -> Attribution | None:
        """`found`, unless "told" reports words without a verb (_finite): "told the New York
        Post.", "told his bride in their wedding vows" say whom; "A Bronx building superintendent,
        Ruben George, told ..." has an apposition before the verb, not a report."""
        if verb.low != "told" or found is None or found.quote is not None or found.content is None:
            return found
        words = self.body[found.content[0] : found.content[1]].split()
        return found if any(_finite(w) for w in words) else None

    def _inverted(self, toks: list[Token], j: int) -> bool:
        """An English verb after a comma names its speaker next ("..., said Derek Scissors, a China
        scholar.") rather than opening what was said ("Eswar Prasad, a professor, said the
        president's ..."): the speaker phrase ends the sentence, or a comma, or a channel or time
        ("in an email", "on Tuesday") follows it, and it holds no "that" or auxiliary verb."""
        if not _names_next(toks, j):
            return False
        phrase, used = self.speakers.named_span(toks[j:])
        if phrase is None or any(t.low in lx.THAT or t.low in lx.AUXILIARIES for t in toks[j : j + used]):
            return False  # "said the stock could be ...": a clause
        rest = [t for t in toks[j + used :] if t.text not in ".!?"]
        return not rest or rest[0].text == "," or rest[0].low in lx.CHANNEL_STARTS

    def _clause_before(self, at: int, phrase: Phrase, toks: list[Token]) -> Attribution | None:
        """ "The economy will grow, Sri Mulyani said." / "..., Mayer said, and ...": the clause
        before the comma that opens the subject is what was said."""
        comma = next((k for k in range(len(toks) - 1, -1, -1) if toks[k].end <= phrase.start), None)
        if comma is None or toks[comma].text != ",":
            return None
        return self._make(at, phrase, self._unless_quote_tail(toks[:comma]))

    def _unless_quote_tail(self, content: list[Token]) -> list[Token]:
        """No words when `content` opens with a quote that closes inside it: '"..." announced in
        October, said X' is X's direct quote and its tail, no report of its own (a quote inside
        the words, 'The economy will "boom", X said', leaves them as they are)."""
        if not content:
            return content
        if content[0].start in self.closing:  # the quote's own words are masked: its mark opens
            return []
        if content[0].start in self.opening:
            span = self.spans[self.opening[content[0].start]]
            if span.close_mark is not None and span.close_mark < content[-1].end:
                return []
        return content

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
        if a == 0 or self.body[a - 1] == "\n":  # the lede's dateline is where it was filed, not said
            a += dateline_length(self.body[a:b])
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
        if first == "according" and words[1].lower() == "to":
            return None  # '"...," Netanyahu said, according to a statement': the source, not speech
        if words[0] in _ENGLISH_WHILE:
            return None  # "' ...,' Rossen says as he watches the session unfold": when, not what
        if first in _ENGLISH_PREPOSITIONS and not words[0].isupper() and not any(_finite(w) for w in words):
            return None  # "he said at a school board meeting", "they wrote in coffee shops": no clause
        channel = _channel_end(content) if first in _CHANNEL_OPENERS else None
        if channel is not None:
            if len(words) <= _CHANNEL_ONLY_WORDS:
                return None  # "Apple said in a statement.": the channel, after a direct quote
            # "said in a statement the company would appeal": what was said follows the channel
            return self._make(at, phrase, content[channel:])
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
                if rest and stop_word(rest[0]):
                    continue  # "disampaikan saat Rapat Dengar Pendapat": when, not by whom
                phrase = self.speakers.named_phrase(rest)
                if phrase is not None and not phrase.anaphor:
                    return Attribution(tok.start, phrase, None)
        return None

    # --- speaker phrases --------------------------------------------------------------------


def _finite(word: str) -> bool:
    """An English word that makes a clause of the words it is in: an auxiliary, a past tense or
    participle in "-ed", a subject pronoun ("in her opinion, women appear to be ...", "after a
    night out she had asked him")."""
    low = re.split(r"['’]", word.strip(".,;:'\"‘’“”()").lower())[0]  # "it's", curly too
    return low in lx.AUXILIARIES or low in _SUBJECT_PRONOUNS or (len(low) > 3 and low.endswith("ed"))


def _amount(tok: Token) -> bool:
    return tok.text[0].isdigit() or tok.low in _CURRENCIES


def _names_next(toks: list[Token], j: int) -> bool:
    """The words from j can name a speaker: not a preposition, a date, "that" or a pronoun."""
    return (
        j < len(toks)
        and toks[j].word
        and not (
            toks[j].low in lx.PHRASE_STOPS or toks[j].low in lx.NOT_SPEAKER_OPENERS or date_like(toks[j])
        )
    )


def _time_then_comma(toks: list[Token], j: int) -> bool:
    """A comma follows at j, or after a short time phrase there ("on Monday,", "late on Tuesday,")."""
    k = j
    while (
        k < len(toks)
        and k - j < _TIME_WORDS
        and toks[k].word
        and (toks[k].low in _TIME or date_like(toks[k]))
    ):
        k += 1
    return (
        k < len(toks)
        and toks[k].text == ","
        and (k == j or any(date_like(t) or t.low in _TIME_NOUNS for t in toks[j:k]))
    )


def _apposition(rest: list[Token]) -> bool:
    """What follows a speaker's name describes them: ", a European Space Agency research fellow"."""
    words = [t for t in rest if t.word]
    return bool(words) and words[0].low in _APPOSITION_OPENERS


def _aside_in_subject(toks: list[Token], verb: int, stop: int) -> bool:
    """ "This system, says X, an immunologist at Y, helps direct ...": the verb and its speaker's
    description sit between a short subject (_ASIDE_SUBJECT_WORDS) and its lowercase predicate."""
    if stop >= len(toks) or toks[stop].text != "," or not _apposition(toks[stop + 1 :]):
        return False
    if not 0 < sum(t.word for t in toks[: verb - 1]) <= _ASIDE_SUBJECT_WORDS:
        return False
    after = stop
    for _ in range(3):  # the description may name a place with commas: "at Y, San Francisco,"
        after = _next_comma(toks, after + 1)
        if after >= len(toks) or toks[after].text != ",":
            return False
        rest = [t for t in toks[after + 1 :] if t.word]
        if not rest or rest[0].text.islower():
            return bool(rest)
    return False


def _stem(low: str) -> str:
    return low[:-3] if low.endswith("nya") and len(low) > 5 else low


def _channel_end(content: list[Token]) -> int | None:
    """Where the content starts after a channel phrase opening it ("in a statement", "dalam
    keterangan tertulisnya di Jakarta, Senin,"), or None when it opens with no channel."""
    words = [i for i, t in enumerate(content) if t.word]
    noun = next((i for i in words[1:4] if content[i].low in _CHANNELS), None)
    if noun is None:
        return None
    # Its short tail up to a comma ("tertulisnya di Jakarta, Senin (4/3),") belongs to the channel.
    end, i = noun + 1, noun + 1
    while i < min(len(content), noun + _CHANNEL_TAIL_TOKENS):
        tok = content[i]
        if tok.text == ",":
            end = i + 1
        elif not (tok.low in _CHANNEL_TAIL or tok.text[0].isupper() or tok.text in "()" or date_like(tok)):
            break
        i += 1
    return end


def _closes_clause(toks: list[Token], j: int) -> bool:
    """The verb ends the attribution: '," ia menambahkan.' / '," Budi menambahkan, "...'."""
    return j >= len(toks) or toks[j].text in ".,;!?" or stop_word(toks[j])


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
    while k < len(toks) and k - j < MAX_PHRASE and toks[k].word and toks[k].text[0].isupper():
        k += 1
    return k if k > j else j + 1


def _next_comma(toks: list[Token], j: int) -> int:
    """The next comma within a phrase's reach, else the end of the phrase's reach."""
    stop = min(len(toks), j + MAX_PHRASE + 2)
    while j < stop and toks[j].text != ",":
        j += 1
    return j


def _skip_dates(toks: list[Token], j: int) -> int:
    """After "Menurut laporan Yonhap," a date part ("Kamis (14/9/2023),") may come first."""
    k = _next_comma(toks, j)
    if k < len(toks) and all(date_like(t) for t in toks[j:k]):
        return k + 1
    return j


def _skip_addressee(toks: list[Token], j: int) -> int:
    """After the verb: "kepada mitranya dari AS, Kurt Campbell, melalui telepon," / "told reporters
    that", then ",", ":" and "bahwa"."""
    if j < len(toks) and toks[j].low in ("kepada", "told", "to"):
        k, stop = j, min(len(toks), j + MAX_PHRASE + 2)
        while k < stop and toks[k].text not in ",:" and toks[k].low not in lx.THAT:
            k += 1
        j = k if k < stop else j + 2
        # "kepada mitranya dari AS, Kurt Campbell, melalui sambungan telepon, kunjungan ...":
        # short appositions and adverbials after the addressee are no content either
        for _ in range(3):
            k = _next_comma(toks, j + 1) if j < len(toks) and toks[j].text == "," else j
            part = [t for t in toks[j + 1 : k] if t.word]
            if k >= len(toks) or not part or not (len(part) <= 3 or stop_word(part[0])):
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
