"""Per entity: how central it is to the article (salience), the tone of the sentences that mention it,
the forms the article names it by, and whether it is a political party.

Salience is a weighted mention count: mentions early in the body weigh more, mentions in the lead
and presence in the title add to it (news puts what matters first); a dateline's place and outlet
weigh least. The weights were chosen on
IndoSum articles, where an entity named in the human-written summary counts as salient; see
bench/quality_entity_profile.py for the held-out figures beside mention-count and first-position
baselines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from service.pipeline.backends.builtin.entity_aliases import (
    PARTY_LANGUAGES,
    KnownNames,
    kind_of,
    merge_known_names,
)
from service.pipeline.backends.builtin.news_furniture import dateline_length
from service.pipeline.document import (
    BODY,
    NAMED,
    SENTIMENT,
    SENTIMENT_LABELS,
    Article,
    BackendInfo,
    Entity,
    EntityProfile,
    Sentence,
    Sentiment,
)
from service.pipeline.text import split_sentences

# Chosen by `bench/quality_entity_profile.py --tune --limit 600` (IndoSum development split, mean average
# precision 0.853; the top eight settings are within 0.002, so the exact values matter little). With
# dateline mentions weighing least (0.857 -> 0.908 there) they are still within 0.0005 of the best.
POSITION_DECAY = 4.0  # a mention at the end of the body weighs 1 / (1 + POSITION_DECAY) of one at the start
LEAD_BONUS = 1.0  # added per mention in the lead
LEAD_SENTENCES = 2
MAX_TITLE = 1000  # characters of the title looked at: titles are short, a bad request's may not be
TITLE_BONUS = 3.0  # added once when the title names the entity


class SentenceSentimentLike(Protocol):
    """A sentence's tone, as the sentence-sentiment stage gives it (offsets into the body)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def scores(self) -> dict[str, float]: ...


def profile_entities(
    body: str,
    title: str | None,
    entities: list[Entity],
    sentence_sentiments: Sequence[SentenceSentimentLike] | None = None,
    names: KnownNames | None = None,
) -> list[EntityProfile]:
    """One profile per entity, in the order of `entities`."""
    forms = [aliases(entity) for entity in entities]
    weights = salience(body, title, entities, forms=forms)
    tones = entity_sentiments(entities, sentence_sentiments or [])
    return [
        EntityProfile(
            salience=weight,
            sentiment=tone,
            aliases=entity_forms,
            kind=kind_of(entity, names) if names is not None else None,
        )
        for entity, weight, tone, entity_forms in zip(entities, weights, tones, forms, strict=True)
    ]


def salience(
    body: str,
    title: str | None,
    entities: list[Entity],
    position_decay: float = POSITION_DECAY,
    lead_bonus: float = LEAD_BONUS,
    title_bonus: float = TITLE_BONUS,
    forms: list[list[str]] | None = None,
) -> list[float]:
    """Weights summing to 1 (rounded to 4 places); all zero only when no entity has a mention.
    `forms`: each entity's aliases, when already computed."""
    if not entities:
        return []
    length = max(1, len(body))
    lead_end = _lead_end(body)
    # a dateline ("Jakarta, CNN Indonesia -- ") names where the story was filed and who reports
    # it, not what it is about: its mentions weigh least
    dated = dateline_length(body.partition("\n")[0])
    in_title = _named_in_title(title or "", forms if forms is not None else [aliases(e) for e in entities])
    raw: list[float] = []
    for i, entity in enumerate(entities):
        weight = 0.0
        for m in entity.mentions:
            if m.start < dated:  # as little as a mention at the body's end
                weight += 1.0 / (1.0 + position_decay)
                continue
            weight += 1.0 / (1.0 + position_decay * m.start / length)
            weight += lead_bonus if m.start < lead_end else 0.0
        raw.append(weight + title_bonus if weight and i in in_title else weight)
    total = sum(raw)
    return [round(w / total, 4) if total else 0.0 for w in raw]


def _lead_end(body: str) -> int:
    sentences = _lead(body)
    return (sentences[-1].end or 0) if sentences else 0


LEAD_CHARS = 2000  # the lead is at the top: no need to split it all


