"""Indonesian regions an article mentions, mapped to official codes; foreign stories have none."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from service.pipeline.backends.builtin.boilerplate import RuleBasedBoilerplateRemover
from service.pipeline.backends.builtin.regions import find_regions, load_table

REPO = Path(__file__).resolve().parents[2]
SEEDS = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))}


@cache
def body(seed: str) -> str:
    return RuleBasedBoilerplateRemover().clean(text=SEEDS[seed])


def codes(text: str, places: tuple[str, ...] = ()) -> list[str]:
    return [r.code for r in find_regions(text, list(places))]


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_the_seeds_are_foreign_stories_with_no_regions(seed: str) -> None:
    # Korea, Russia, Ukraine, Vietnam, New York, Kharkiv; "medan perang" is a battlefield, not Medan.
    assert find_regions(body(seed)) == []
    assert find_regions(SEEDS[seed]) == []


def test_the_table_has_every_province_regency_and_city_once() -> None:
    regions = load_table().regions
    by_level = {level: [r for r in regions if r.level == level] for level in ("province", "regency", "city")}
    assert (len(by_level["province"]), len(by_level["regency"]) + len(by_level["city"])) == (38, 514)
    assert len({r.code for r in regions}) == len(regions)
    provinces = {r.code: r.name for r in by_level["province"]}
    assert all(r.province == provinces[r.code.split(".")[0]] for r in regions)


def test_a_region_carries_its_official_name_level_code_and_province() -> None:
    (region,) = find_regions("Banjir melanda Kabupaten Bogor sejak Senin.")
    assert (region.name, region.level, region.code, region.province) == (
        "Kabupaten Bogor",
        "regency",
        "32.01",
        "Jawa Barat",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Banjir melanda Kab. Bogor dan Kota Bogor.", ["32.01", "32.71"]),
        ("Pemkot Malang dan Pemkab Malang berbagi air.", ["35.73", "35.07"]),
        ("Wali Kota Bekasi meninjau lokasi.", ["32.75"]),
        ("Bupati Bandung meresmikan jalan.", ["32.04"]),
        ("Gubernur Jawa Barat dan Provinsi Jawa Timur sepakat.", ["32", "35"]),
        ("Polda Jabar dan Pemprov Jatim bekerja sama dengan DKI.", ["32", "35", "31"]),
        ("Macet di Jaksel dan Tangsel pagi ini.", ["31.74", "36.74"]),
        ("Wisatawan memadati Jogja saat libur.", ["34"]),
        ("Warga NTB dan NTT terdampak kekeringan.", ["52", "53"]),
        ("Kunjungan ke Kota Administrasi Jakarta Selatan dan Jakarta Utara.", ["31.74", "31.72"]),
        ("Kebakaran di Kalideres, Jakarta Barat, Senin.", ["31.73"]),
        ("Harga cabai di Sleman dan Bantul naik.", ["34.04", "34.02"]),
        ("Warga Toli-Toli dan Tolitoli sama saja.", ["72.04"]),
        ("BANDUNG diguyur hujan deras.", ["32.73"]),
        # English news: English names, the level after the name, a title after an English name.
        ("Floods hit West Java and South Jakarta on Monday.", ["32", "31.74"]),
        ("East Java Governor Khofifah visited the Riau Islands.", ["35", "21"]),
        ("Landslides in Bogor Regency and Batu City killed five.", ["32.01", "35.79"]),
        ("Officials in Malang regency said prices rose in Malang.", ["35.07"]),
    ],
)
def test_prefixed_bare_and_short_forms(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_a_bare_name_shared_by_a_regency_and_a_city_means_the_city_unless_the_regency_is_named() -> None:
    assert codes("Hujan deras mengguyur Bogor.") == ["32.71"]
    assert codes("Banjir di Kabupaten Bogor meluas. Warga Bogor mengungsi.") == ["32.01"]


def test_a_bare_name_shared_with_a_province_means_the_province() -> None:
    assert codes("Kebakaran hutan di Jambi meluas.") == ["15"]
    assert codes("Kebakaran di Kota Jambi meluas.") == ["15.71"]
    assert codes("Wisatawan memadati Yogyakarta.") == ["34"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Batu itu dilempar ke arah polisi.", []),  # a stone
        ("Wisatawan berlibur di Batu akhir pekan ini.", ["35.79"]),  # "di" cue
        ("Panen apel di Batu, Jawa Timur, melimpah.", ["35.79", "35"]),
        ("Roh Kudus turun atas mereka.", []),
        ("Bima Arya meresmikan taman.", []),  # a person (once the Bogor mayor)
        ("Dilansir dari Metro, medali itu bukan emas.", []),  # the UK tabloid: only "Kota Metro" counts
        ("Polda Metro Jaya menangkap pelaku.", []),
        ("Macet menuju Puncak akhir pekan.", []),  # the Bogor highland, not Kabupaten Puncak (Papua)
        ("Kabupaten Puncak di Papua Tengah.", ["94.05", "94"]),
        ("Bone marrow transplants are common.", []),
        ("Ia tinggal di Jalan Sulawesi nomor 3.", []),
        ("Pasukan maju ke medan perang.", []),
        ("Rumahnya di kawasan Kuningan, Jakarta Selatan.", ["31.74"]),  # a Jakarta district
        ("Warga Kuningan, Jawa Barat, menanam bawang.", ["32.08", "32"]),
        ("Konser di Solo meriah.", ["33.72"]),
        ("Album Solo pertamanya laris.", []),
        ("Persib Bandung ditahan imbang Semen Padang dan PSCS Cilacap.", []),  # football clubs
        ("Bali United lolos ke babak delapan besar.", []),
        ("Suporter Bandung memadati stadion di Bali.", ["32.73", "51"]),
    ],
)
def test_risky_names_need_a_cue(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_the_entity_taggers_places_confirm_a_risky_name() -> None:
    text = "Bima diguyur hujan deras sejak pagi."
    assert codes(text) == []
    assert codes(text, ("Bima",)) == ["52.72"]


def test_the_dateline_place_is_where_the_story_was_filed_not_a_region_it_is_about() -> None:
    text = "Jakarta, CNN Indonesia -- Perdana Menteri Israel Benjamin Netanyahu mengecam rencana itu."
    assert codes(text) == []
    assert codes(text + "\nDemo digelar di depan Kedubes AS di Jakarta.") == ["31"]


def test_regions_are_listed_once_in_order_of_first_mention() -> None:
    text = "Surabaya, lalu Medan, lalu Surabaya lagi, lalu Kota Medan."
    assert codes(text) == ["35.78", "12.71"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\ufffd",
        "(((" * 3000,
        "Kab. " * 20_000,
        "Kota Kota Kota",
        "- - - " * 10_000,
        "Jakarta" * 10_000,
    ],
)
def test_bad_input_does_not_crash(text: str) -> None:
    assert isinstance(find_regions(text), list)


def test_a_megabyte_of_text() -> None:
    text = "Banjir di Kabupaten Bogor. " + "Kalimat biasa tanpa nama tempat sama sekali. " * 25_000
    assert len(text) > 1_000_000
    assert codes(text) == ["32.01"]


@pytest.mark.parametrize(
    ("text", "places", "expected"),
    [
        # IndoSum: the Jakarta police's seat and a Jakarta street confirmed Metro (Lampung) and Medan
        ("Kombes Argo Yuwono di Mapolda Metro Jaya, Jalan Sudirman.", ["Mapolda Metro Jaya"], []),
        ("Massa berkumpul di Jalan Medan Merdeka Barat.", ["Jalan Medan Merdeka Barat"], []),
        # a compass word names a part of the region, which the place still confirms
        (
            "Kepadatan di pintu tol Karawang Timur, Jawa Barat.",
            ["Karawang Timur"],
            ["Kabupaten Karawang", "Jawa Barat"],
        ),
    ],
)
def test_a_place_confirms_a_name_only_where_the_name_ends_it(
    text: str, places: list[str], expected: list[str]
) -> None:
    assert [r.name for r in find_regions(text, places)] == expected


def test_a_street_or_a_person_named_after_a_region_is_not_the_region() -> None:
    # IndoSum: the tagger's "Jalan Medan" still confirmed Medan; "Jalan Cianjur, Menteng" is in Jakarta
    assert find_regions("Warga antre di Jalan Medan Merdeka Selatan.", ["Jalan Medan"]) == []
    text = "Acara digelar di Jalan Cianjur, Menteng."
    assert "Kabupaten Cianjur" not in [r.name for r in find_regions(text)]
    # a driver's name holds a province's
    text = "Mobil yang dikemudikan Jamil Lampung Muhammad terbalik."
    start = text.index("Jamil")
    people = [(start, start + len("Jamil Lampung Muhammad"))]
    assert find_regions(text, people=people) == []
    # a toll road's town the tagger confirms stays
    text = "Kemacetan di Tol Jakarta - Cikampek."
    assert "Daerah Khusus Ibukota Jakarta" in [r.name for r in find_regions(text, ["Jakarta"])]
