"""Known names: the short forms news uses without expanding them, and Indonesian political parties.

Two small hand-compiled tables ship in data/ (each file says where its facts come from):
`entity-aliases.tsv` (Korut, Korsel, AS, DK PBB, Jokowi, SBY, KPK, ... with the canonical name and
type) and `political-parties.tsv` (national parties by name and acronym). `merge_known_names`
joins the entities that name one known thing ("Jokowi" and "Joko Widodo"), gives them the
canonical name and type, and adds the mentions of known forms the recogniser missed; `kind_of`
tells a political party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from service.pipeline.backends.builtin.entities.lexicons import PERSON_CUES
from service.pipeline.backends.builtin.entities.repair import BOARDS, board_of_a_body
from service.pipeline.document import Entity, Mention

DATA = Path(__file__).parent / "data"
DEFAULT_ALIASES = DATA / "entity-aliases.tsv"
DEFAULT_PARTIES = DATA / "political-parties.tsv"
POLITICAL_PARTY = "political_party"
PARTY_LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class KnownName:
    canonical: str
    type: str  # one of ENTITY_TYPES
    kind: str | None  # "political_party" or None


_NOT_TELLING = re.compile(r"[\s\-‐–'’.]+")


def normalise(text: str) -> str:
    """Case, spaces, hyphens and apostrophes do not tell names apart: "Kim Jong-un" = "Kim Jong Un"."""
    return _NOT_TELLING.sub("", text.lower())


# A capitalised word as the forms' first words are written ("PDI-P", "U.S.", "Ma'ruf"); every
# form starts with a capital, so only these words are looked up. Not inside a word: the lookbehind
# comes after the capital, so that the regex engine jumps from capital to capital (twice as fast
# as testing the lookbehind at every character first).
_CAPITALISED = re.compile(r"[A-Z](?<![\w.\-'’][A-Z])[\w'’.\-]*")


@dataclass(frozen=True)
class KnownNames:
    by_key: dict[str, KnownName]  # normalised form -> what it names
    by_first_word: dict[str, list[str]]  # exact first word -> forms starting with it, longest first
    by_form: dict[str, KnownName]  # exact form -> what it names
    # Keys whose every form is one word in capitals ("PAN", "PKS", "AS"): case tells these apart from
    # words ("Pan" of a film's title, "As" opening an English sentence).
    acronyms: frozenset[str] = frozenset()

    @classmethod
    def load(
        cls, language: str = "id", aliases: Path = DEFAULT_ALIASES, parties: Path = DEFAULT_PARTIES
    ) -> KnownNames:
        """The forms for `language` (ISO 639-1). Parties count in Indonesian and English text only:
        Malay news has its own "PAN" (Parti Amanah Negara)."""
        by_key: dict[str, KnownName] = {}
        forms: set[str] = set()
        for row in _rows(aliases):
            lang, canonical, kind, names = row
            if lang == language:
                cls._add(by_key, forms, KnownName(canonical, kind, None), names)
        for canonical, names in _rows(parties) if language in PARTY_LANGUAGES else []:
            cls._add(by_key, forms, KnownName(canonical, "ORGANIZATION", POLITICAL_PARTY), names)
        by_first_word: dict[str, list[str]] = {}
        for form in sorted(forms, key=len, reverse=True):
            by_first_word.setdefault(form.split()[0], []).append(form)
        spelled: dict[str, list[str]] = {}
        for form in forms:
            spelled.setdefault(normalise(form), []).append(form)
        acronyms = frozenset(
            key for key, written in spelled.items() if all(f.isupper() and " " not in f for f in written)
        )
        return cls(by_key, by_first_word, {form: by_key[normalise(form)] for form in forms}, acronyms)

    @staticmethod
    def _add(by_key: dict[str, KnownName], forms: set[str], known: KnownName, names: str) -> None:
        for form in names.split("|"):
            by_key.setdefault(normalise(form), known)
            forms.add(form)

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every form in `text` as whole words, longest first where forms overlap;
        linear in the text: one dictionary lookup per capitalised word."""
        found: list[tuple[int, int]] = []
        end = 0
        for word in _CAPITALISED.finditer(text):
            first = word.group()
            if first not in self.by_first_word and not first.endswith("."):
                continue  # most capitalised words start no form
            start = word.start()
            if start < end:
                continue
            match = self._form_at(text, first, start)
            if match is None and first.endswith("."):  # "AS." ending a sentence
                match = self._form_at(text, first.rstrip("."), start)
            if match is not None:
                end = start + len(match)
                found.append((start, end))
        return found

    def _form_at(self, text: str, first: str, start: int) -> str | None:
        """The longest form starting with the word `first` that is written at `start`."""
        for form in self.by_first_word.get(first, ()):
            if _at(text, form, start):
                return form
        return None

    def lookup(self, text: str) -> KnownName | None:
        """What a mention names: its text, or its text without a leading title ("Presiden Jokowi")."""
        found = self._by_text(text)
        if found is not None:
            return found
        words = text.split()
        while len(words) > 1 and words[0].lower() in PERSON_CUES:
            words = words[1:]
            found = self._by_text(" ".join(words))
            if found is not None:
                return found
        return None

    def _by_text(self, text: str) -> KnownName | None:
        key = normalise(text)
        if key in self.acronyms and not text.isupper():
            return None  # "Pan" is no "PAN"
        return self.by_key.get(key)