def _lead(body: str) -> list[Sentence]:
    """The first LEAD_SENTENCES sentences of body[:LEAD_CHARS]. Other stages split the whole body
    (split_sentences keeps it): its sentences on the head's whole lines are the head's."""
    sentences = split_sentences(body)[:LEAD_SENTENCES]
    if len(body) <= LEAD_CHARS:
        return sentences
    whole_lines = body.rfind("\n", 0, LEAD_CHARS) + 1  # body[:whole_lines] ends with a line
    if len(sentences) == LEAD_SENTENCES and (sentences[-1].end or 0) < whole_lines:
        return sentences
    return split_sentences(body[:LEAD_CHARS])[:LEAD_SENTENCES]


def _named_in_title(title: str, forms_by_entity: list[list[str]]) -> set[int]:
    """Entities the title names, longest form first: "Kim Jong Un" in the title is no mention of a
    lone "Kim" the article also has."""
    plain = _plain(title[:MAX_TITLE])
    if plain.strip() == "":
        return set()
    forms = sorted(
        ((_plain(f), i) for i, entity_forms in enumerate(forms_by_entity) for f in entity_forms),
        key=lambda x: -len(x[0]),
    )
    claimed: list[tuple[int, int]] = []
    found: set[int] = set()
    for form, i in forms:
        pos = plain.find(form)
        while pos != -1 and form.strip():
            span = (pos, pos + len(form))
            if not any(a < span[1] - 1 and span[0] + 1 < b for a, b in claimed):
                claimed.append(span)
                found.add(i)
            pos = plain.find(form, pos + 1)
    return found


def _plain(text: str) -> str:
    """Lowercase words separated by single spaces, padded: " joko widodo " is in " kata joko widodo "."""
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def entity_sentiments(
    entities: list[Entity], sentences: Sequence[SentenceSentimentLike]
) -> list[Sentiment | None]:
    """The mean of the label probabilities of the sentences that mention each entity (a sentence
    counts once however often it names the entity); None where no scored sentence mentions it."""
    ordered = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    out: list[Sentiment | None] = []
    for entity in entities:
        seen: set[int] = set()
        for m in entity.mentions:
            k = _containing(starts, ordered, m.start)
            if k is not None:
                seen.add(k)
        out.append(_mean([ordered[k] for k in sorted(seen)]))
    return out


def _containing(starts: list[int], ordered: Sequence[SentenceSentimentLike], pos: int) -> int | None:
    k = bisect_right(starts, pos) - 1
    return k if k >= 0 and ordered[k].start <= pos < ordered[k].end else None


def _mean(sentences: list[SentenceSentimentLike]) -> Sentiment | None:
    if not sentences:
        return None
    scores = {
        label: round(sum(s.scores.get(label, 0.0) for s in sentences) / len(sentences), 4)
        for label in SENTIMENT_LABELS
    }
    label = max(SENTIMENT_LABELS, key=lambda lab: scores[lab])
    return Sentiment(label=label, score=scores[label], scores=scores)


def aliases(entity: Entity) -> list[str]:
    """Every form the body names the entity by, first seen first; case and spacing variants once."""
    seen: dict[str, str] = {}
    for m in sorted(entity.mentions, key=lambda m: m.start):
        form = " ".join(m.text.split())
        seen.setdefault(form.casefold(), form)
    return list(seen.values())


class EntityProfiler:
    """The entity profile stage's backend: known names merged in, then a profile per entity."""

    info = BackendInfo(backend="builtin-profile", version="1", model="entity-aliases+political-parties")

    def __init__(self) -> None:
        # One table per language, loaded once: the known forms (and parties) differ by language.
        self._names: dict[str, KnownNames] = {}

    def names(self, language: str) -> KnownNames:
        if language not in self._names:
            self._names[language] = KnownNames.load(language)
        return self._names[language]

    def __call__(self, article: Article) -> list[Entity]:
        body, names = article[BODY], self.names(article.reading_language(PARTY_LANGUAGES))
        merged = merge_known_names(body, article[NAMED], names)
        profiles = profile_entities(body, article.request.title, merged, article[SENTIMENT].sentences, names)
        return [
            replace(entity, salience=p.salience, sentiment=p.sentiment, aliases=p.aliases, kind=p.kind)
            for entity, p in zip(merged, profiles, strict=True)
        ]
