"""The built-in entity backend: a CRF per language (python-crfsuite), repair rules, grouping.

Indonesian (Malay and the regional languages of Indonesia too): trained on IndoNLU NERGrit + NERP
and IDNer2k news by scripts/train_entities.py (NERGrit and IDNer2k counted twice: the weights
there say why). English: trained on Groningen Meaning Bank news (silver) and Universal NER
English-EWT and PUD by scripts/train_entities_en.py. Other languages get no entities
(INDONESIAN_MODEL_LANGUAGES says why). Both models share the tokenizer, features, lexicons and
rules; mentions are grouped per real-world thing by entity_grouping.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from service.pipeline.backends.builtin.common_words import NUMBERS, PUNCTUATION, capitalised, common_words
from service.pipeline.backends.builtin.entities.decoding import decode
from service.pipeline.backends.builtin.entities.emissions import EmissionScorer
from service.pipeline.backends.builtin.entities.features import is_cased, load_clusters
from service.pipeline.backends.builtin.entities.lexicons import (
    DATA,
    NOT_NAMES,
    Lexicon,
    gazetteer,
)
from service.pipeline.backends.builtin.entities.linear_chain import CrfModel, decode_batch
from service.pipeline.backends.builtin.entities.one_sense import (
    clubs_by_their_cues,
    common_noun_acronyms,
    companies_by_their_cues,
    desk_codes,
    officials_after_offices,
    organisations_before_people,
    people_after_a_noun,
    places_before_people,
    repeated_mentions,
)
from service.pipeline.backends.builtin.entities.repair import (
    can_add_chunks,
    coordinated_people,
    place_then_person,
    repair,
)
from service.pipeline.backends.builtin.entities.tokenizer import Token, sequences, tokenize
from service.pipeline.backends.builtin.entities.truecase import (
    is_headline_case,
    load_lowercase,
    sentence_case,
)
from service.pipeline.backends.builtin.metadata.datelines import match_dateline
from service.pipeline.document import BODY, Article, BackendInfo, Entity
from service.pipeline.entity_grouping import Span, group_mentions

DEFAULT_MODEL = DATA / "entities-crf.crfsuite"
DEFAULT_CLUSTERS = DATA / "entities-clusters.tsv.gz"
DEFAULT_LOWERCASE = DATA / "entities-lowercase.txt.gz"
ENGLISH_MODEL = DATA / "entities-crf-en.crfsuite"
ENGLISH_CLUSTERS = DATA / "entities-clusters-en.tsv.gz"
ENGLISH_LOWERCASE = DATA / "entities-lowercase-en.txt.gz"
# Words trimmed from the start of an English name: the article (UNER leaves it out), a
# sentence's opening conjunction, which the CRF takes in before a name ("And Louisiana Democrats"),
# and a lowercase "and" or point of the compass, which no English name starts with ("southern
# Norway", "east Lancashire", "and Ministry of Defence").
ENGLISH_LEADING = frozenset(
    """the The And But Or So Yet and north south east west northern southern eastern western
central northeastern northwestern southeastern southwestern""".split()
)
# Titles UNER leaves out of an English person's name, which the CRF took in when it did not know
# them or they came several together ("Prime Minister Lord Grenville", "Tsar Alexander"). Indonesian
# data keep some ("Sri Sultan Hamengkubuwono X"): English only.
ENGLISH_TITLES = frozenset(
    """President Vice Prime Minister Lord Lady Sir Dame Tsar Czar King Queen Prince Princess Emperor
