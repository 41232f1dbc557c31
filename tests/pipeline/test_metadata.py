"""Article metadata from the raw input: the seeds (hand-checked), IndoSum-style forms, HTML, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.pipeline.backends.builtin.metadata import extract_metadata
from service.pipeline.backends.builtin.metadata.datelines import match_dateline
from service.pipeline.backends.builtin.metadata.outlets import normalise_outlet, outlet_from_host
from service.pipeline.document import Dateline, Metadata

REPO = Path(__file__).resolve().parents[2]
SEEDS = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))}

# Written by reading each seed, not from the code's output.
# 000 iNews.id: "SEOUL, iNews.id - ...", header date "15 Jun 2024 : 02.02" with no zone, "Editor : Anton Suhartono".
# 001 Liputan6.com: "Liputan6.com, Seoul - ...", "oleh Tommy K. Rony diperbarui 15 Sep 2023, 21:34 WIB";
#     "(Liputan6.com/Trieyasni)" ends an infographic caption: the graphic's maker, not the writer.
# 002 (publisher not named): "Foto: ANTARA/HO KCNAIstanbul - ..." is a photo credit glued to the
#     dateline "Istanbul - "; "Redaktur: Marcellus Widiarto", "Penulis: Antara" (the agency wrote it);
#     "(13/9/2023)" dates the archive photo, not the article.
# 003 Tribunnews.com: "TRIBUNNEWS.COM - ..." (no place), closing credit "(Tribunnews.com/Farrah Putri)";
#     "Senin (10/6/2024)" and "Jumat (16/6/2024)" date events, not the article.
# 004 (publisher not named): "SEOUL - ..."; "(ian)" closing it is a desk code, not a name.
# Headlines: each seed's headline line above its story; 003 opens with its dateline and has none.
SEED_METADATA = {
    "000": Metadata(
        outlet="iNews.id",
        dateline=Dateline(place="Seoul", outlet="iNews.id"),
        published_at="2024-06-15T02:02:00",
        authors=[],
        editors=["Anton Suhartono"],
        headline="Putin Akan Berkunjung ke Korut, Korsel dan AS Ketar-ketir",
    ),
    "001": Metadata(
        outlet="Liputan6.com",
        dateline=Dateline(place="Seoul", outlet="Liputan6.com"),
        published_at="2023-09-15T21:34:00+07:00",
        authors=["Tommy K. Rony"],
        editors=[],
        headline="Korea Selatan Pantau Kedekatan Militer Rusia dan Korea Utara",
    ),
    "002": Metadata(
        outlet=None,
        dateline=Dateline(place="Istanbul", outlet=None),
        published_at=None,
        authors=["Antara"],
        editors=["Marcellus Widiarto"],
        headline="Pejabat Korsel dan AS Bahas Kemungkinan Kunjungan Vladimir Putin ke Korut",
    ),
    "003": Metadata(
        outlet="Tribunnews.com",
        dateline=Dateline(place=None, outlet="Tribunnews.com"),
        published_at=None,
        authors=["Farrah Putri"],
        editors=[],
    ),
    "004": Metadata(
        outlet=None,
        dateline=Dateline(place="Seoul", outlet=None),
        published_at=None,
        authors=[],
        editors=[],
        headline="Rusia-Korea Utara Mesra, AS, Korea Selatan, Jepang Waswas",
    ),
}


@pytest.mark.parametrize("seed", sorted(SEED_METADATA))
def test_seed_metadata_matches_the_hand_checked_reading(seed: str) -> None:
    assert extract_metadata(text=SEEDS[seed], html=None) == SEED_METADATA[seed]


def test_the_headline_is_the_line_above_the_story_that_tells_it() -> None:
    page = (
        "BERANDA  NASIONAL  EKONOMI\n\nKPK Tetapkan Bupati Sidoarjo Tersangka Korupsi Dana Insentif\n\n"
        "Kompas.com - 24/11/2026, 14:05 WIB\nPenulis: Rina Ayu | Editor: Bagus Santosa\n\n"
        "SURABAYA, KOMPAS.com - Komisi Pemberantasan Korupsi (KPK) menetapkan Bupati Sidoarjo sebagai"
        " tersangka kasus pemotongan dana insentif pegawai."
    )
    assert (
        extract_metadata(text=page, html=None).headline
        == "KPK Tetapkan Bupati Sidoarjo Tersangka Korupsi Dana Insentif"
    )
    # a menu line above the story names nothing of it; a bare story has no headline; the request's wins
    menu = (
        "Home | World\nAUTO SHOP GUIDE\nJAKARTA (Reuters) - Toyota will build a battery plant in West Java."
    )
    assert extract_metadata(text=menu, html=None).headline is None
    assert (
        extract_metadata(text=page, html=None, title="Bupati Sidoarjo tersangka").headline
        == "Bupati Sidoarjo tersangka"
    )


def test_the_requests_own_published_at_wins() -> None:
    meta = extract_metadata(text=SEEDS["001"], html=None, published_at="2023-09-16T08:00:00+07:00")
    assert meta.published_at == "2023-09-16T08:00:00+07:00"
    assert meta.authors == ["Tommy K. Rony"]


# IndoSum's opening lines (detokenised: "- -" for "--"), one per form.
@pytest.mark.parametrize(
    ("line", "place", "outlet"),
    [
        (
            "Jakarta, CNN Indonesia - - Mantan anggota DPR dari Fraksi Partai Demokrat",
            "Jakarta",
            "CNN Indonesia",
        ),
        ("Jakarta, CNN Indonesia -- Perdana Menteri Israel", "Jakarta", "CNN Indonesia"),
        ("Jakarta (ANTARA News) - Komisi Pemberantasan Korupsi (KPK) mengamankan", "Jakarta", "Antara"),
        ("Serang, Banten (ANTARA News) - Pemerintah Provinsi Banten", "Serang", "Antara"),
        ("Riyadh, Saudi Arabia, 27/11 (Antara) - Pemerintah Arab Saudi", "Riyadh", "Antara"),
        ("TANGERANG (Pos Kota) – Sebanyak 1.283 botol minuman keras", "Tangerang", "Pos Kota"),
        ("JUARA.NET, KUALA LUMPUR - Pebulu tangkis tunggal putra", "Kuala Lumpur", "JUARA.net"),
        ("Bandung, JUARA.net - Persib Bandung melanjutkan tren positif", "Bandung", "JUARA.net"),
        ("Merdeka.com - Permukiman padat penduduk di Jalan Prepedan Raya", None, "Merdeka.com"),
        ("Rimanews - Personel Polres Kota Tarakan, Kalimantan Utara", None, "Rimanews"),
        ("Rimanews – Terdakwa kasus penistaan agama", None, "Rimanews"),
        ("Suara.com - Sejak didirikan tahun lalu", None, "Suara.com"),
        ("MAKASSAR, Tribun-Timur.com - Harga beras naik", "Makassar", "Tribun-Timur.com"),
        ("BANJARMASINPOST.CO.ID, BANJARMASIN - Harga cabai naik", "Banjarmasin", "Banjarmasinpost.co.id"),
        ("JAKARTA - Wakil Presiden Jusuf Kalla memastikan", "Jakarta", None),
        ("JAKARTA -Wakil Presiden Jusuf Kalla memastikan", "Jakarta", None),
        ("Jakarta, CNN Indonesia --", "Jakarta", "CNN Indonesia"),
        # Wire services, with the day written out
        ("BRUSSELS, March 4 (Reuters) - The European Commission fined Apple", "Brussels", "Reuters"),
        ("NEW YORK, Nov. 12, 2024 (AP) -- Stocks rose", "New York", "AP"),
        ("JAKARTA, 4 Maret (Reuters) - Indonesia akan", "Jakarta", "Reuters"),
        # CNN writes no dash: a known outlet in brackets ends the dateline
        ("Hong Kong (CNN Business) A muddled view of US-China trade talks", "Hong Kong", "CNN"),
        ("(CNN) President Donald Trump made an unscheduled trip", None, "CNN"),
    ],
)
def test_indosum_dateline_forms(line: str, place: str | None, outlet: str | None) -> None:
    found = match_dateline(line)
    assert found is not None
    assert found.dateline == Dateline(place=place, outlet=outlet)


def test_a_malaysian_dateline_ends_with_a_colon() -> None:
    found = match_dateline("KUALA LUMPUR: Kerajaan akan memperkenalkan subsidi bersasar.")
    assert found is not None and found.dateline == Dateline("Kuala Lumpur", None)
    # a label in capitals is no place, even where a village bears its name
    assert match_dateline("SUMBER: Antara") is None and match_dateline("FOTO: Presiden di Istana") is None


@pytest.mark.parametrize(
    "line",
    [
        "SIMAK JUGA - Di Tiongkok, Laga Batal Karena Konser Boyband",  # a cross-link, not a place
        "ANALISIS – Sampai detik-detik terakhir Pilkada DKI 2017",  # a rubric
        "Negara-negara diwajibkan memulangkan seluruh pekerja",  # a hyphen inside a word
        "Malang, UAV Ai - X1 ini gagal mencicip lapisan stratosfer",  # two names, no outlet: a sentence
        "Kim Jong Un - pemimpin Korea Utara - bertemu Putin",  # a headline-like name, not a place
        "Infografis 1 Tahun Perang Rusia - Ukraina, Putin Tangguhkan Perjanjian",
        "Jumat (14/6/2024) - pejabat Korsel dan AS",
        "Badan Pusat Statistik (BPS) Jawa Barat mencatat inflasi",  # brackets, but no outlet
        "Partai Rakyat (PR) Menolak Rencana Itu",  # "PR" names an outlet only in a credit
        "",
    ],
)
def test_lines_that_only_look_like_datelines(line: str) -> None:
    assert match_dateline(line) is None


def test_a_dateline_naming_a_place_beats_the_outlets_date_line_above_it() -> None:
    text = "Kompas.com - 24/11/2026, 14:05 WIB\n\nSURABAYA, KOMPAS.com - Komisi Pemberantasan Korupsi ..."
    assert extract_metadata(text=text, html=None).dateline == Dateline("Surabaya", "Kompas.com")


def test_dateline_is_read_from_the_header_not_the_whole_text() -> None:
    text = "\n".join(["Paragraf biasa tanpa dateline sama sekali."] * 60 + ["JAKARTA - Kalimat ke-61."])
    assert extract_metadata(text=text, html=None).dateline is None


@pytest.mark.parametrize(
    ("text", "authors", "editors"),
    [
        ("Penulis: Dian Savitri\nEditor: Anton Suhartono", ["Dian Savitri"], ["Anton Suhartono"]),
        (
            "Artikel ini telah tayang di Kompas.com. Penulis : Dian Maharani | Editor : Ana Shofiana",
            ["Dian Maharani"],
            ["Ana Shofiana"],
        ),
        (
            "Laporan Wartawan Tribunnews.com, Ilham Rian Pratama\n\nJAKARTA - Isi berita.",
            ["Ilham Rian Pratama"],
            [],
        ),
        (
            "Pewarta: Fransiska Ninditya\nEditor: Aditia Maruli Radja",
            ["Fransiska Ninditya"],
            ["Aditia Maruli Radja"],
        ),
        ("Reporter: M. Yazid\nblokBojonegoro.com - Menjelang hari raya Idul Adha", ["M. Yazid"], []),
        ("Oleh: Budi Santoso dan Siti Aminah", ["Budi Santoso", "Siti Aminah"], []),
        ("By Jane Doe for MailOnline\nPublished: 10:02 GMT, 2 May 2015", ["Jane Doe"], []),
        # A sentence that opens with "By"/"Oleh" names no writer; nor does a day or a month.
        ("By Monday, India was in full-scale crisis mode:\nPlanes flew in loaded with aid.", [], []),
        ("Oleh PDIP, Gus Ipul dipasangkan dengan Azwar Anas, Bupati Banyuwangi saat ini.", [], []),
        ("By March 2015 the fund had closed.\nBy Friday\nThe talks ended.", [], []),
        ("Redaktur: Marcellus Widiarto\nPenulis: Antara", ["Antara"], ["Marcellus Widiarto"]),
        # The wires' closing credits: writers, editors, places left out; a photo credit is no writer.
        (
            "Isi.\n(Reporting by Gayatri Suroyo and Stefanno Sulaiman in Jakarta; Additional reporting by"
            " Ed Davies; Editing by Kim Coghill and Martin Petty)",
            ["Gayatri Suroyo", "Stefanno Sulaiman", "Ed Davies"],
            ["Kim Coghill", "Martin Petty"],
        ),
        ("Story text.\n(Photo by Ed Wray)", [], []),
        # A word in a sentence is not a field; a desk code is not a name.
        ("Dia bekerja sebagai editor majalah Tempo selama sepuluh tahun di Jakarta.", [], []),
        ("Kasih ibu sepanjang masa, kasih anak sepanjang galah, kata pepatah. (rsa / rsa)", [], []),
        ("Ia belum mau banyak bicara terkait insiden kebakaran tersebut kepada wartawan. [gil]", [], []),
    ],
)
def test_bylines(text: str, authors: list[str], editors: list[str]) -> None:
    meta = extract_metadata(text=text, html=None)
    assert (meta.authors, meta.editors) == (authors, editors)


def test_a_closing_agency_credit_names_the_writer_but_a_caption_credit_does_not() -> None:
    story = (
        "Suara.com - Kerja sama pertahanan dihentikan sementara.\n\n"
        "Presiden Rusia Vladimir Putin dan Kim Jong Un bertemu di kosmodrom Vostochny (AFP).\n\n"
        "Kerja sama di bidang lainnya masih berjalan seperti biasa menurut kementerian. (Antara)"
    )
    assert extract_metadata(text=story, html=None).authors == ["Antara"]
    caption_last = "Isi berita yang cukup panjang untuk sebuah paragraf penuh di sini.\nFoto: Presiden di Istana. (Antara)"
    assert extract_metadata(text=caption_last, html=None).authors == []


def test_a_writer_credit_names_the_outlet_when_no_dateline_does() -> None:
    text = "Presiden Rusia Vladimir Putin dikabarkan akan mengunjungi Korea Utara bulan ini.\n(Kompas.com/Farid Assifa)"
    meta = extract_metadata(text=text, html=None)
    assert (meta.outlet, meta.authors) == ("Kompas.com", ["Farid Assifa"])


@pytest.mark.parametrize(
    ("text", "published_at"),
    [
        ("15 Jun 2024 : 02.02\nIsi", "2024-06-15T02:02:00"),
        ("Sabtu, 15 Juni 2024 - 02:02 WIB\nIsi", "2024-06-15T02:02:00+07:00"),
        ("Kamis, 7 Maret 2024 | 10:20 WITA\nIsi", "2024-03-07T10:20:00+08:00"),
        ("Senin, 4 Maret 2024 09.00 WIT\nIsi", "2024-03-04T09:00:00+09:00"),
        ("Rabu, 13 Desember 2017\nIsi", "2017-12-13"),
        ("15/06/2024, 14:30 WIB\nIsi", "2024-06-15T14:30:00+07:00"),
        ("Diperbarui 2024-06-15T02:02:00+07:00", "2024-06-15T02:02:00+07:00"),
        ("oleh Tommy K. Rony diperbarui 15 Sep 2023, 21:34 WIB", "2023-09-15T21:34:00+07:00"),
        ("Published: June 3rd, 2024", "2024-06-03"),  # dateparser's fallback: month first, ordinal
        ("Jakarta - Pejabat Korsel dan AS, Jumat (14/6/2024), memperingatkan kerja sama militer.", None),
        ("Pemprov DKI akan memperingati hari ulang tahunnya pada tanggal 22 Juni 2017 di Balai Kota.", None),
        ("31 Februari 2024\nIsi", None),
    ],
)
def test_published_at(text: str, published_at: str | None) -> None:
    assert extract_metadata(text=text, html=None).published_at == published_at


def test_outlet_names_are_normalised() -> None:
    assert normalise_outlet("TRIBUNNEWS.COM") == "Tribunnews.com"
    assert normalise_outlet("ANTARA News") == "Antara"
    assert normalise_outlet("iNews.id") == "iNews.id"
    assert normalise_outlet("Jakarta") is None
    assert outlet_from_host("news.detik.com") == "Detik.com"
    assert outlet_from_host("www.liputan6.com") == "Liputan6.com"
    assert outlet_from_host("example.org") is None


PAGE = """<html><head><title>Banjir Rendam Bekasi</title>
<meta property="og:site_name" content="Kompas.com">
<meta name="author" content="Dian Maharani">
<meta property="article:published_time" content="2024-03-05T08:15:00+07:00">
</head><body><article><h1>Banjir Rendam Bekasi</h1>
<p>BEKASI, KOMPAS.com - Banjir merendam ratusan rumah di Kota Bekasi, Selasa (5/3/2024).</p>
<p>Warga mengungsi ke masjid terdekat sejak pagi hari karena air terus naik.</p>
<p>Editor: Ana Shofiana Syatiri</p></article></body></html>"""

BARE_PAGE = """<html><body><div class="byline">Oleh: Budi Santoso</div>
<div class="date">Kamis, 7 Maret 2024 | 10:20 WITA</div>
<p>MAKASSAR, Tribun-Timur.com - Harga beras di Makassar naik dua pekan terakhir menurut pedagang pasar.</p>
<p>Pedagang mengatakan pasokan dari daerah berkurang karena hujan.</p></body></html>"""


def test_html_page_metadata_first_then_text_rules() -> None:
    assert extract_metadata(text=None, html=PAGE) == Metadata(
        outlet="Kompas.com",
        dateline=Dateline(place="Bekasi", outlet="Kompas.com"),
        published_at="2024-03-05T08:15:00+07:00",
        authors=["Dian Maharani"],
        editors=["Ana Shofiana Syatiri"],
        headline="Banjir Rendam Bekasi",
    )


@pytest.mark.parametrize(
    ("title", "site", "headline"),
    [
        (
            "NASA adds five companies to lunar lander program - SpaceNews.com",
            "SpaceNews.com",
            "NASA adds five companies to lunar lander program",
        ),
        ("Best tech gadgets of 2019 | ZDNet", "ZDNet", "Best tech gadgets of 2019"),
        (
            "Remake per Netflix - Remember 80/90 - Memorabilia anni 80/90",
            "Remember 80/90 - Memorabilia anni 80/90",
            "Remake per Netflix",
        ),
        # a separator inside the headline, or the site's name with none before it, stays
        (
            "Star Wars Jedi review - shoots for the moon - VG247",
            "VG247",
            "Star Wars Jedi review - shoots for the moon",
        ),
        (
            "Introducing Junior Gaspard, New CEO at Experience",
            "Experience",
            "Introducing Junior Gaspard, New CEO at Experience",
        ),
    ],
)
def test_the_page_title_loses_the_site_s_name(title: str, site: str, headline: str) -> None:
    page = f'<html><head><title>{title}</title><meta property="og:site_name" content="{site}"></head><body><p>Isi.</p></body></html>'
    assert extract_metadata(text=None, html=page).headline == headline


@pytest.mark.parametrize(
    ("author", "site", "authors"),
    [
        # article-extraction pages: the site named itself, or its desk, as an author
        ("Jill Disis; CNN Business", "CNN", ["Jill Disis"]),
        ("LinkNaija", "LinkNaija | Nigeria's popular news platform", []),
        ("Analysis by Chris Cillizza", "CNN", ["Chris Cillizza"]),
        # a writer whose name shares nothing with the site stays
        ("Meg James", "Los Angeles Times", ["Meg James"]),
    ],
)
def test_a_page_s_own_name_is_no_author(author: str, site: str, authors: list[str]) -> None:
    page = (
        f'<html><head><title>Emirates inks order</title><meta property="og:site_name" content="{site}">'
        f'<meta name="author" content="{author}"></head><body><p>Isi.</p></body></html>'
    )
    assert extract_metadata(text=None, html=page).authors == authors


def test_html_without_page_metadata_falls_back_to_the_text_rules() -> None:
    assert extract_metadata(text=None, html=BARE_PAGE) == Metadata(
        outlet="Tribun-Timur.com",
        dateline=Dateline(place="Makassar", outlet="Tribun-Timur.com"),
        published_at="2024-03-07T10:20:00+08:00",
        authors=["Budi Santoso"],
        editors=[],
    )


EMPTY = Metadata(outlet=None, dateline=None, published_at=None, authors=[], editors=[])


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   \n\n  ",
        "Tidak ada dateline, penulis, atau tanggal di artikel ini. Hanya kalimat biasa.",
        "\x00\x01\ufffd ((( ))) [[[ --- ––– ——— : : : /// (/) (a/) (/b)",
        '"' * 10_000,
        "(" * 10_000 + "Jakarta" + ")" * 3,
        "SEOUL, " * 5_000,
    ],
)
def test_bad_input_gives_empty_metadata(text: str | None) -> None:
    assert extract_metadata(text=text, html=None) == EMPTY


@pytest.mark.parametrize("html", ["", "<html>", "<<<>>>", "<p>" * 5_000, "\x00<p>Editor:</p>"])
def test_bad_html_does_not_crash(html: str) -> None:
    assert extract_metadata(text=None, html=html) == EMPTY


def test_a_megabyte_of_text_is_read_without_trouble() -> None:
    text = SEEDS["000"] + ("Kalimat biasa di tengah artikel yang panjang sekali. " * 20 + "\n") * 1_000
    assert len(text) > 1_000_000
    assert extract_metadata(text=text, html=None) == SEED_METADATA["000"]
    one_line = (
        "Penulis: " + "Budi " * 250_000
    )  # a megabyte on one line: fields are read in its first 2000 chars
    assert extract_metadata(text=one_line, html=None).authors == ["Budi Budi Budi Budi Budi Budi Budi Budi"]
