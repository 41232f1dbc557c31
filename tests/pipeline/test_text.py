"""Sentence splitter: abbreviations, initials, numbers, quotes; offsets exact."""

from __future__ import annotations

import pytest

from service.pipeline.text import join_sentences, split_sentences, words


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
    return [s.text for s in sentences]


@pytest.mark.parametrize(
    "text",
    [
        "oleh Tommy K. Rony diperbarui 15 Sep 2023, 21:34 WIB.",
        "Menurut Dr. Budi dan Prof. Siti, hasilnya baik.",
        "Kantor di Jl. Merdeka No. 5 ditutup.",
        "Mereka membeli buku, pena, dll. untuk sekolah.",
        "Penelitian Wilie dkk. (2020) menjadi acuan.",
        "The U.S. Army and Mr. Smith agreed.",
        "Dana dikirim a.n. Budi Santoso kemarin.",
        "ASDP kumpulkan 1.72 ton sampah, naik 79.5% dari tahun lalu.",
        "Pertemuan digelar Jumat (14/6/2024) di Seoul.",
        'Kami prihatin dan memantaunya dengan cermat," katanya.',
        "“Kami akan melakukan itu.” ujarnya kepada wartawan.",
        "Laporan terbit 15 Sep. 2023 di Seoul.",
    ],
)
def test_not_split(text: str) -> None:
    assert texts(text) == [text]


def test_splits_and_offsets() -> None:
    text = (
        "SEOUL - Putin akan berkunjung. Ini menandakan hubungan serius!\n\n"
        '  "Mata uang keras? Kami belum tahu," katanya. Dia pergi.\n'
        "Baca Juga\n"
        "Tuduhan itu dibantah Kremlin.  "
    )
    assert texts(text) == [
        "SEOUL - Putin akan berkunjung.",
        "Ini menandakan hubungan serius!",
        '"Mata uang keras?',
        'Kami belum tahu," katanya.',
        "Dia pergi.",
        "Baca Juga",
        "Tuduhan itu dibantah Kremlin.",
    ]


def test_quote_closing_after_period_then_new_sentence() -> None:
    text = "“Kami punya hak.” Peskov menegaskan hal itu. „Ini penting“, kata dia. ‘Ya.’ Lalu selesai."
    assert texts(text) == [
        "“Kami punya hak.”",
        "Peskov menegaskan hal itu.",
        "„Ini penting“, kata dia.",
        "‘Ya.’",
        "Lalu selesai.",
    ]


def test_closing_abbreviation_before_capital_ends_sentence() -> None:
    assert texts("Ada buku, pena, dll. Semua dibawa.") == ["Ada buku, pena, dll.", "Semua dibawa."]


def test_ellipsis() -> None:
    assert texts("Kami berjuang ... Dalam situasi ini kami menang.") == [
        "Kami berjuang ... Dalam situasi ini kami menang."
    ]
    assert texts("Entahlah... Besok saja.") == ["Entahlah...", "Besok saja."]


def test_lowercase_continuation_and_no_terminator() -> None:
    assert texts("Harga naik 2.5 persen. kemudian turun") == ["Harga naik 2.5 persen. kemudian turun"]
    assert texts("") == []
    assert texts("\n\n  \n") == []


def test_words() -> None:
    assert words("Kunjungan Putin ke Korut-Rusia, katanya (14/6).") == [
        "kunjungan",
        "putin",
        "ke",
        "korut-rusia",
        "katanya",
        "14",
        "6",
    ]


def test_chinese_and_japanese() -> None:
    text = "习近平周一在北京会见了布林肯。双方交换了意见！会谈顺利吗？「会談は続いた。」次に"
    assert [s.text for s in split_sentences(text)] == [
        "习近平周一在北京会见了布林肯。",
        "双方交换了意见！",
        "会谈顺利吗？",
        "「会談は続いた。」",
        "次に",
    ]
    assert words("北京会见了 Blinken") == ["北京", "会见", "了", "blinken"]


def test_joined_sentences_keep_each_script_s_spacing() -> None:
    assert join_sentences(["习近平会见了布林肯。", "双方交换了意见！", "Both sides met."]) == (
        "习近平会见了布林肯。双方交换了意见！Both sides met."
    )
    assert join_sentences(["Harga naik.", "Rupiah melemah."]) == "Harga naik. Rupiah melemah."
    assert join_sentences(["", "One.", ""]) == "One."


def test_trailing_credit_is_a_sentence_apart() -> None:
    # The desk's initials or the agency closing a paragraph are not part of its last sentence.
    assert texts("Film itu tayang pada Natal mendatang. (end)") == [
        "Film itu tayang pada Natal mendatang.",
        "(end)",
    ]
    assert texts("Namun tak ada gol tercipta. (den / asa)\nLalu selesai.") == [
        "Namun tak ada gol tercipta.",
        "(den / asa)",
        "Lalu selesai.",
    ]
    assert texts('"Niat kami baik," ujar Ikhsan. [bim]') == ['"Niat kami baik," ujar Ikhsan.', "[bim]"]
    assert texts("Gempa itu menewaskan 471 orang. (Antara / Reuters)") == [
        "Gempa itu menewaskan 471 orang.",
        "(Antara / Reuters)",
    ]
    # A bracket that the sentence goes on after is no credit.
    assert texts("Kata dia. (AP) Lalu ia pergi.") == ["Kata dia. (AP) Lalu ia pergi."]