Empress Pope Chancellor Premier Senator Sen Rep Representative Governor Gov Secretary General Gen
Colonel Col Captain Capt Lieutenant Lt Sergeant Sgt Admiral Adm Sheikh Sultan Mr Mrs Ms Dr Prof
Professor Judge Chairman Chairwoman Mayor Ambassador Archbishop Bishop Cardinal Rev""".split()
)
# Zipf band of a title's own words ("Penerangan", "Perumahan" are band 4); band 5 left most of
# them in the name (held out: IDNer2k unchanged), known first and family names are spared.
TITLE_TAIL_ZIPF = "4"
_HYPHEN_TAIL = re.compile(r"[-‐](?!nya\b)[a-z]\w*")
# A lowercase word after a hyphen belongs to the name ("Kim Jong-un", "Cheuk Hau-yip") unless it
# makes an adjective of it: a common word that is no name part ("Amritsar-based", "Apple-sanctioned",
# "Bluetooth-enabled"), or one of these, which are also family names. "Amritsar" is the place.
COMPOUND_TAIL_ZIPF = "3"
COMPOUND_TAILS = frozenset("born run made led era style wide".split())
# Zipf bands from which a model's common words are prefilled (common_words.py), lowercase and
# capitalised. Each band down brings about three times the words (~25 µs and ~500 bytes each) for
# fewer new words per article. Distinct tokens per article not yet in the table of a new worker,
# median of IndoSum articles 2400-2599 (Indonesian) and 40 cnndm-dev articles (English):
#   id: 29.5 at (4, 4), 23.6k tokens; 18 at (3, 4), 39k; 12 at (3, 3), 62k (of ~183)
#   en: 40 at (4, 4), 14.7k tokens; 23.5 at (3, 4), 36k (of ~267)
# A fresh worker's first five IndoSum articles (3 workers, machine load ~8), median CPU per article
# and the whole warm-up's CPU and RSS: none 13.5 ms (1.1 s, +28 MB), (4, 4) 10.1 (1.5 s, +37 MB),
# (3, 4) 10.3 (2.1 s, +50 MB), (3, 3) 10.1 (2.6 s, +68 MB); an earlier run: (4, 4) 9.8, (3, 3) 8.9.
# Past (4, 4) the gain is within the noise there; (3, 4) is kept for its coverage, at ~25 µs a
# word saved. English text is the rarer: its model gets the smaller set.
PREFILL_BANDS = {"id": (3, 4), "en": (4, 4)}
# Languages the Indonesian model reads besides English's own model: Indonesian, Malay (the same
# names, the same spelling of places) and the regional languages of Indonesia, whose news names
# the same people and places; "und" (too little text to tell) is read as the first users' language.
# On any other language the model returned sentences as names ("Ang Pangulo ay bumisita sa Maynila
# kahapon kasama" a person in Tagalog, whole Chinese and Arabic sentences, Portuguese "Nesta página
# você"): no entities there is better than wrong ones. A transformers model can cover those
# languages (ENRICH_ENTITIES_MODEL=de=/dir).
INDONESIAN_MODEL_LANGUAGES = frozenset({"id", "ms", "jv", "su", "min", "und"})


@dataclass
class _Model:
    """One language's CRF and its state scorer (whose word cache the lock guards)."""

    crf: CrfModel
    scorer: EmissionScorer
    lock: threading.Lock
    leading: frozenset[str]  # words trimmed from the start of a name
    lowercase: frozenset[str]  # words edited text writes in lowercase (truecase.py)
    titles: frozenset[str]  # words trimmed from the start of a person's name
    abbreviations: bool  # "St." and "Mr." one token, as the training set writes them (English)

    @classmethod
    def load(
        cls,
        model: Path,
        clusters: Path,
        lexicon: Lexicon,
        lowercase: Path,
        leading: frozenset[str] = frozenset(),
        titles: frozenset[str] = frozenset(),
        abbreviations: bool = False,
    ) -> _Model:
        crf = CrfModel.read(model)
        scorer = EmissionScorer(crf, load_clusters(clusters), lexicon)
        return cls(crf, scorer, threading.Lock(), leading, load_lowercase(lowercase), titles, abbreviations)


