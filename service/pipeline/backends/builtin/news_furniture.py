"""The parts of a news text that are not the story: datelines, bylines, captions, "Baca juga" links.

A summary sentence must not carry them. A dateline opens the lede ("Jakarta, CNN Indonesia --",
"SEOUL, iNews.id -", "WASHINGTON (Reuters) -"), so the sentence is kept and only its start moves past
the dateline; the other kinds make a sentence unusable. Line-level vocabulary (teasers, credits,
photo agencies, bylines) is the boilerplate stage's, applied here to single sentences.
"""

from __future__ import annotations

import re

from service.pipeline.backends.builtin.boilerplate_lines import LEAD_IN, is_credit_tail
from service.pipeline.backends.builtin.boilerplate_vocabulary import CREDIT_LABELS, NAV_LINES, is_teaser
from service.pipeline.backends.builtin.metadata.datelines import colon_dateline_length, is_known_place
from service.pipeline.backends.builtin.metadata.months import MONTH_DAY
from service.pipeline.backends.builtin.metadata.outlets import bracketed_outlet, normalise_outlet
from service.pipeline.backends.builtin.metadata.wires import match_wire

# A dateline's head before its dash: a place and/or a medium, in at most a few words.
_HEAD = r"(?P<head>[^\s\-–—(][^\n\-–—]{0,60}?)"
# The dash, spaced before ("GO-JEK" is a word, "JAKARTA -" a dateline); IndoSum's detokenised
# "- -" and a glued "-Ketua" (Pos Kota) included.
_DASH = r"\s+(?:--|[-–—](?:\s?[-–—])?)[\s\u200b-\u200f\u2060\ufeff]*"  # and zero-width marks pasted after it
_DASHED = re.compile(_HEAD + _DASH + r"(?=\S)")  # and the story starts as a sentence does (_STORY_START)
_STORY_START = "\"“‘'«([0123456789"
# An agency in brackets opening the lede: "(CNN) --", or glued with no dash: "Boston (CNN)Guilty";
# with a space and no dash only a known outlet ("Hong Kong (CNN Business) A muddled view", "(CNN)
# President", "New Delhi, Nov 24 (PTI) The"), not "Badan Pusat Statistik (BPS) Jawa Barat mencatat".
_BRACKETED = re.compile(
    rf"(?:[A-Z][\w.'’]*[ ,]+){{0,3}}(?P<date>{MONTH_DAY}[ ,]*)?\((?P<medium>(?:[A-Za-z][\w.-]*\s?){{1,3}})\)"
    r"(?:\s*(?:--|[-–—]+)\s*|(?P<space>\s*)(?=[A-Z\"“‘']))"
)
# A date in the head is no word of it: "BRUSSELS, March 4 (Reuters)", "HÀ NỘI, 24/11".
_HEAD_DATE = re.compile(rf"{MONTH_DAY}|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?")
_DOMAIN = re.compile(r"\w\.(?:com|net|id|co|org|tv|news)\b", re.IGNORECASE)
_HEAD_BRACKETS = re.compile(r"\(([^()]{1,40})\)")
# Russian (and its neighbours) writes a dash for "is": "Россия — крупнейшая страна мира".
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
DATELINE_MAX_WORDS = 7  # "JUARA.NET, TERMAS DE RIO HONDO" is the longest head IndoSum has (6)


def dateline_length(sentence: str, *, bare_word: bool = True) -> int:
    """Characters at the start of `sentence` that are a dateline and the spaces after it, else 0.
    `bare_word`: whether one capitalised word counts ("Istanbul - ", "Rimanews - "); only where the
    story opens, since in detokenised text "Karl - Heinz Rummenigge" has the same shape."""
    if wire := match_wire(sentence):  # shared with the metadata stage: other scripts, Russian agencies
        return wire.end
    if (m := _BRACKETED.match(sentence)) and (
        # a listed agency; or, before a dash, any name opening with a capital ("(CNN) --"), not an
        # aside ("Presiden Jokowi (kiri) - ...")
        bracketed_outlet(m["medium"], dated=bool(m["date"])) is not None
        or (not m["space"] and m["medium"][0].isupper())
    ):
        return m.end()
    m = _DASHED.match(sentence)
    if m is None or not _is_dateline_head(m.group("head"), bare_word) or not _starts_story(sentence[m.end()]):
        return colon_dateline_length(sentence)
    return m.end()


