"""Quotes of an article: direct ones in quote marks and indirect (reported) speech, with speakers.

1. Quote marks are paired per paragraph (`marks`), and the quoted words blanked out of a copy of
   the text, so that attribution never reads inside a quote.
2. Attributions are found around verbs of saying, per sentence (`attribution`).
3. Speakers that refer back ("katanya", "dia", "pejabat tersebut") take the latest speaker named
   before them, or the latest person who opened a sentence, whichever came later.
4. A quoted span is a direct quote when an attribution names its speaker, or when it is long
   enough to be speech on its own; then it takes the speaker of the paragraph (the quote before it,
   the one after it, or, for a paragraph that is one quote, the speaker of the paragraph before).
   An attribution whose content is not a direct quote is an indirect quote.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from service.pipeline.backends.builtin.entities.lexicons import PERSON_CUES
from service.pipeline.backends.builtin.quotes import lexicon as lx
from service.pipeline.backends.builtin.quotes.attribution import Attribution, Attributor
from service.pipeline.backends.builtin.quotes.marks import DOUBLE_MARKS, QuotedSpan, quoted_spans
from service.pipeline.backends.builtin.quotes.mentions import MentionIndex
from service.pipeline.backends.builtin.quotes.speakers import Phrase, tokens
from service.pipeline.document import Entity, Quote, Sentence, Speaker
from service.pipeline.text import split_sentences

# The thresholds below were read off the IndoSum development articles (outside the labelled sets):
# unattributed quoted spans of up to five words there were terms, nicknames and titles ("antik",
# "Laskar Sapeh Kerrab", "Overall Best Buy of The Year"); one quoted word inside reported
# speech was a scare quote; a reference back met its noun within a handful of speakers.
MIN_FREE_WORDS = 6  # an unattributed quoted span shorter than this is a term or a title, not speech
MIN_PARTIAL_WORDS = 2  # a quoted word inside reported speech is a scare quote
MAX_NAME_WORDS = 6  # "Pengabdi Setan", "Kickstart Series": all capitalised and short is a title
RECENT_ANTECEDENTS = 6  # "pejabat tersebut" looks this many speakers and subjects back for a "pejabat"
ONE_QUOTE_PARAGRAPH = 0.8  # share of a paragraph's characters inside quotes for it to continue one


@dataclass
class _Found:
    """A direct quote candidate and what is known about it."""

    span: QuotedSpan
    paragraph: int
    speaker: Speaker | None = None
    attributed: bool = False


def extract_quotes(body: str, entities: list[Entity]) -> list[Quote]:
    """Direct and indirect quotes in `body`, ordered by start; offsets index `body`.
    `speaker.entity` indexes `entities` when the speaker is one of its PERSON or ORGANIZATION."""
    spans = quoted_spans(body)
    masked = _mask(body, spans)
    mentions = MentionIndex(entities)
    attributor = Attributor(body, masked, spans, mentions)
    paragraphs = _line_starts(body)
    sentences = split_sentences(body)

    attributions: list[Attribution] = []
    for i, span in enumerate(spans):
        found = attributor.after_quote(i, _line_end(body, span.after))
        if found is not None:
            attributions.append(found)
    for sentence in sentences:
        attributions += attributor.in_sentence(sentence)
    attributions.sort(key=lambda a: a.at)

    reported = sorted(a.content for a in attributions if a.content is not None and a.quote is None)
    subjects = _sentence_subjects(body, masked, sentences, mentions, reported)
    people = frozenset(i for i, e in enumerate(entities) if e.type == "PERSON")
    speakers = _linked(_resolve(body, attributions, subjects, people), entities)
    direct = _direct(body, spans, paragraphs, attributions, speakers)
    quotes = [
        Quote(body[f.span.start : f.span.end], f.span.start, f.span.end, "direct", f.speaker) for f in direct
    ]
    quotes += _indirect(body, attributions, speakers, direct)
    return sorted(quotes, key=lambda q: (q.start, q.end))


def _linked(speakers: list[Speaker | None], entities: list[Entity]) -> list[Speaker | None]:
    """A speaker named by a word of one person's name that the recogniser did not find there
    ("kata Sopan" after "Sopan Adrianto", "ujar Gede" after "Gede Widiade": common words, or
    names the tagger missed alone) is that person."""
    words = [
        (i, {w for m in e.mentions for w in m.text.split()})
        for i, e in enumerate(entities)
        if e.type == "PERSON"
    ]
    out: list[Speaker | None] = []
    for speaker in speakers:
        if speaker is not None and speaker.entity is None and _a_name(speaker.text):
            said = speaker.text.split()
            owners = [i for i, names in words if all(w in names for w in said)]
            if len(owners) == 1:
                speaker = Speaker(speaker.text, owners[0])
        out.append(speaker)
    return out


def _a_name(text: str) -> bool:
    """One or two capitalised words, none a pronoun or a title ("Menlu", "Dia")."""
    said = text.split()
    return 0 < len(said) <= 2 and all(
        w[:1].isupper() and w.isalpha() and w.lower() not in lx.PRONOUNS and w.lower() not in PERSON_CUES
        for w in said
    )


def _mask(body: str, spans: list[QuotedSpan]) -> str:
    """The body with the words inside quote marks replaced by spaces (same offsets)."""
    parts: list[str] = []
    pos = 0
    for span in spans:
        parts += [body[pos : span.start], " " * (span.end - span.start)]
        pos = span.end
    parts.append(body[pos:])
    return "".join(parts)


def _line_starts(body: str) -> list[int]:
    starts = [0]
    pos = body.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = body.find("\n", pos + 1)
    return starts


def _line_end(body: str, pos: int) -> int:
    end = body.find("\n", pos)
    return len(body) if end == -1 else end


@dataclass(frozen=True)
class _Antecedent:
    """Someone a later "dia" or "pelatih tersebut" may mean, and how the text described them."""

    at: int
    speaker: Speaker
    described: frozenset[str]  # lowercase words of the name and its title ("pelatih", "persebaya")


def _sentence_subjects(
    body: str,
    masked: str,
    sentences: list[Sentence],
    mentions: MentionIndex,
    reported: list[tuple[int, int]],
) -> list[_Antecedent]:
    """People who open a clause ("Peskov juga menganggap ...", "Saat ditanya, juru bicara Kremlin
    Dmitry Peskov menolak ..."): what a later "dia" most likely means. Only titles and names may
    come before them in the clause: "setelah kunjungan Kim Jong Un" has no subject Kim; nor do
    subordinate clauses ("Sebab Miryam sudah mangkir") or reported ones ("kata Fredrich, Dwina
    sudah memiliki rumah"): they say what happened, not who goes on speaking."""
    out: list[_Antecedent] = []
    reported_starts = [a for a, _ in reported]
    for s in sentences:
        assert s.start is not None and s.end is not None
        for index, text, start in mentions.all_in(s.start, s.end, ("PERSON",)):
            clause = max(s.start, masked.rfind(",", s.start, start) + 1)
            before = masked[clause:start].split()
            after = masked[start + len(text) : start + len(text) + 2].strip()[:1]
            agent = before[-1:] == ["oleh"]  # "hal ini ditepis oleh Presiden Direktur Mjek Angga"
            opens = after not in ",)" and all(_title_or_name(w) for w in before)
            k = bisect_right(reported_starts, start) - 1
            inside = k >= 0 and start < reported[k][1]
            if masked[start : start + 1] != " " and (opens or agent) and not inside:
                described = frozenset(masked[s.start : start + len(text)].lower().split())
                out.append(_Antecedent(start, Speaker(text, index), described))
                break
    return out


def _title_or_name(word: str) -> bool:
    low = word.lower().strip("()")
    if low in _SUBORDINATE:
        return False
    return word[:1].isupper() or low in PERSON_CUES or low in lx.TITLE_WORDS or low in lx.DISCOURSE


_SUBORDINATE = frozenset("sebab karena meski meskipun walau walaupun padahal kendati jika kalau agar".split())


def _resolve(
    body: str, attributions: list[Attribution], subjects: list[_Antecedent], people: frozenset[int]
) -> list[Speaker | None]:
    """One speaker per attribution. A reference back takes the latest antecedent described with its
    noun ("pejabat tersebut" -> the latest "pejabat"), "he" or "she" the latest named person
    (`people`: the PERSON entities' indexes) among the recent antecedents, else the latest named
    speaker or clause subject before it."""
    resolved: list[Speaker | None] = []
    recent: list[_Antecedent] = []  # named speakers and subjects, in text order
    k = 0
    for attribution in attributions:
        while k < len(subjects) and subjects[k].at < attribution.at:
            recent = [*recent[-RECENT_ANTECEDENTS + 1 :], subjects[k]]
            k += 1
        phrase = attribution.speaker
        speaker: Speaker | None
        if phrase.anaphor:
            speaker = _same_noun(body, phrase, recent) or _person(body, phrase, recent, people)
            if speaker is None:
                speaker = recent[-1].speaker if recent else _fallback(body, phrase)
        else:
            speaker = _named(body, phrase)
            described = frozenset(body[phrase.start : phrase.end].lower().split())
            recent = [*recent[-RECENT_ANTECEDENTS + 1 :], _Antecedent(attribution.at, speaker, described)]
        resolved.append(speaker)
    return resolved


def _same_noun(body: str, phrase: Phrase, recent: list[_Antecedent]) -> Speaker | None:
    words = [w for w in body[phrase.start : phrase.end].lower().split() if w not in lx.ANAPHORIC_TAILS]
    if not words or words[0] in lx.PRONOUNS:
        return None
    for antecedent in reversed(recent):
        if words[0] in antecedent.described:
            return antecedent.speaker
    return None


def _person(body: str, phrase: Phrase, recent: list[_Antecedent], people: frozenset[int]) -> Speaker | None:
    """ "She said": the latest recent antecedent that is a named person, not a description or a
    body ("the late neurologist", "the company") met since."""
    if body[phrase.start : phrase.end].lower() not in lx.PERSONAL_PRONOUNS:
        return None
    return next((a.speaker for a in reversed(recent) if a.speaker.entity in people), None)


def _named(body: str, phrase: Phrase) -> Speaker:
    if phrase.entity is not None and phrase.entity_text is not None:
        return Speaker(phrase.entity_text, phrase.entity)
    return Speaker(body[phrase.start : phrase.end], None)


def _fallback(body: str, phrase: Phrase) -> Speaker | None:
    """A reference back with nothing before it: "pejabat tersebut" still says who; "katanya" not."""
    text = body[phrase.start : phrase.end]
    words = text.lower().split()
    if len(words) > 1 and words[-1] in lx.ANAPHORIC_TAILS:
        return Speaker(text, None)
    return None


def _direct(
    body: str,
    spans: list[QuotedSpan],
    paragraphs: list[int],
    attributions: list[Attribution],
    speakers: list[Speaker | None],
) -> list[_Found]:
    by_quote = {a.quote: s for a, s in zip(attributions, speakers, strict=True) if a.quote is not None}
    contents = sorted(
        (
            (a.content[0], a.content[1], s)
            for a, s in zip(attributions, speakers, strict=True)
            if a.content is not None and a.quote is None
        ),
        key=lambda c: (c[0], c[1]),  # two frames of one sentence may report the same words
    )
    content_starts = [c[0] for c in contents]
    found: list[_Found] = []
    for i, span in enumerate(spans):
        paragraph = bisect_right(paragraphs, span.open_mark) - 1
        if i in by_quote:
            found.append(_Found(span, paragraph, by_quote[i], True))
            continue
        if _is_title(body, span):
            continue
        k = bisect_right(content_starts, span.open_mark) - 1
        words = len(body[span.start : span.end].split())
        if k >= 0 and span.open_mark < contents[k][1] and words >= MIN_PARTIAL_WORDS:
            found.append(_Found(span, paragraph, contents[k][2], True))  # a partial quote
        elif words >= MIN_FREE_WORDS:
            found.append(_Found(span, paragraph))
    _paragraph_speakers(body, found, paragraphs, attributions, speakers)
    return found


def _is_title(body: str, span: QuotedSpan) -> bool:
    """A work, slogan or term: announced by a cue word ("film", "bertajuk") or all capitalised."""
    before = tokens(body, max(0, span.open_mark - 30), span.open_mark)
    if before and before[-1].low in lx.TITLE_CUES:
        return True
    words = body[span.start : span.end].split()
    return len(words) <= MAX_NAME_WORDS and all(
        w[:1].isupper() or not w[:1].isalpha() or w in _TITLE_JOINERS for w in words
    )


# Lowercase words inside titles: "Overall Best Buy of The Year", "Gerakan Cinta dan Damai".
_TITLE_JOINERS = frozenset("of the and for in on a to dan di ke dari untuk yang & -".split())


def _paragraph_speakers(
    body: str,
    found: list[_Found],
    paragraphs: list[int],
    attributions: list[Attribution],
    speakers: list[Speaker | None],
) -> None:
    """Unattributed quotes speak for the paragraph's speaker (the latest before them, else the
    first after); a paragraph that is all one quote goes on with the speaker of the paragraph
    before. One pass over quotes and attributions in text order."""
    named = [
        (a.at, bisect_right(paragraphs, a.at) - 1, s)
        for a, s in zip(attributions, speakers, strict=True)
        if s
    ]
    first_in: dict[int, Speaker] = {}
    for _, p, s in named:
        first_in.setdefault(p, s)
    quoted: dict[int, int] = {}
    for f in found:
        quoted[f.paragraph] = quoted.get(f.paragraph, 0) + f.span.end - f.span.start
    latest: dict[int, Speaker] = {}
    last_speaker: Speaker | None = None
    k = 0
    for f in found:
        while k < len(named) and named[k][0] < f.span.open_mark:
            latest[named[k][1]] = last_speaker = named[k][2]
            k += 1
        if not f.attributed:
            p = f.paragraph
            f.speaker = latest.get(p) or first_in.get(p)
            if f.speaker is None and _one_quote(body, paragraphs, p, quoted.get(p, 0)):
                # a paragraph that is all quote goes on with the latest speaker before it
                f.speaker = latest.get(_previous_paragraph(body, paragraphs, p)) or last_speaker
        if f.speaker is not None:
            latest[f.paragraph] = last_speaker = f.speaker


def _previous_paragraph(body: str, paragraphs: list[int], p: int) -> int:
    """The paragraph before `p`, skipping blank lines (paragraphs split by "\n\n")."""
    p -= 1
    while p >= 0 and not body[paragraphs[p] : _line_end(body, paragraphs[p])].strip():
        p -= 1
    return p


def _one_quote(body: str, paragraphs: list[int], paragraph: int, quoted: int) -> bool:
    start = paragraphs[paragraph]
    length = len(body[start : _line_end(body, start)].strip())
    return quoted >= ONE_QUOTE_PARAGRAPH * max(1, length)


def _indirect(
    body: str, attributions: list[Attribution], speakers: list[Speaker | None], direct: list[_Found]
) -> list[Quote]:
    """Reported content that is not mostly a direct quote."""
    out: list[Quote] = []
    starts = [f.span.start for f in direct]
    for attribution, speaker in zip(attributions, speakers, strict=True):
        if attribution.content is None or attribution.quote is not None:
            continue
        a, b = attribution.content
        if body[a] in DOUBLE_MARKS and body[a + 1 : a + 2].isspace():
            # the closing mark of the quote before, pushed onto this sentence by a line break
            a += 1
            while a < b and body[a].isspace():
                a += 1
        k = bisect_left(starts, a)
        quoted = 0
        while k < len(direct) and direct[k].span.start < b:
            quoted += min(b, direct[k].span.end) - direct[k].span.start
            k += 1
        if quoted * 2 >= b - a:
            continue
        out.append(Quote(body[a:b], a, b, "indirect", speaker))
    return out