class CrfEntityRecognizer:
    info = BackendInfo(
        backend="builtin-crf",
        version="5",
        model="entities-crf (IndoNLU NERGrit+NERP, IDNer2k; en: GMB+UNER EWT)",
    )

    def __init__(
        self,
        model_path: str | None = None,
        clusters_path: str | None = None,
        english_model_path: str | None = None,
        english_clusters_path: str | None = None,
    ) -> None:
        self.lexicon = Lexicon.load()
        self._default = _Model.load(
            Path(model_path or DEFAULT_MODEL),
            Path(clusters_path or DEFAULT_CLUSTERS),
            self.lexicon,
            DEFAULT_LOWERCASE,
        )
        english = Path(english_model_path or ENGLISH_MODEL)
        self._by_language: dict[str, _Model] = {}
        if english.exists():
            clusters = Path(english_clusters_path or ENGLISH_CLUSTERS)
            self._by_language["en"] = _Model.load(
                english, clusters, self.lexicon, ENGLISH_LOWERCASE, ENGLISH_LEADING, ENGLISH_TITLES, True
            )
        self.languages = INDONESIAN_MODEL_LANGUAGES | frozenset(self._by_language)  # the languages read

    def prefill(self) -> None:
        """Each model's word rows made now for its language's common words, lowercase and
        capitalised as cased text writes them, and for numbers and punctuation: a worker's
        warm-up (Pipeline.warm_up)."""
        for language, model in (("id", self._default), *self._by_language.items()):
            lower, capital = PREFILL_BANDS.get(language, PREFILL_BANDS["id"])
            words = [*common_words(language, lower), *capitalised(common_words(language, capital))]
            written = " ".join([*NUMBERS, *PUNCTUATION, *words])
            with model.lock:
                model.scorer.prefill([tok for tok, _, _ in tokenize(written)], cased=True)

    def _common(self, low: str) -> bool:
        """A common word that is no known first or family name (repair.titled_names)."""
        return low not in self.lexicon.names and self.lexicon.common(low, TITLE_TAIL_ZIPF)

    def __call__(self, article: Article) -> list[Entity]:
        return self.extract(article[BODY], article.reading_language(self.languages))

    def reads(self, language: str) -> bool:
        """Whether a model of this backend reads the language."""
        return language in self.languages

    def extract(self, text: str, language: str) -> list[Entity]:
        """Entities of `text` in `language`; none for a language no model reads (see reads)."""
        if not self.reads(language):
            return []
        spans = _dateline_place(text, self._spans(text, self._by_language.get(language, self._default)))
        spans = officials_after_offices(text, spans, self.lexicon)
        spans = places_before_people(people_after_a_noun(spans), self.lexicon)
        spans = common_noun_acronyms(text, organisations_before_people(spans, self.lexicon))
        spans = companies_by_their_cues(text, desk_codes(text, spans), self.lexicon)
        spans = clubs_by_their_cues(text, spans, self.lexicon)
        mentions = spans + repeated_mentions(text, spans)
        return group_mentions(text, mentions, not_names=NOT_NAMES, places=self.lexicon.places)

    def _spans(self, text: str, model: _Model) -> list[Span]:
        seqs = sequences(text, model.abbreviations)
        toks = [[t for t, _, _ in seq] for seq in seqs]
        headline = [is_headline_case(t, model.lowercase) for t in toks]
        toks = [sentence_case(t, model.lowercase) if h else t for t, h in zip(toks, headline, strict=True)]
        lows = [[t.lower() for t in seq] for seq in toks]
        cased = [is_cased(seq) for seq in toks]
        gaz = [gazetteer(seq) for seq in lows]
        with model.lock:
            scores = model.scorer(lows, toks, cased, gaz)
        best = decode_batch(scores, model.crf.transitions)
        labels = model.crf.labels
        outside = labels.index("O")
        out: list[Span] = []
        for seq, seq_toks, seq_lows, seq_cased, seq_gaz, seq_headline, path, confidence in zip(
            seqs, toks, lows, cased, gaz, headline, best.paths, best.confidence, strict=True
        ):
            if path.count(outside) == len(path) and not can_add_chunks(seq_lows, seq_gaz):
                continue  # no chunk, and nothing the repair rules start from: most sentences
            tags = [labels[k] for k in path]
            chunks = decode(seq_toks, tags, seq_cased, seq_gaz, self.lexicon, model.leading, model.lowercase)
            chunks = repair(seq_toks, seq_gaz, chunks, seq_cased, self._common, self.lexicon, seq_headline)
            # The last rules, here rather than in repair(): the first reads the model's lowercase table.
            if seq_cased:
                chunks = place_then_person(seq_toks, chunks, self.lexicon, model.lowercase)
                chunks = coordinated_people(seq_toks, chunks, self.lexicon)
            for a, b, kind in chunks:
                if kind == "PERSON":
                    a = _past_titles(seq_toks, a, b, model.titles)
                # the chunk's score: the mean marginal probability of the decoded labels over it
                out.append(self._span(text, seq, (a, b, kind), sum(confidence[a:b]) / (b - a)))
        return out

    def _span(self, text: str, seq: list[Token], chunk: tuple[int, int, str], score: float) -> Span:
        a, b, kind = chunk
        start, end = seq[a][1], seq[b - 1][2]
        tail = _HYPHEN_TAIL.match(text, end)  # "Kim Jong-un": the CRF often stops at "-"
        # in lowercase text ("jokowi-jk", "se-sulawesi") the case tells no adjective from a name
        if tail and not (text[start].isupper() and self._compound_tail(tail.group()[1:])):
            end = tail.end()
        return Span(text[start:end], start, end, kind, score)

    def _compound_tail(self, word: str) -> bool:
        low = word.lower()
        return low in COMPOUND_TAILS or (
            low not in self.lexicon.names
            and low not in self.lexicon.places
            and self.lexicon.common(low, COMPOUND_TAIL_ZIPF)
        )


def _dateline_place(text: str, spans: list[Span]) -> list[Span]:
    """The place a dateline opens with is a place, whatever the tagger made of it in capitals
    ("JAKARTA —" came out an organisation from the English model)."""
    found = match_dateline(text[: text.find("\n")] if "\n" in text else text)
    place = found.dateline.place if found is not None else None
    if found is None or place is None:
        return spans
    return [
        replace(sp, type="LOCATION") if sp.end <= found.end and sp.text.casefold() == place.casefold() else sp
        for sp in spans
    ]


def _past_titles(toks: list[str], a: int, b: int, titles: frozenset[str]) -> int:
    """Where a person's name starts after the titles that open the chunk ("Prime Minister Lord
    [Grenville]", "Tsar [Alexander]"); the chunk's last word always stays."""
    while b - a > 1 and toks[a] in titles:
        a += 1
        if b - a > 1 and toks[a] == ".":
            a += 1  # "Dr. Smith"
    return a
