"""Entity profiles: salience, sentiment, aliases and political parties; the seeds' expectations
were written by reading the articles."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from service.config import Settings
from service.pipeline.backends.builtin.boilerplate import RuleBasedBoilerplateRemover
from service.pipeline.backends.builtin.entities import CrfEntityRecognizer
from service.pipeline.backends.builtin.entity_aliases import (
    _CAPITALISED,
    POLITICAL_PARTY,
    KnownNames,
    kind_of,
    merge_known_names,
)
from service.pipeline.backends.builtin.entity_profile import entity_sentiments, profile_entities, salience
from service.pipeline.backends.builtin.quotes import extract_quotes
from service.pipeline.document import ArticleRequest, Entity, EntityProfile, Mention
from service.pipeline.runner import Pipeline

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
# The headline each seed file carries above its body (seed 003 has none).
TITLES = [
    "Putin Akan Berkunjung ke Korut, Korsel dan AS Ketar-ketir",
    "Korea Selatan Pantau Kedekatan Militer Rusia dan Korea Utara",
    "Pejabat Korsel dan AS Bahas Kemungkinan Kunjungan Vladimir Putin ke Korut",
    None,
    "Rusia-Korea Utara Mesra, AS, Korea Selatan, Jepang Waswas",
]


@cache
def names() -> KnownNames:
    return KnownNames.load("id")


@cache
def seed(index: int) -> tuple[str, list[Entity], list[EntityProfile]]:
    body = RuleBasedBoilerplateRemover().clean(text=SEEDS[index].read_text(encoding="utf-8"))
    entities = merge_known_names(body, CrfEntityRecognizer().extract(body, "id"), names())
    return body, entities, profile_entities(body, TITLES[index], entities, None, names())


def by_name(entities: list[Entity], profiles: list[EntityProfile], name: str) -> EntityProfile:
    hits = [p for e, p in zip(entities, profiles, strict=True) if e.text == name]
    assert len(hits) == 1, (name, [e.text for e in entities])
    return hits[0]


# The forms each seed names these by, read off the articles, first seen first.
ALIASES = {
    0: {
        "Korea Utara": ["Korea Utara", "Korut"],
        "Korea Selatan": ["Korea Selatan", "Korsel"],
        "Amerika Serikat": ["Amerika Serikat", "AS"],
        "Vladimir Putin": ["Vladimir Putin", "Putin"],
        "Kurt Campbell": ["Kurt Campbell", "Campbell"],
    },
    1: {
        "Korea Selatan": ["Korea Selatan", "Korsel"],  # "Korsel" alone, never defined: the table
        "Perserikatan Bangsa-Bangsa": ["PBB"],
        "Dmitry Peskov": ["Dmitry Peskov", "Peskov"],
    },
    2: {
        "Korea Selatan": ["Korea Selatan", "Korsel"],
        "Korea Utara": ["Korea Utara", "Korut"],
        "Amerika Serikat": ["Amerika Serikat", "AS"],
        "Kurt Campbell": ["Kurt Campbell", "Campbell"],
    },
    3: {
        "Korea Utara": ["Korea Utara"],  # "Korea utara" once: a case variant, no second name
        # The first "Korea Selatan" ("... Amerika Serikat dan Korea Selatan panik.") comes first: the
        # CRF before the news-text clusters took "Korea Selatan panik" as a name there, apart from it.
        "Korea Selatan": ["Korea Selatan", "Korsel"],
        "Amerika Serikat": ["Amerika Serikat", "AS"],
        "Dmitry Peskov": ["Dmitry Peskov", "Peskov"],
    },
    4: {
        "Korea Selatan": ["Korea Selatan", "Korsel"],
        "Korea Utara": ["Korea Utara", "Korut"],
        "Amerika Serikat": ["Amerika Serikat", "AS"],
    },
}

# What each seed is about, read off the articles: its three most salient entities must be among these.
CORE = {
    0: {"Korea Utara", "Korea Selatan", "Amerika Serikat", "Rusia", "Vladimir Putin"},
    1: {"Korea Selatan", "Yoon Suk Yeol", "Korea Utara", "Rusia", "Kim Jong Un", "Vladimir Putin"},
    2: {"Vladimir Putin", "Korea Selatan", "Korea Utara", "Amerika Serikat", "Rusia"},
    3: {"Vladimir Putin", "Korea Utara", "Rusia", "Kim Jong Un", "Dmitry Peskov"},
    4: {"Korea Selatan", "Amerika Serikat", "Korea Utara", "Rusia", "Jepang", "Antony Blinken"},
}


@pytest.mark.parametrize("index", range(5))
def test_seed_aliases(index: int) -> None:
    _, entities, profiles = seed(index)
    for name, forms in ALIASES[index].items():
        assert by_name(entities, profiles, name).aliases == forms


@pytest.mark.parametrize("index", range(5))
def test_seed_salience_sums_to_one_and_ranks_the_story_first(index: int) -> None:
    _, entities, profiles = seed(index)
    assert abs(sum(p.salience for p in profiles) - 1.0) < 0.01
    assert all(0.0 < p.salience < 1.0 for p in profiles)
    top = sorted(zip(entities, profiles, strict=True), key=lambda x: -x[1].salience)[:3]
    assert {e.text for e, _ in top} <= CORE[index], [(e.text, p.salience) for e, p in top]


def test_a_dateline_names_no_central_entity() -> None:
    # IndoSum: "Jakarta, CNN Indonesia --" opened most articles and ranked above what they were about
    body = "Jakarta, CNN Indonesia -- Bank Indonesia menahan suku bunga, kata Perry Warjiyo."
    place = Entity("Jakarta", "LOCATION", [Mention("Jakarta", 0, 7)])
    outlet = Entity("CNN Indonesia", "ORGANIZATION", [Mention("CNN Indonesia", 9, 22)])
    bank = Entity("Bank Indonesia", "ORGANIZATION", [Mention("Bank Indonesia", 26, 40)])
    weights = salience(body, None, [place, outlet, bank])
    assert weights[2] > weights[0] > 0 and weights[2] > weights[1] > 0


def test_the_title_counts_for_the_longest_name_it_contains() -> None:
    body = "Kim bertemu Kim Jong Un di Pyongyang. Kim Jong Un tersenyum."
    kim = Entity("Kim", "PERSON", [Mention("Kim", 0, 3)])
    kju = Entity("Kim Jong Un", "PERSON", [Mention("Kim Jong Un", 12, 23), Mention("Kim Jong Un", 38, 49)])
    plain = salience(body, None, [kim, kju])
    titled = salience(body, "Kim Jong Un ke Rusia", [kim, kju])
    assert titled[1] > plain[1] and titled[0] < plain[0]


def test_seed_merging_keeps_quotes_attributed() -> None:
    body, entities, _ = seed(1)
    quotes = extract_quotes(body, entities)
    putin = next(q for q in quotes if q.text.startswith("Saya sangat senang"))
    assert putin.speaker is not None and putin.speaker.entity is not None
    assert entities[putin.speaker.entity].text == "Vladimir Putin"


# --- known names and parties ---------------------------------------------------------------

PARTIES_TEXT = (
    "Ketua Umum PDI Perjuangan Megawati Soekarnoputri bertemu pimpinan Partai Golkar. PDIP dan Golkar "
    "sepakat, sementara Partai Nasional Demokrat menunggu. Sekjen PBB menyerukan gencatan senjata. "
    "Jokowi hadir. Presiden Joko Widodo tersenyum."
)


def mention(text: str, form: str) -> Mention:
    start = text.index(form)
    return Mention(form, start, start + len(form))


def test_parties_by_name_or_acronym_and_alias_merging() -> None:
    crf = [
        Entity("PDI Perjuangan", "ORGANIZATION", [mention(PARTIES_TEXT, "PDI Perjuangan")]),
        Entity("Megawati Soekarnoputri", "PERSON", [mention(PARTIES_TEXT, "Megawati Soekarnoputri")]),
        Entity("Joko Widodo", "PERSON", [mention(PARTIES_TEXT, "Joko Widodo")]),
    ]
    merged = merge_known_names(PARTIES_TEXT, crf, names())
    found = {e.text: e for e in merged}
    pdip = found["Partai Demokrasi Indonesia Perjuangan"]
    assert [m.text for m in pdip.mentions] == ["PDI Perjuangan", "PDIP"] and pdip.type == "ORGANIZATION"
    assert [m.text for m in found["Partai Golongan Karya"].mentions] == ["Partai Golkar", "Golkar"]
    assert [m.text for m in found["Partai NasDem"].mentions] == ["Partai Nasional Demokrat"]
    assert [m.text for m in found["Joko Widodo"].mentions] == ["Jokowi", "Joko Widodo"]
    assert kind_of(pdip, names()) == POLITICAL_PARTY
    assert kind_of(found["Perserikatan Bangsa-Bangsa"], names()) is None  # PBB is the UN, not a party
    assert kind_of(found["Joko Widodo"], names()) is None
    assert [m.start for e in merged for m in e.mentions[:1]] == sorted(
        m.start for e in merged for m in e.mentions[:1]
    )
    for e in merged:
        assert all(PARTIES_TEXT[m.start : m.end] == m.text for m in e.mentions)


def test_an_abbreviation_the_text_defines_keeps_its_meaning() -> None:
    text = "Muhammad Al Azhar (MA) ditangkap. MA mengaku bersalah."
    forms = [Mention("Muhammad Al Azhar", 0, 17), Mention("MA", 19, 21), Mention("MA", 34, 36)]
    assert all(text[m.start : m.end] == m.text for m in forms)
    entity = Entity("Muhammad Al Azhar", "PERSON", forms)
    merged = merge_known_names(text, [entity], names())
    assert [e.text for e in merged] == ["Muhammad Al Azhar"]  # not Mahkamah Agung


def test_a_party_s_board_is_no_council() -> None:
    # IndoSum: "Ketua DPD PDIP Sumut" and "DPD I Golkar" counted as mentions of the DPD, the Council
    text = (
        "Sekretaris DPD PDIP Sumut, Sutarto, menerima mereka. Ketua DPD I Golkar Papua hadir. "
        "Ketua DPP Partai Golkar Setya Novanto juga hadir. Anggota DPD Bali, Ketut, menolak."
    )
    merged = merge_known_names(text, CrfEntityRecognizer().extract(text, "id"), names())
    council = [e for e in merged if e.text == "Dewan Perwakilan Daerah"]
    assert [m.start for e in council for m in e.mentions] == [text.index("DPD Bali")]


def test_names_by_language() -> None:
    text = "The US and the UN disagreed. PAN and Golkar too."
    merged = merge_known_names(text, [], KnownNames.load("en"))
    assert [(e.text, e.type) for e in merged] == [
        ("United States", "LOCATION"),
        ("United Nations", "ORGANIZATION"),
        ("Partai Amanat Nasional", "ORGANIZATION"),
        ("Partai Golongan Karya", "ORGANIZATION"),
    ]
    assert merge_known_names(text, [], KnownNames.load("ms")) == []  # Malay "PAN" is another party


# --- sentiment -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    start: int
    end: int
    label: str
    score: float
    scores: dict[str, float]


def test_entity_sentiment_is_the_mean_over_the_sentences_that_mention_it() -> None:
    body = "Budi menang. Budi senang sekali. Ani kalah."
    budi = Entity("Budi", "PERSON", [Mention("Budi", 0, 4), Mention("Budi", 13, 17)])
    ani = Entity("Ani", "PERSON", [Mention("Ani", 33, 36)])
    nobody = Entity("Tono", "PERSON", [])
    assert all(body[m.start : m.end] == m.text for e in (budi, ani) for m in e.mentions)
    sentences = [
        Scored(0, 12, "positive", 0.8, {"positive": 0.8, "neutral": 0.2, "negative": 0.0}),
        Scored(13, 32, "positive", 0.6, {"positive": 0.6, "neutral": 0.3, "negative": 0.1}),
        Scored(33, 43, "negative", 0.9, {"positive": 0.0, "neutral": 0.1, "negative": 0.9}),
    ]
    tones = entity_sentiments([budi, ani, nobody], sentences)
    assert tones[0] is not None and tones[0].label == "positive" and tones[0].score == pytest.approx(0.7)
    assert tones[1] is not None and tones[1].label == "negative" and tones[1].score == pytest.approx(0.9)
    assert tones[2] is None
    assert entity_sentiments([budi], [])[0] is None


def test_entity_sentiment_through_the_pipeline_reads_the_sentence_sentiment() -> None:
    # Written for this test: one executive praised for his bank's results, another criticised for his
    # airline's losses, in the finance-news register the news head was trained on.
    text = (
        "JAKARTA - Sunarso, Direktur Utama Bank Rakyat Indonesia, dipuji analis setelah laba bersih "
        "perseroan melesat 20 persen dan saham BBRI menguat ke rekor tertinggi.\n\n"
        "Di sisi lain, Irfan Setiaputra, Direktur Utama Garuda Indonesia, dikritik investor karena rugi "
        "perusahaan membengkak dan saham GIAA anjlok 15 persen."
    )
    pipeline = Pipeline.build(Settings.from_env({}).pipeline)
    result = pipeline.result(pipeline.run(ArticleRequest(text=text)))
    people = {e["text"]: e["sentiment"] for e in result["entities"] if e["type"] == "PERSON"}
    assert people["Sunarso"]["label"] == "positive", people
    assert people["Irfan Setiaputra"]["label"] == "negative", people
    # The entity's tone is that of the one sentence naming it, as the article's sentences give it.
    first, second = result["sentiment"]["sentences"]
    assert people["Sunarso"]["score"] == pytest.approx(first["score"], abs=1e-4)
    assert people["Irfan Setiaputra"]["score"] == pytest.approx(second["score"], abs=1e-4)


# --- bad input -----------------------------------------------------------------------------


def test_bad_input() -> None:
    assert profile_entities("", None, [], None, names()) == []
    assert merge_known_names("", [], names()) == []
    big = ("Jokowi bertemu Prabowo di Jakarta. " * 30_000)[:1_000_000]
    merged = merge_known_names(big, [], names())
    profiles = profile_entities(big, "Jokowi " * 10_000, merged, None, names())
    assert {e.text for e in merged} == {"Joko Widodo", "Prabowo Subianto"}
    assert abs(sum(p.salience for p in profiles) - 1.0) < 0.01
    empty = Entity("Tono", "PERSON", [])
    assert profile_entities("Teks.", None, [empty], None, names())[0].salience == 0.0


def test_capitalised_words_are_those_the_lookbehind_first_regex_found() -> None:
    """_CAPITALISED tests its lookbehind after the capital, for speed; the words are the same."""
    before = re.compile(r"(?<![\w.\-'’])[A-Z][\w'’.\-]*")
    rng = random.Random(3)
    alphabet = list("aBC.-'’ _x1\n(é")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(50_000)]
    texts += ["Kata Jokowi, AS dan Korut.", "PDI-P, U.S. and xAS, .AS -AS 'AS ASEAN"]
    for text in texts:
        assert [m.span() for m in _CAPITALISED.finditer(text)] == [m.span() for m in before.finditer(text)]


def test_an_acronym_s_case_tells_it_from_a_word() -> None:
    # IndoSum: "Pan" (a film Hugh Jackman played in) became the party PAN, a false alert for a monitor
    text = "Jackman pernah terlibat dalam Pan. Wakil Ketua Umum PAN hadir."
    crf = [
        Entity("Pan", "ORGANIZATION", [mention(text, "Pan")]),
        Entity("PAN", "ORGANIZATION", [mention(text, "PAN")]),
    ]
    merged = {e.text: e for e in merge_known_names(text, crf, names())}
    assert [m.text for m in merged["Partai Amanat Nasional"].mentions] == ["PAN"]
    assert kind_of(merged["Pan"], names()) is None


def test_holidays_are_events() -> None:
    # IndoSum: "Idul Adha" came out a person from the tagger; "Lebaran" is the same holiday as "Idul Fitri"
    text = "Bentrokan terjadi di Kashmir pada hari raya Idul Adha. Arus mudik Lebaran dan Idul Fitri padat."
    crf = [Entity("Idul Adha", "PERSON", [mention(text, "Idul Adha")])]
    merged = {e.text: e for e in merge_known_names(text, crf, names())}
    assert merged["Idul Adha"].type == "EVENT"
    assert (merged["Idul Fitri"].type, [m.text for m in merged["Idul Fitri"].mentions]) == (
        "EVENT",
        ["Lebaran", "Idul Fitri"],
    )