def _starts_story(first: str) -> bool:
    """The text after a dateline's dash starts as a sentence: a capital in any cased script, a digit, a quote."""
    return first.isupper() or first in _STORY_START


def _is_dateline_head(head: str, bare_word: bool) -> bool:
    """Capitalised words only (a place, a medium), and one mark that rules out an ordinary subject
    ("Real Madrid - Barcelona"): capitals, a domain, a comma, a known outlet in brackets ("BERLIN (dpa)",
    not a caption's "Presiden Jokowi (kiri)"), or a single word (in capitals where a dash is "is")."""
    tokens = _HEAD_DATE.sub("", head).replace(",", " , ").split()
    words = [t for t in tokens if t != ","]
    if not words or len(words) > DATELINE_MAX_WORDS:
        return False
    if not all(w[0].isupper() or w[0] == "(" or _DOMAIN.search(w) for w in words):
        return False
    return bool(
        (bare_word and len(words) == 1 and (words[0].isupper() or not _CYRILLIC.search(words[0])))
        # where the story opens, a known place of a few words: "New York - Presiden terpilih ..."
        or (bare_word and len(words) <= 3 and is_known_place(" ".join(words)))
        or "," in tokens
        or any(normalise_outlet(b) for b in _HEAD_BRACKETS.findall(head))
        or _DOMAIN.search(head)
        or any(w.isupper() and sum(c.isalpha() for c in w) >= 2 for w in words)
    )


def lead_in_length(sentence: str) -> int:
    """Characters of a "Scroll down for video" lead-in (and spaces) glued before the sentence."""
    return m.end() if (m := LEAD_IN.match(sentence)) else 0


def is_furniture(sentence: str) -> bool:
    """A teaser ("Baca juga: ..."), a captioned photo's credit, a byline or a "Label: value" credit:
    text that is not the story. The boilerplate stage's vocabulary, in a form cheap enough to run on
    every sentence (its full line test costs several times more)."""
    low = sentence.casefold()
    if is_teaser(low) or low.strip(_LABEL_PUNCTUATION) in NAV_LINES:
        return True
    if sentence.endswith((")", ").", ")”")) and is_credit_tail(sentence):
        return True  # "... terlihat sangat akrab. (Vladimir Smirnov, Sputnik, Kremlin Pool Photo via AP)"
    head, colon, _ = low.partition(":")
    if colon and len(head) <= _CREDIT_LABEL_CHARS and head.strip() in CREDIT_LABELS:
        return True
    return bool(_BYLINE.match(sentence)) and len(sentence.split()) <= BYLINE_MAX_WORDS


def is_caption(paragraph: list[str]) -> bool:
    """A photo caption: a short paragraph whose credit the splitter set apart as its last sentence
    ("Kedua pemimpin berjabat tangan. (Foto: Antara)")."""
    return 1 < len(paragraph) <= CAPTION_MAX_SENTENCES and is_credit_tail(paragraph[-1])


# A caption and its credit. A one-sentence paragraph signed "(AP)" goes with them: a small loss, as
# a signed paragraph closes the story, where summaries seldom look.
CAPTION_MAX_SENTENCES = 2
_LABEL_PUNCTUATION = " \t:|-–—•·*>»«()[]."
_CREDIT_LABEL_CHARS = 20  # "laporan wartawan" is the longest label
# "oleh Tommy K. Rony diperbarui ...", "By Jane Doe": a name follows. "Oleh karena itu" does not.
_BYLINE = re.compile(r"(?i:by|oleh|penulis|reporter|written by|posted by)\s+[A-Z]")
BYLINE_MAX_WORDS = 15  # a byline is short; a sentence that opens "Oleh Presiden ..." goes on
