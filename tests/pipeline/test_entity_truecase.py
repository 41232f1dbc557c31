"""Headlines in Title Case or capitals are put back in sentence case before tagging."""

from __future__ import annotations

import pytest

from service.pipeline.backends.builtin.entities import CrfEntityRecognizer
from service.pipeline.backends.builtin.entities.recognizer import DEFAULT_LOWERCASE, ENGLISH_LOWERCASE
from service.pipeline.backends.builtin.entities.truecase import (
    is_headline_case,
    load_lowercase,
    sentence_case,
)

INDONESIAN = load_lowercase(DEFAULT_LOWERCASE)
ENGLISH = load_lowercase(ENGLISH_LOWERCASE)


def test_the_tables_ship_and_hold_common_words_only() -> None:
    assert {"ditutup", "menguat", "saham", "sebagai"} <= INDONESIAN
    assert {"shares", "after", "warns", "demand"} <= ENGLISH
    assert not {"jakarta", "jokowi", "kpk"} & INDONESIAN
    assert not {"london", "china", "john"} & ENGLISH
    # places the lexicon learnt after the English table was first built ("Storm Hits Kentucky")
    assert not {"kentucky", "quebec", "tasmania", "lancashire"} & ENGLISH


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("IHSG Ditutup Menguat 1,2% , Saham Bank Jadi Penopang", True),
        ("Timnas Indonesia Kalahkan Vietnam di Piala AFF", True),
        ("PRESIDEN UMUMKAN RESHUFFLE KABINET HARI INI", True),
        # ordinary sentences: one long lowercase word says the capitals are names
        ("Presiden Joko Widodo dan Menteri BUMN Erick Thohir bertemu di Jakarta", False),
        ("Dia tinggal di Jalan Sudirman Jakarta Pusat", False),
        # nothing the table knows: a run of names stays as written
        ("Joko Widodo Prabowo Subianto", False),
    ],
)
def test_headline_case_is_told_from_a_sentence(text: str, headline: bool) -> None:
    assert is_headline_case(text.split(), INDONESIAN) is headline


def test_sentence_case_lowercases_table_words_and_keeps_names_and_acronyms() -> None:
    toks = "IHSG Ditutup Menguat , Saham BANK MANDIRI Jadi Pilihan".split()
    assert sentence_case(toks, INDONESIAN) == "IHSG ditutup menguat , saham BANK Mandiri jadi pilihan".split()
    assert sentence_case(["Ditutup", "Menguat"], INDONESIAN) == ["Ditutup", "menguat"]


def _found(text: str, language: str) -> set[tuple[str, str]]:
    return {(m.text, e.type) for e in CrfEntityRecognizer().extract(text, language) for m in e.mentions}


def test_a_title_case_headline_is_no_run_of_names() -> None:
    text = "IHSG Ditutup Menguat 1,2%, Saham Bank Jadi Penopang"  # read as is: "Bank Jadi Penopang"
    common = {"Ditutup", "Menguat", "Saham", "Jadi"}
    assert not any(common & set(name.split()) for name, _ in _found(text, "id"))

    found = _found("Apple Shares Fall After Tim Cook Warns Of Weak iPhone Demand In China", "en")
    assert {("Apple", "ORGANIZATION"), ("Tim Cook", "PERSON"), ("China", "LOCATION")} <= found


def test_mentions_keep_the_headlines_own_text_and_offsets() -> None:
    text = "TIMNAS INDONESIA KALAHKAN VIETNAM DI PIALA AFF"
    entities = CrfEntityRecognizer().extract(text, "id")
    mentions = [m for e in entities for m in e.mentions]
    assert mentions and all(text[m.start : m.end] == m.text for m in mentions)
    assert any(m.text == "VIETNAM" for m in mentions)


@pytest.mark.parametrize(
    ("headline", "person"),
    [
        # CNBC Indonesia: the verbs after the names were no words body text writes often
        ("Terkait BJB, Ketua KPK Ungkap Penyebab Rumah Ridwan Kamil Digeledah", "Ridwan Kamil"),
        ("Pasar Logam Suram, Nikel Kebanggaan Jokowi Terperosok Paling Dalam", "Jokowi"),
        ("Baru 6 Bulan Jadi Dirut Muamalat, Ini Alasan Hery Syafril Dicopot", "Hery Syafril"),
    ],
)
def test_a_headline_s_verb_is_no_part_of_the_name_before_it(headline: str, person: str) -> None:
    assert (person, "PERSON") in _found(headline, "id")
    assert {"digeledah", "terperosok", "dicopot", "menegur"} <= INDONESIAN