def _at(text: str, form: str, start: int) -> bool:
    """`form` is written at `start` and ends at a word boundary (not "Korut-Rusia", not "ASEAN")."""
    end = start + len(form)
    return text.startswith(form, start) and (
        end == len(text) or not (text[end].isalnum() or text[end] in "_-")
    )


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def known_name(entity: Entity, names: KnownNames) -> KnownName | None:
    """The known thing an entity names, by its canonical (longest) text only: an abbreviation the
    text defines for something else ("Muhammad Al Azhar (MA)") keeps the meaning the text gave it."""
    return names.lookup(entity.text)


def kind_of(entity: Entity, names: KnownNames) -> str | None:
    found = known_name(entity, names)
    return found.kind if found is not None else None


def merge_known_names(body: str, entities: list[Entity], names: KnownNames) -> list[Entity]:
    """Entities naming one known thing become one, under the canonical name and type; forms of known
    names found nowhere in `entities` become mentions (of the entity with that name, or of a new
    one). Ordered by first mention, like the recogniser's output."""
    groups: dict[str, list[Entity]] = {}
    known: dict[str, KnownName] = {}
    loose: list[Entity] = []
    for entity in entities:
        found = known_name(entity, names)
        if found is None:
            loose.append(entity)
            continue
        key = normalise(found.canonical)
        known[key] = found
        groups.setdefault(key, []).append(entity)
    missed: dict[str, list[Mention]] = {}
    keys: dict[str, str] = {}  # canonical name -> its key, computed once
    for found, mention in _missed_mentions(body, entities, names):
        key = keys.get(found.canonical) or keys.setdefault(found.canonical, normalise(found.canonical))
        known.setdefault(key, found)
        missed.setdefault(key, []).append(mention)
    for key, mentions in missed.items():
        groups.setdefault(key, []).append(Entity(mentions[0].text, known[key].type, mentions, 1.0))
    merged = loose + [_merge(known[key], group) for key, group in groups.items()]
    return sorted(merged, key=lambda e: min((m.start for m in e.mentions), default=0))


def _missed_mentions(body: str, entities: list[Entity], names: KnownNames) -> list[tuple[KnownName, Mention]]:
    taken = sorted((m.start, m.end) for e in entities for m in e.mentions)
    out: list[tuple[KnownName, Mention]] = []
    k = 0
    for start, end in names.find(body):
        while k < len(taken) and taken[k][1] <= start:
            k += 1
        if k < len(taken) and taken[k][0] < end:
            continue  # inside (or across) a mention the recogniser found
        form = body[start:end]
        if form in BOARDS and board_of_a_body(body, end, {taken[k][0]} if k < len(taken) else set()):
            continue  # "DPD Partai Golkar": the party's board, not the Council (repair.party_boards)
        out.append((names.by_form[form], Mention(form, start, end)))
    return out


def _merge(known: KnownName, group: list[Entity]) -> Entity:
    mentions = sorted(
        {(m.start, m.end): m for e in group for m in e.mentions}.values(), key=lambda m: m.start
    )
    weight = sum(len(e.mentions) for e in group)
    score = sum(e.score * len(e.mentions) for e in group) / max(1, weight)
    return Entity(known.canonical, known.type, mentions, round(score, 4))
