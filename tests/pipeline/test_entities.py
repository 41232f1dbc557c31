"""Built-in CRF entity backend: seeds, grouping rules, English, and a held-out F1 floor."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import pytest

from service.pipeline.backends.builtin.entities import CrfEntityRecognizer
from service.pipeline.backends.builtin.entities.one_sense import clubs_by_their_cues, companies_by_their_cues
from service.pipeline.backends.builtin.entities.repair import (
    foreign_offices,
    office_names,
    offices,
    people_read_as_organisations,
    places_after_prepositions,
    repair,
    surnames_after_first_names,
)
from service.pipeline.backends.builtin.entities.tokenizer import sequences, tokenize
from service.pipeline.document import BODY, LANGUAGE, Article, ArticleRequest, Entity, Language
from service.pipeline.entity_grouping import Span, group_mentions

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))


@cache
def recognizer() -> CrfEntityRecognizer:
    return CrfEntityRecognizer()


@cache
def seed_entities(index: int) -> tuple[str, list[Entity]]:
    text = SEEDS[index].read_text(encoding="utf-8")
    return text, recognizer().extract(text, "id")


def find(entities: list[Entity], name: str, kind: str) -> Entity:
    """The entity of type `kind` that has a mention spelled `name` (case-sensitive)."""
    hits = [e for e in entities if e.type == kind and any(m.text == name for m in e.mentions)]
    assert hits, f"{name} ({kind}) not found in {[(e.text, e.type) for e in entities]}"
    return hits[0]


def mentions_of(entities: list[Entity], name: str, kind: str) -> list[str]:
    """The mentions' texts of the entity of type `kind` that has a mention spelled `name`."""
    return [m.text for m in find(entities, name, kind).mentions]


def all_mentions(entities: list[Entity]) -> list[str]:
    return [m.text for e in entities for m in e.mentions]


@pytest.mark.parametrize("index", range(5))
def test_offsets_are_exact(index: int) -> None:
    text, entities = seed_entities(index)
    assert entities
    for e in entities:
        assert e.count > 0 and 0.0 <= e.score <= 1.0
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


EXPECTED = [
    (0, "Vladimir Putin", "PERSON"),
    (0, "Kim Hong Kyun", "PERSON"),
    (0, "Kurt Campbell", "PERSON"),
    (0, "Reuters", "ORGANIZATION"),
    (0, "Dewan Keamanan PBB", "ORGANIZATION"),
    (0, "Rusia", "LOCATION"),
    (1, "Yoon Suk Yeol", "PERSON"),
    (1, "Kim Jong Un", "PERSON"),
    (1, "Vladimir Putin", "PERSON"),
    (1, "Dmitry Peskov", "PERSON"),
    (1, "Yonhap", "ORGANIZATION"),
    (1, "Kremlin", "ORGANIZATION"),
    (2, "Kim Hong-kyun", "PERSON"),
    (2, "Kurt Campbell", "PERSON"),
    (2, "Seoul", "LOCATION"),
    (2, "Pyongyang", "LOCATION"),
    (2, "Dewan Keamanan PBB", "ORGANIZATION"),
    (3, "Kim Jong Un", "PERSON"),
    (3, "Dmitry Peskov", "PERSON"),
    (3, "Ukraina", "LOCATION"),
    (3, "Kharkiv", "LOCATION"),
    (3, "Vedomosti", "ORGANIZATION"),  # "surat kabar Rusia, Vedomosti melaporkan": no place
    (4, "Antony Blinken", "PERSON"),
    (4, "Kim Jong-un", "PERSON"),
    (4, "Yoon Suk Yeol", "PERSON"),
    (4, "Vladimir Putin", "PERSON"),
    (4, "Rusia", "LOCATION"),
    (4, "Dewan Keamanan PBB", "ORGANIZATION"),
]


@pytest.mark.parametrize(("index", "name", "kind"), EXPECTED)
def test_seed_entities_found(index: int, name: str, kind: str) -> None:
    _, entities = seed_entities(index)
    assert find(entities, name, kind).count > 0


@pytest.mark.parametrize("index", [0, 4])
def test_abbreviation_grouped(index: int) -> None:
    _, entities = seed_entities(index)
    korut = find(entities, "Korea Utara", "LOCATION")
    assert {"Korea Utara", "Korut"} <= {m.text for m in korut.mentions}
    assert korut.text == "Korea Utara"


@pytest.mark.parametrize(
    ("index", "short", "full"),
    [
        (0, "Campbell", "Kurt Campbell"),
        (0, "Putin", "Vladimir Putin"),
        (1, "Peskov", "Dmitry Peskov"),
    ],
)
def test_name_part_grouped(index: int, short: str, full: str) -> None:
    _, entities = seed_entities(index)
    person = find(entities, full, "PERSON")
    assert short in {m.text for m in person.mentions} and person.text == full


def test_hyphen_variants_grouped() -> None:
    text = "Kim Jong Un tiba di Moskow. Kemudian Kim Jong-un bertemu Presiden Vladimir Putin."
    entities = recognizer().extract(text, "id")
    kim = find(entities, "Kim Jong Un", "PERSON")
    assert {m.text for m in kim.mentions} == {"Kim Jong Un", "Kim Jong-un"}


def test_a_shorter_full_name_joins_the_one_longer_name_it_is_part_of() -> None:
    text = "Lucyna Kuziel-Zawalich. Lucyna Kuziel. Kuziel-Zawalich. Kim Jong Un. Kim Jong Il. Kim Jong."
    names = ["Lucyna Kuziel-Zawalich", "Lucyna Kuziel", "Kuziel-Zawalich", "Kim Jong Un", "Kim Jong Il"]
    starts = [text.index(name + ".") for name in names] + [text.rindex("Kim Jong")]
    spans = [Span(t, a, a + len(t), "PERSON", 0.9) for t, a in zip([*names, "Kim Jong"], starts, strict=True)]
    groups = {e.text: sorted(m.text for m in e.mentions) for e in group_mentions(text, spans)}
    assert groups["Lucyna Kuziel-Zawalich"] == ["Kuziel-Zawalich", "Lucyna Kuziel", "Lucyna Kuziel-Zawalich"]
    assert groups["Kim Jong"] == ["Kim Jong"]  # part of two longer names: stays on its own


def test_an_organisation_s_legal_form_does_not_keep_its_mentions_apart() -> None:
    text = "PT Pertamina (Persero) naik. Pertamina siap. SoftBank Group Corp turun. SoftBank diam. Tesla Inc."
    forms = [
        ("PT Pertamina", "ORGANIZATION"),
        ("Persero", "ORGANIZATION"),
        ("Pertamina", "ORGANIZATION"),
        ("SoftBank Group Corp", "ORGANIZATION"),
        ("SoftBank", "LOCATION"),
        ("Tesla Inc", "ORGANIZATION"),
    ]
    spans, pos = [], 0
    for form, kind in forms:
        pos = text.index(form, pos)
        spans.append(Span(form, pos, pos + len(form), kind, 0.9))
        pos += len(form)
    groups = {e.text: (e.type, sorted(m.text for m in e.mentions)) for e in group_mentions(text, spans)}
    assert groups == {
        "PT Pertamina": ("ORGANIZATION", ["PT Pertamina", "Pertamina"]),  # "Persero" alone is no company
        # the form with a legal ending outvotes a one-word mention read as a place
        "SoftBank Group Corp": ("ORGANIZATION", ["SoftBank", "SoftBank Group Corp"]),
        "Tesla Inc": ("ORGANIZATION", ["Tesla Inc"]),
    }


def spans_of(text: str, forms: list[tuple[str, str]]) -> list[Span]:
    """Spans for `forms` (text, type) found in order in `text`."""
    spans, pos = [], 0
    for form, kind in forms:
        pos = text.index(form, pos)
        spans.append(Span(form, pos, pos + len(form), kind, 0.9))
        pos += len(form)
    return spans


def test_a_company_s_short_name_read_as_a_person_joins_it() -> None:
    # LA Times page: "Disney" came out a person beside "Walt Disney Co."
    text = "The Walt Disney Co. said on Tuesday. Disney added that Disney and the Disney Channel would wait."
    forms = [("Walt Disney Co.", "ORGANIZATION"), ("Disney", "PERSON"), ("Disney", "PERSON")]
    forms.append(("Disney Channel", "PERSON"))  # another name with the word: only the company is one
    groups = {e.text: (e.type, len(e.mentions)) for e in group_mentions(text, spans_of(text, forms))}
    # the legal form says it is a company, however often the short name was read as a person
    assert groups["Walt Disney Co."] == ("ORGANIZATION", 3)


def test_a_region_named_with_its_level_types_its_group() -> None:
    # IndoSum: "Bupati Poso", "BPBD Poso": the bare name read as a person five times, the region once
    text = "Bupati Poso menetapkan status darurat. Kepala BPBD Poso memimpin. Kerusakan di Kabupaten Poso meluas."
    forms = [("Poso", "PERSON"), ("Poso", "PERSON"), ("Kabupaten Poso", "LOCATION")]
    groups = {e.text: (e.type, len(e.mentions)) for e in group_mentions(text, spans_of(text, forms))}
    assert groups == {"Kabupaten Poso": ("LOCATION", 3)}


def test_a_bare_region_name_joins_the_one_region_named_with_its_level() -> None:
    text = "BEKASI - Banjir di Kota Bekasi. Warga Bekasi mengungsi. Kota Bogor dan Kabupaten Bogor aman, Bogor cerah."
    forms = [("BEKASI", "LOCATION"), ("Kota Bekasi", "LOCATION"), ("Bekasi", "LOCATION")]
    forms += [("Kota Bogor", "LOCATION"), ("Kabupaten Bogor", "LOCATION"), ("Bogor", "LOCATION")]
    groups = {e.text: len(e.mentions) for e in group_mentions(text, spans_of(text, forms))}
    # two regions named Bogor: the bare name could be either, and stays apart (as regions.py reads it)
    assert groups == {"Kota Bekasi": 3, "Kota Bogor": 1, "Kabupaten Bogor": 1, "Bogor": 1}


def test_a_bare_landmark_name_joins_the_landmark_named_with_its_kind_but_a_city_not_its_bay() -> None:
    # IndoSum: "Candi Borobudur" and "Borobudur", "Pulau Flores" and "Flores" were two places each
    text = "Candi Borobudur diterangi warna oranye. Borobudur ramai. Reklamasi Teluk Jakarta ditunda, kata Jakarta."
    forms = [("Candi Borobudur", "LOCATION"), ("Borobudur", "LOCATION")]
    forms += [("Teluk Jakarta", "LOCATION"), ("Jakarta", "LOCATION")]
    groups = {e.text: len(e.mentions) for e in group_mentions(text, spans_of(text, forms))}
    assert groups == {"Candi Borobudur": 2, "Teluk Jakarta": 1, "Jakarta": 1}


def test_a_known_place_is_no_person_s_full_name() -> None:
    # CNBC page: "DUBAI, United Arab Emirates" joined the airline "Emirates" (read as a person)
    text = "DUBAI, United Arab Emirates - Emirates ordered jets. Emirates said so."
    forms = [("United Arab Emirates", "LOCATION"), ("Emirates", "PERSON"), ("Emirates", "PERSON")]
    spans = spans_of(text, forms)
    groups = {e.text: e.type for e in group_mentions(text, spans, places={"united arab emirates"})}
    assert groups == {"United Arab Emirates": "LOCATION", "Emirates": "PERSON"}
    # a name the place list does not know still joins ("Presiden Rusia, Vladimir Putin" as a place)
    assert len(group_mentions(text, spans)) == 1


def test_a_word_of_several_names_joins_the_name_mentioned_last_before_it() -> None:
    text = "Kim Jong Un tiba. Kim tersenyum. Wakil Menteri Kim Hong-kyun menelepon. Kim marah."
    names = [("Kim Jong Un", 0), ("Kim", 18), ("Kim Hong-kyun", 47), ("Kim", 72)]
    spans = [Span(t, a, a + len(t), "PERSON", 0.9) for t, a in names]
    assert all(text[s.start : s.end] == s.text for s in spans)
    groups = {e.text: [m.start for m in e.mentions] for e in group_mentions(text, spans)}
    assert groups == {"Kim Jong Un": [0, 18], "Kim Hong-kyun": [47, 72]}


def test_entities_ordered_by_first_mention() -> None:
    _, entities = seed_entities(0)
    firsts = [e.mentions[0].start for e in entities]
    assert firsts == sorted(firsts)


def test_english() -> None:
    text = (
        "President Joe Biden met Prime Minister Fumio Kishida in Tokyo on Monday, the White House said. "
        "Reuters reported that the two leaders discussed trade with China."
    )
    entities = recognizer().extract(text, "en")
    kinds = {e.type for e in entities}
    assert {"PERSON", "LOCATION", "ORGANIZATION"} <= kinds
    find(entities, "Joe Biden", "PERSON")
    find(entities, "Tokyo", "LOCATION")


def types_of(entities: list[Entity], name: str) -> set[str]:
    """The types given to mentions spelled `name`."""
    return {e.type for e in entities for m in e.mentions if m.text == name}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ketua DPR Puan Maharani menerima laporan itu pada Senin.", "DPR"),
        ("Penyidik KPK memeriksa dua saksi dalam kasus suap tersebut.", "KPK"),
        ("Kementerian Keuangan mencatat defisit anggaran hingga Mei.", "Kementerian Keuangan"),
        ("Sekretaris Jenderal PDI-P Hasto Kristiyanto hadir dalam rapat.", "PDI-P"),
        ("Ketua Umum Partai Demokrat Agus Harimurti Yudhoyono menyampaikan sikap partai.", "Partai Demokrat"),
        ("Gerindra dan Golkar sepakat mengusung calon yang sama.", "Gerindra"),
        ("Gerindra dan Golkar sepakat mengusung calon yang sama.", "Golkar"),
        ("Hal itu dilaporkan harian bisnis Rusia Vedomosti pada Selasa.", "Vedomosti"),
        # IDNer2k tuning slice: written in lowercase, it came out as "kementerian" and "negeri"
        (
            "Saat dihubungi kantor berita AFP, kementerian luar negeri menolak berkomentar.",
            "kementerian luar negeri",
        ),
        # a dateline's outlet, as the metadata stage's table spells it: was "CNN" and the place "Indonesia"
        (
            "Jakarta, CNN Indonesia -- Ekonom Bank Permata Josua Pardede menilai daya beli stabil.",
            "CNN Indonesia",
        ),
        # IndoSum: a bureau, directorate or agency office came out a person or a place
        ("Kepala Biro Humas KPK Febri Diansyah membenarkan pemeriksaan itu.", "Biro Humas"),
        (
            "Kepala Subdirektorat Manajemen Satelit, Mulyadi, menyebut pihaknya berburu operator.",
            "Subdirektorat Manajemen Satelit",
        ),
        # seed 003: after "Rusia," the CRF read it as a second place
        (
            "Tepatnya setelah surat kabar Rusia, Vedomosti melaporkan bahwa Putin akan berkunjung.",
            "Vedomosti",
        ),
    ],
)
def test_organisations_monitors_count(text: str, name: str) -> None:
    """Defects reported on news: these were missed, cut ("Demokrat") or typed PERSON or LOCATION
    ("Vedomosti")."""
    assert types_of(recognizer().extract(text, "id"), name) == {"ORGANIZATION"}


def test_weapon_name_is_no_person() -> None:
    text = "Rusia menembakkan rudal hipersonik Kinzhal ke arah Kyiv pada Kamis malam."
    entities = recognizer().extract(text, "id")
    assert "PERSON" not in types_of(entities, "Kinzhal")
    find(entities, "Kyiv", "LOCATION")


def test_a_lowercase_word_alone_is_no_place() -> None:
    # Seed 000: "dampak besar di medan perang" (battlefield) was the city of Medan.
    text = "Senjata yang dikirim itu memiliki dampak besar di medan perang, kata Campbell di Medan."
    places = [m for e in recognizer().extract(text, "id") for m in e.mentions if e.type == "LOCATION"]
    assert [m.text for m in places] == ["Medan"]


def test_a_title_s_common_words_are_no_part_of_the_name() -> None:
    # IDNer2k training sentences: "Menteri Penerangan Sikhanyiso Ndlovu" came out as one person,
    # the ministry's word included; a title of common words only names no one.
    text = "Menteri Penerangan Sikhanyiso Ndlovu bertemu Menteri Pekerjaan Umum di Harare."
    people = [m.text for e in recognizer().extract(text, "id") for m in e.mentions if e.type == "PERSON"]
    assert people == ["Sikhanyiso Ndlovu"]


def test_what_a_cut_at_a_common_word_leaves_without_a_capital_is_no_name() -> None:
    # IndoSum: "sekolah paduan suara Katolik Jerman" was one place to the CRF; the cut at "suara"
    # left "sekolah paduan" as a place of its own.
    text = "Ratusan anak menjadi korban di sekolah paduan suara Katolik Jerman itu."
    names = [m.text for e in recognizer().extract(text, "id") for m in e.mentions]
    assert "sekolah paduan" not in names
    assert any("Jerman" in name for name in names)


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        # IndoSum: both were persons
        (
            "Persija kalah di Stadion Tan Sri Dato Haji Hassan Yunos, Rabu malam.",
            "Stadion Tan Sri Dato Haji Hassan Yunos",
        ),
        ("Laga terakhir digelar di Estadio Vicente Calderon, Madrid.", "Estadio Vicente Calderon"),
        # and a place's word ("Kota Maskana" was a person)
        (
            "Target pasukan keamanan Suriah selanjutnya adalah Kota Maskana yang berada di tepi Danau Assad.",
            "Kota Maskana",
        ),
    ],
)
def test_a_person_s_name_after_a_building_s_word_is_a_place(text: str, venue: str) -> None:
    assert mentions_of(recognizer().extract(text, "id"), venue, "LOCATION") == [venue]


@pytest.mark.parametrize(
    ("text", "association"),
    [
        # IndoSum: both were persons
        (
            "Ketua Federasi Olahraga Rekreasi Masyarakat Indonesia (FORMI) Jawa Tengah Rakun MP mengatakan "
            "jumlah atlet sekitar 200 orang.",
            "Federasi Olahraga Rekreasi Masyarakat",
        ),
        (
            "Presiden Konfederasi Serikat Buruh Sejahtera Indonesia Mudhofir mengatakan buruh akan berunjuk rasa.",
            "Konfederasi Serikat Buruh Sejahtera",
        ),
    ],
)
def test_a_name_opening_with_an_association_s_word_is_an_organisation(text: str, association: str) -> None:
    assert mentions_of(recognizer().extract(text, "id"), association, "ORGANIZATION") == [association]


def test_a_person_after_an_alliance_s_word_stays_a_person() -> None:
    # IDNer2k: "partai-partai Koalisi Prabowo" names Prabowo, as "Partai Demokrat" names no one
    text = "Partainya akan menjalin komunikasi dengan partai-partai Koalisi Prabowo agar tak ikut menolak."
    assert mentions_of(recognizer().extract(text, "id"), "Prabowo", "PERSON") == ["Prabowo"]


def test_a_slash_in_a_person_s_name_parts_a_doubles_pair() -> None:
    # IndoSum: "Marcus / Kevin" was one person of up to 12 mentions; the players had 1 each
    text = (
        "Ganda putra Marcus Fernaldi Gideon / Kevin Sanjaya Sukamuljo menang. Setali tiga uang dengan "
        "Tommy Sugiarto, pasangan Indonesia berperingkat nomor wahid dunia, Marcus / Kevin, juga "
        "berhasil mendapatkan kemenangan. "
        "Rapat digelar di Gedung DPR/MPR, Jakarta."
    )
    entities = recognizer().extract(text, "id")
    assert mentions_of(entities, "Marcus Fernaldi Gideon", "PERSON") == ["Marcus Fernaldi Gideon", "Marcus"]
    assert mentions_of(entities, "Kevin Sanjaya Sukamuljo", "PERSON") == ["Kevin Sanjaya Sukamuljo", "Kevin"]
    assert "Gedung DPR/MPR" in all_mentions(entities)  # a slash in another name stays


def test_a_name_before_and_his_companions_is_a_person() -> None:
    # IndoSum: Messi, named ten times in a match report, was found nowhere; "Chris Martin cs" was a name
    text = (
        "Barcelona menang atas tuan rumah Betis yang ingin menghentikan laju Messi dan kawan-kawan. "
        "Gol dicetak oleh Rakitic dan Messi. Netizen salah mengira Chris Martin cs sebagai band lain."
    )
    entities = recognizer().extract(text, "id")
    assert mentions_of(entities, "Messi", "PERSON") == ["Messi", "Messi"]
    assert mentions_of(entities, "Chris Martin", "PERSON") == ["Chris Martin"]


def test_a_university_an_institute_or_a_foundation_is_an_organisation() -> None:
    # IndoSum: places ("Northumbria University", "Monash University") or people ("Tahir Foundation")
    text = (
        "Penelitian dari Northumbria University menemukan hal itu. Bantuan datang dari Tahir Foundation "
        "dan Yudhoyono Institute."
    )
    entities = recognizer().extract(text, "id")
    for name in ("Northumbria University", "Tahir Foundation", "Yudhoyono Institute"):
        assert mentions_of(entities, name, "ORGANIZATION") == [name]


def test_a_word_written_lowercase_ends_no_person_s_name() -> None:
    # IndoSum: "Salim kala" (20 mentions), "Jokowi kala", "Cristiano Ronaldo geram", "Diana curhat"
    text = (
        "Salim Harama memeluk Islam. Salim kala itu masih muda. Cristiano Ronaldo geram dengan "
        "keputusan itu. Korea Selatan menyambut Choi Si-won."
    )
    people = [m.text for e in recognizer().extract(text, "id") for m in e.mentions if e.type == "PERSON"]
    assert {"Salim", "Cristiano Ronaldo"} <= set(people)
    assert not any(p.endswith(("kala", "geram")) for p in people)


def test_a_year_ends_no_place_nor_person() -> None:
    # IndoSum: "Pilgub Jateng 2018" gave the place "Jateng 2018", apart from Jawa Tengah
    text = (
        "Partai itu berencana membentuk poros baru di Jawa Tengah. Menurut Masrukhan, jika hanya ada dua "
        "pasang kandidat Pilgub Jateng 2018, pilihan masyarakat akan terbatas dan tidak dinamis."
    )
    places = [m.text for e in recognizer().extract(text, "id") for m in e.mentions if e.type == "LOCATION"]
    assert "Jateng 2018" not in places and "Jateng" in places


def test_a_rank_dropped_from_the_end_of_a_body_leaves_no_stray_dash() -> None:
    # found by fuzzing: "PT PT - Kombes" lost its rank, and "PT PT -" (legal forms and a dash, no
    # word) crashed grouping
    text = (
        "Kevin ' Borobudur ) Jakarta Choliq , ' dkk Stadion / kala ' PT PT - Kombes Jilid kawan , ujar Salim"
    )
    names = [m.text for e in recognizer().extract(text, "id") for m in e.mentions]
    assert all(name[-1].isalnum() for name in names)


def test_a_possessive_does_not_cut_a_name() -> None:
    # NERGrit training sentences: "Saint Mary's College" came out as "Saint Mary'" and "College".
    text = "Ia kuliah di Saint Mary's College di Indiana."
    names = [m.text for e in recognizer().extract(text, "id") for m in e.mentions]
    assert "Saint Mary's College" in names
    assert "College" not in names


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        # the CRF stopped before "Co." and called "Walt Disney" a person (a Los Angeles Times story);
        # the form's full stop belongs to the name, as IDNer2k's gold writes "DeSoto Inc." mid-sentence
        ("Walt Disney Co. executive Kevin Mayer said a glitch led to the problems.", "en", "Walt Disney Co."),
        ("Marvel Studios and Pixar declined to comment on Tuesday.", "en", "Marvel Studios"),
        ("Harga saham Astra International Tbk turun 2 persen pada Senin.", "id", "Astra International Tbk"),
        # IDNer2k training sentence: a name opening with an organisation's head word was a place
        ("Para ahli botani di Universitas Harvard melakukan analisis DNA.", "id", "Universitas Harvard"),
        # PUD Wikipedia tuning split: only "Party" was found
        (
            "During the 2010 general election, the Labor Party was able to win all seven seats.",
            "en",
            "Labor Party",
        ),
    ],
)
def test_company_endings_and_organisation_heads_make_organisations(
    text: str, language: str, name: str
) -> None:
    assert types_of(recognizer().extract(text, language), name) == {"ORGANIZATION"}


def test_armed_groups_the_news_reports_on_are_organisations() -> None:
    # cnndm: "ISIS" was a person of six mentions; IndoSum: "Taliban", "Hizbullah" were no entity
    text = "The pictures were posted by a campaign group that risks death by documenting ISIS atrocities."
    assert find(recognizer().extract(text, "en"), "ISIS", "ORGANIZATION")
    text = "Serangan itu diklaim oleh kelompok Taliban, sementara Hizbullah membantah terlibat."
    found = recognizer().extract(text, "id")
    assert find(found, "Taliban", "ORGANIZATION") and find(found, "Hizbullah", "ORGANIZATION")


def test_a_lowercase_point_of_the_compass_is_no_part_of_an_english_name() -> None:
    # UNER's PUD: "southern Norway" names Norway; cnndm: "east Lancashire", "and Ministry of Defence"
    text = "The waterway starts near Kristiansand in southern Norway. Blackburn is a town in east Lancashire."
    names = {m.text for e in recognizer().extract(text, "en") for m in e.mentions}
    assert {"Norway", "Lancashire"} <= names and not {"southern Norway", "east Lancashire"} & names


def test_an_english_abbreviation_keeps_its_full_stop_as_the_training_sets_write_it() -> None:
    # cnndm: "St. John" gave the place "St" and the person "John", "Robert Downey Jr." a person
    # and the organisation "Downey Jr"
    text = "The family stayed in St. John, U.S. Virgin Islands. The cast includes Robert Downey Jr., who plays Iron Man."
    names = {(m.text, e.type) for e in recognizer().extract(text, "en") for m in e.mentions}
    assert {("St. John", "LOCATION"), ("Robert Downey Jr.", "PERSON")} <= names
    # Indonesian text is cut as the Indonesian training data was: the abbreviation is two tokens
    assert [t for t, _, _ in tokenize("Ia tinggal di St. Louis.")][3:5] == ["St", "."]


def test_a_sentence_s_opening_conjunction_is_no_part_of_an_english_name() -> None:
    # a New York Times opinion piece: "And Louisiana Democrats" was the organisation
    text = "Republicans lost in Kentucky. And Louisiana Democrats re-elected John Bel Edwards on Saturday."
    names = [m.text for e in recognizer().extract(text, "en") for m in e.mentions]
    assert "And Louisiana Democrats" not in names and "Louisiana Democrats" in names


def test_a_firm_glued_to_its_analyst_is_the_firm_then_the_person() -> None:
    # IndoSum: "Samuel Sekuritas Rangga Cipta" was one person, and the quote's speaker
    text = "Ekonom Samuel Sekuritas Rangga Cipta mengatakan rupiah menguat pada Senin."
    entities = recognizer().extract(text, "id")
    assert find(entities, "Samuel Sekuritas", "ORGANIZATION") and find(entities, "Rangga Cipta", "PERSON")


def test_a_body_s_acronym_glued_to_its_official_is_the_body_then_the_person() -> None:
    # IndoSum: each came out as one person, and a monitor counted "RI Bambang Soesatyo"
    text = "Ketua DPR RI Bambang Soesatyo menemui Direktur CMNP Solahuddin di Jakarta."
    entities = recognizer().extract(text, "id")
    assert find(entities, "DPR RI", "ORGANIZATION") and find(entities, "Bambang Soesatyo", "PERSON")
    assert find(entities, "CMNP", "ORGANIZATION") and find(entities, "Solahuddin", "PERSON")
    # two capitals are initials, not a body
    assert find(recognizer().extract("Novel karya JK Rowling laris.", "id"), "JK Rowling", "PERSON")


def test_a_rank_is_no_part_of_the_name() -> None:
    # IndoSum: "Kompol Putu Kholis Aryana", "Iptu Suroto" were the persons' names
    text = (
        "Kasat Reserse Narkoba Polresta Depok, Kompol Putu Kholis Aryana, mengatakan MSH ditangkap. "
        "Kanit Turjawali Satlantas Polres Brebes, Iptu Suroto, mengatakan jalan lancar."
    )
    people = {m.text for e in recognizer().extract(text, "id") for m in e.mentions if e.type == "PERSON"}
    assert people == {"Putu Kholis Aryana", "Suroto"}


def test_a_country_after_a_people_s_noun_is_their_nationality() -> None:
    # IDNer2k's news annotators: "warga Israel", "bahasa Inggris" name no place (70 of 82 such uses)
    text = "Sebagian besar masyarakat Indonesia belum divaksin. Ia fasih berbahasa Jerman. Pasukan Rusia menyerang kota itu."
    entities = recognizer().extract(text, "id")
    for name in ("Indonesia", "Jerman", "Rusia"):
        assert types_of(entities, name) == {"MISC"}
    # still a mention of the country, which names its group's type where it is named as a place
    text = "Tentara Jepang menarik diri. Kapal itu tiba di Jepang pada Senin, lalu kembali ke Jepang."
    entities = recognizer().extract(text, "id")
    assert types_of(entities, "Jepang") == {"LOCATION"}
    assert mentions_of(entities, "Jepang", "LOCATION") == ["Jepang"] * 3
    # a preposition or a verb before it leaves a place; an Indonesian region stays one too
    text = "Ia terbang ke Israel, lalu mengunjungi warga Bekasi yang tinggal di Jepang."
    entities = recognizer().extract(text, "id")
    for name in ("Israel", "Bekasi", "Jepang"):
        assert types_of(entities, name) == {"LOCATION"}


def test_a_club_s_opening_letters_make_a_club() -> None:
    # IndoSum: "AC Milan" and "OGC Nice" were persons (the letters read as initials)
    text = "Bonucci resmi pindah ke AC Milan, sementara Balotelli tetap di OGC Nice."
    entities = recognizer().extract(text, "id")
    assert find(entities, "AC Milan", "ORGANIZATION") and find(entities, "OGC Nice", "ORGANIZATION")
    # and the town's name alone is the same club (the letters are its legal form)
    club = find(
        recognizer().extract("AC Milan kalah 0-2. Pelatih Milan kecewa.", "id"), "AC Milan", "ORGANIZATION"
    )
    assert [m.text for m in club.mentions] == ["AC Milan", "Milan"]


def test_a_person_glued_after_a_known_place_is_the_place_then_the_person() -> None:
    # IndoSum: "Haiti Rene Preval" was one person over 11 mentions, "Newcastle DeAndre Yedlin" a club
    for text, place, person in (
        ("Mantan Presiden Haiti Rene Preval meninggal dunia.", "Haiti", "Rene Preval"),
        ("Bek Newcastle DeAndre Yedlin mengatakan mereka harus bangkit.", "Newcastle", "DeAndre Yedlin"),
    ):
        entities = recognizer().extract(text, "id")
        assert find(entities, place, "LOCATION") and find(entities, person, "PERSON")
    # a name whose first word is also a town stays whole
    king = recognizer().extract("Martin Luther King spoke in Washington.", "en")
    assert find(king, "Martin Luther King", "PERSON")


def test_a_name_joined_to_people_by_and_is_a_person() -> None:
    # IndoSum: "Lionel Messi" was an organisation in 16 stories (the clusters put "lionel" by clubs)
    text = "Gol dari Luis Suarez dan Lionel Messi membuat Barcelona melangkah ke babak berikutnya."
    entities = recognizer().extract(text, "id")
    assert find(entities, "Lionel Messi", "PERSON") and find(entities, "Barcelona", "ORGANIZATION")
    # a club named after its town stays a club
    club = "Gol Muchlis Hadi yang membela Semen Padang dan Wawan Febrianto jadi penentu."
    assert not any(e.type == "PERSON" and e.text == "Semen Padang" for e in recognizer().extract(club, "id"))


def test_a_club_s_opening_or_closing_word_makes_a_club() -> None:
    # cnndm: "Sheffield United" was a person, "Queens Park Rangers" a place, "Real Madrid" a person
    text = (
        "Sheffield United beat Burton Albion, and Real Madrid signed a striker. "
        "He joined Queens Park Rangers from Athletic Bilbao in 2014."
    )
    entities = recognizer().extract(text, "en")
    for club in (
        "Sheffield United",
        "Burton Albion",
        "Real Madrid",
        "Queens Park Rangers",
        "Athletic Bilbao",
    ):
        assert find(entities, club, "ORGANIZATION")
    # a person glued to the club's town keeps the words after it (cnndm)
    glued = recognizer().extract("He scored for Athletic Bilbao Aritz Aduriz in the end.", "en")
    assert find(glued, "Athletic Bilbao", "ORGANIZATION") and find(glued, "Aritz Aduriz", "PERSON")


def test_a_place_and_a_club_s_word_are_a_club_where_the_crf_found_nothing() -> None:
    # cnndm: the English model found no name at all in these
    for text in ("Manchester United sacked their manager.", "Manchester United's Wayne Rooney scored twice."):
        assert find(recognizer().extract(text, "en"), "Manchester United", "ORGANIZATION")


def test_a_club_named_short_is_the_club_named_in_full() -> None:
    # IndoSum: "Real Madrid" and "Madrid", "Manchester United" and "United" were two clubs each
    text = (
        "Real Madrid menang 2-0 atas Manchester United. Madrid unggul sejak babak pertama, "
        "sementara United gagal membalas."
    )
    entities = recognizer().extract(text, "id")
    assert [m.text for m in find(entities, "Real Madrid", "ORGANIZATION").mentions] == [
        "Real Madrid",
        "Madrid",
    ]
    assert [m.text for m in find(entities, "Manchester United", "ORGANIZATION").mentions] == [
        "Manchester United",
        "United",
    ]


def test_a_noun_before_a_person_s_name_makes_no_place() -> None:
    # IndoSum: "rumah Setya Novanto", "jasad Bello" were places of their own
    text = (
        "Polisi menyebutkan, Henry Bello mengenakan jas putih saat melepaskan tembakan ke rumah sakit. "
        "Di dekat jasad Bello, ditemukan jasad seorang wanita yang menjadi korbannya."
    )
    entities = recognizer().extract(text, "id")
    assert mentions_of(entities, "Henry Bello", "PERSON") == ["Henry Bello", "Bello"]
    assert not any(m.startswith("jasad") for m in all_mentions(entities))
    # a place's own head stays: "desa Sukamaju" is no person Sukamaju
    text = "Kepala desa Sukamaju, Budi Sukamaju, meninjau desa Sukamaju."
    assert not any(m.text == "Sukamaju" for e in recognizer().extract(text, "id") for m in e.mentions)


def test_a_place_glued_to_a_person_named_in_the_article_is_the_place_then_the_person() -> None:
    # IndoSum: "Wali Kota Bandung Ridwan Kamil" gave the place "Bandung Ridwan Kamil"
    text = (
        "Wakil Presiden Jusuf Kalla didampingi Wali Kota Bandung Ridwan Kamil meresmikan Overpass "
        "Pelangi Antapani di Kota Bandung. Ridwan Kamil mengatakan jalan itu mengurai kemacetan."
    )
    entities = recognizer().extract(text, "id")
    assert mentions_of(entities, "Ridwan Kamil", "PERSON") == ["Ridwan Kamil", "Ridwan Kamil"]
    assert not any("Bandung Ridwan" in m for m in all_mentions(entities))
    # a team after its town is one name ("Manchester United"), whatever person shares a word
    text = "Manchester United kalah. Pelatih Manchester United, Jose Mourinho, kecewa pada Paul United."
    assert all(e.type != "LOCATION" or e.text != "Manchester" for e in recognizer().extract(text, "id"))


def test_an_acronym_spelled_out_in_lowercase_is_no_entity_but_a_body_s_is() -> None:
    # IndoSum: "operasi tangkap tangan (OTT)" and "badan usaha milik negara (BUMN)" were organisations
    text = (
        "Komisi Pemberantasan Korupsi (KPK) menggelar operasi tangkap tangan (OTT) di Bengkulu. "
        "OTT itu menjaring direktur badan usaha milik negara (BUMN). KPK menahan mereka."
    )
    found = all_mentions(recognizer().extract(text, "id"))
    assert not {"OTT", "BUMN"} & set(found)
    assert found.count("KPK") == 2
    text = "Every bunk has a personal service unit (PSU). The PSU was designed by Zodiac Aerospace."
    assert "PSU" not in all_mentions(recognizer().extract(text, "en"))


def test_antara_lain_is_among_others_not_the_agency() -> None:
    # IDNer2k training split and 3 IndoSum stories: "Antara lain, ..." gave the organisation Antara
    text = "Antara lain, 12 petani di Kediri masuk penjara. Hal itu dilaporkan kantor berita Antara."
    assert all_mentions(recognizer().extract(text, "id")).count("Antara") == 1


def test_a_question_word_is_no_organisation_but_the_who_and_who_are() -> None:
    # cnndm: "Who was worse: McHenry or the people who made that video public?" gave the WHO
    text = "Who was worse: McHenry or the tow company? Who is to blame? The WHO said nothing."
    assert [m for m in all_mentions(recognizer().extract(text, "en")) if m.lower() == "who"] == ["WHO"]
    assert "Who" in all_mentions(recognizer().extract("The Who played at Wembley.", "en"))  # the band


def test_a_desk_s_initials_closing_a_story_are_no_one_but_an_agency_is() -> None:
    # IndoSum: "[gil]", "(tyo)", "(john / bu)" came out as the people of its stories
    for code in ("[gil]", "(tyo)", "(john / bu)", "(ikbal/)"):
        text = f"Polisi masih menyelidiki insiden kebakaran tersebut. {code}\nBerita lain."
        assert all(m.islower() is False for m in all_mentions(recognizer().extract(text, "id"))), code
    text = "Gempa mengguncang Jepang bagian utara pada Senin pagi. (Reuters)"
    assert "Reuters" in all_mentions(recognizer().extract(text, "id"))


@pytest.mark.parametrize(
    "text",
    [
        "Karena itu Demokrat mendukung penuh pasangan calon Wagub Emil Dardak itu.",
        "Pasangan Cagub Ridwan Kamil dan Cawagub Uu Ruzhanul Ulum mendaftar ke KPU.",
    ],
)
def test_a_deputy_s_or_candidate_s_office_cues_the_person_after_it(text: str) -> None:
    # IndoSum: the CRF found no one after "Wagub" (the cue words knew "gubernur", not its short forms)
    people = [m.text for e in recognizer().extract(text, "id") if e.type == "PERSON" for m in e.mentions]
    assert people and not any(p.startswith(("Wagub", "Cagub", "Cawagub")) for p in people)
    assert ("Emil Dardak" in people) if "Emil" in text else ("Ridwan Kamil" in people)


@pytest.mark.parametrize(
    ("text", "region", "official"),
    [
        ("Gubernur Jatim Soekarwo meninjau lokasi banjir.", "Jatim", "Soekarwo"),
        ("Cagub Jabar Ridwan Kamil berkampanye di Bogor.", "Jabar", "Ridwan Kamil"),
        ("Wabup Garut Helmi Budiman membuka acara itu.", "Garut", "Helmi Budiman"),
        ("Acara itu dibuka Wabup Garut Helmi Budiman kemarin.", "Garut", "Helmi Budiman"),
        (
            "Partai itu mengusung Bupati Trenggalek Emil Dardak sebagai calon wakil gubernur.",
            "Trenggalek",
            "Emil Dardak",
        ),
    ],
)
def test_a_region_after_an_office_then_a_name_is_the_region_and_its_official(
    text: str, region: str, official: str
) -> None:
    # IndoSum: "Bupati Trenggalek Emil Dardak" gave the person "Trenggalek Emil Dardak", "Gubernur Jatim
    # Soekarwo" a place; the article named them nowhere else
    found = [(m.text, e.type) for e in recognizer().extract(text, "id") for m in e.mentions]
    assert (region, "LOCATION") in found and (official, "PERSON") in found


def test_a_name_with_an_apostrophe_after_its_first_capital_is_one_name() -> None:
    # cnndm: "Peter O'Toole" (curly) came out as "Peter O" and "Toole", "Jonjo O'Neill" as "Neill"
    text = "The late actor Peter O’Toole died in 2013. Conan O'Brien said O'Toole was a friend."
    entities = recognizer().extract(text, "en")
    assert mentions_of(entities, "Peter O’Toole", "PERSON") == ["Peter O’Toole", "O'Toole"]
    assert "Conan O'Brien" in all_mentions(entities)
    assert not {"Peter O", "Toole", "Brien"} & set(all_mentions(entities))


def test_an_office_s_first_word_is_no_person() -> None:
    # cnndm: "The Prime Minister said" gave the person "Prime", then the speaker of every quote
    text = "David Cameron hit back at Labour. The Prime Minister said Labour had left people trapped."
    assert "Prime" not in {m.text for e in recognizer().extract(text, "en") for m in e.mentions}


def test_a_region_glued_to_its_official_is_the_region_then_the_official() -> None:
    # IndoSum: "Bupati Halmahera Timur Rudi Erawan" made the person "Halmahera Timur Rudi Erawan"
    text = (
        "Komisi Pemberantasan Korupsi (KPK) menahan Bupati Halmahera Timur Rudi Erawan yang telah "
        "ditetapkan tersangka. Sebelumnya, KPK menetapkan Rudi Erawan sebagai tersangka."
    )
    entities = recognizer().extract(text, "id")
    assert mentions_of(entities, "Rudi Erawan", "PERSON") == ["Rudi Erawan", "Rudi Erawan"]
    assert find(entities, "Halmahera Timur", "LOCATION")


def test_a_name_never_runs_over_a_double_dash_nor_starts_with_a_citing_verb() -> None:
    # IndoSum: "Jakarta, CNN Indonesia - - Sonic sudah terkenal" gave "CNN Indonesia - - Sonic" (24
    # articles had such a glued organisation); "Melansir Variety, ..." the place "Melansir Variety"
    text = (
        "Jakarta, CNN Indonesia - - Persija Jakarta mewaspadai Essien. "
        "Melansir Variety, Paramount Pictures telah merilis jadwal penayangan film Sonic."
    )
    names = {m.text for e in recognizer().extract(text, "id") for m in e.mentions}
    assert {"CNN Indonesia", "Persija Jakarta"} <= names
    assert not any("- -" in n or n.startswith("Melansir") for n in names)


def test_a_region_then_an_official_named_once_is_the_region_then_the_official() -> None:
    # IndoSum: "Sekda Banten Ranta Soeharta", "Papua Barat Rebert Joppy Kardinal" were places
    for text, region, official in [
        (
            "Sekretaris Daerah (Sekda) Banten Ranta Soeharta di Serang, Kamis mengatakan, "
            "pembangunan bandara dimulai tahun depan.",
            "Banten",
            "Ranta Soeharta",
        ),
        (
            "Suara.com - Politikus Golkar asal Papua Barat Rebert Joppy Kardinal menyerahkan kepada "
            "kepolisian untuk mengusut teror itu.",
            "Papua Barat",
            "Rebert Joppy Kardinal",
        ),
    ]:
        entities = recognizer().extract(text, "id")
        assert find(entities, region, "LOCATION") and find(entities, official, "PERSON")
    # what follows a region's name may be another place, a body or a part of the region
    text = "KA tambahan berangkat dari Stasiun Surabaya Pasar Turi dan Jakarta Timur Roboh."
    people = {m.text for e in recognizer().extract(text, "id") for m in e.mentions if e.type == "PERSON"}
    assert not people & {"Pasar Turi", "Timur Roboh"}


def test_an_organisation_glued_to_a_person_named_elsewhere_is_the_two() -> None:
    # IndoSum: "Ketua Umum Partai Hanura Oesman Sapta Odang" was one organisation
    text = (
        "Yasonna meminta dua kubu di Partai Hanura duduk satu meja, agar kubu Oesman Sapta Odang "
        "dan Daryatmo berdamai. Ia meminta Ketua Umum Partai Hanura Oesman Sapta Odang hadir."
    )
    entities = recognizer().extract(text, "id")
    assert mentions_of(entities, "Oesman Sapta Odang", "PERSON") == ["Oesman Sapta Odang"] * 2
    assert not any("Hanura Oesman" in m for m in all_mentions(entities))


@pytest.mark.parametrize(
    ("text", "person", "organisation", "firm_word"),
    [
        # IndoSum: "Ketua Umum Gaprindo Muhaimin Moeftie" made the association a person (7 mentions)
        (
            "Gabungan Produsen Rokok Putih Indonesia (Gaprindo) mengaku kecewa. Ketua Umum Gaprindo Muhaimin "
            'Moeftie mengatakan kenaikan itu berat. "Ini yang kami sayangkan," ujar Muhaimin.',
            ["Muhaimin Moeftie", "Muhaimin"],
            "Gaprindo",
            "Gaprindo",
        ),
        # IndoSum: "Direktur Utama Waskita Muhammad Choliq" was a person of 4 mentions, the firm's
        # short name in it, which the article names only inside "PT Waskita Karya"
        (
            "PT Waskita Karya (Persero) Tbk memperoleh fasilitas kredit sindikasi. Direktur Utama Waskita "
            'Muhammad Choliq menuturkan, perusahaan tumbuh. "Pertumbuhan ini tinggi," ujar Choliq.',
            ["Muhammad Choliq", "Choliq"],
            "PT Waskita Karya",
            "Waskita",
        ),
    ],
)
def test_an_organisation_glued_to_a_person_named_by_one_word_elsewhere_is_the_two(
    text: str, person: list[str], organisation: str, firm_word: str
) -> None:
    entities = recognizer().extract(text, "id")
    assert mentions_of(entities, person[0], "PERSON") == person
    assert firm_word in mentions_of(entities, organisation, "ORGANIZATION")


@pytest.mark.parametrize(
    ("text", "places", "people"),
    [
        # IndoSum: the office, the area and the rank were one place, body or person
        (
            "Kapolsek Metro Tanah Abang AKBP Suwarno menjelaskan, sembilan siswa akan ditempatkan di panti.",
            ["Metro Tanah Abang"],
            ["Suwarno"],
        ),
        (
            'Keduanya terlibat pertengkaran," kata Kapolrestabes Semarang Kombes Abiyoso Seno Aji kemarin.',
            ["Semarang"],
            ["Abiyoso Seno Aji"],
        ),
        ("Ketua KPK Jilid I Taufiequrachman Ruki menepis pernyataan itu.", [], ["Taufiequrachman Ruki"]),
    ],
)
def test_a_police_office_names_its_area_and_a_term_is_no_part_of_a_name(
    text: str, places: list[str], people: list[str]
) -> None:
    entities = recognizer().extract(text, "id")
    assert [m.text for e in entities for m in e.mentions if e.type == "LOCATION"] == places
    assert [m.text for e in entities for m in e.mentions if e.type == "PERSON"] == people


def test_the_national_police_chief_s_office_names_no_area() -> None:
    # "Kapolres Jember" heads Jember; "Kapolri" heads no area, so what follows it is never a place
    toks = "Kata Kapolri Tito Karnavian dan Kapolres Jember kemarin".split()
    chunks = offices(toks, [(1, 4, "ORGANIZATION"), (5, 7, "ORGANIZATION")])
    assert (5, 7, "LOCATION") not in chunks and (6, 7, "LOCATION") in chunks
    assert all(kind != "LOCATION" for a, b, kind in chunks if a < 4)


@pytest.mark.parametrize(
    ("text", "office"),
    [
        # IndoSum: the CRF stopped before "dan", or found no office at all
        (
            "Kementerian Kelautan dan Perikanan bersama Delegasi RI siap menyerahkan laporan data pulau.",
            "Kementerian Kelautan dan Perikanan",
        ),
        (
            "Bahkan Dinas Komunikasi dan Informatika Kota Bekasi telah melayangkan surat keberatan.",
            "Dinas Komunikasi dan Informatika",
        ),
        (
            "Sejak Dinas Kebersihan dan Pertamanan Kabupaten Indramayu dibubarkan, sampah makin amburadul.",
            "Dinas Kebersihan dan Pertamanan",
        ),
        (
            "Anggaran Direktorat Jenderal Perkeretaapian Kementerian Perhubungan mencapai Rp 16 triliun.",
            "Direktorat Jenderal Perkeretaapian",
        ),
        (
            "Pusat Pelaporan dan Analisis Transaksi Keuangan (PPATK) merilis hasil penelitian Indeks Persepsi.",
            "Pusat Pelaporan dan Analisis Transaksi Keuangan",
        ),
        (
            "Secara terpisah, Pusat Peringatan Tsunami Pasifik yang berbasis di Hawaii menyatakan gempa aman.",
            "Pusat Peringatan Tsunami Pasifik",
        ),
        # "Sumber" is a village in GeoNames, "Daya" a name in the name lists
        (
            "Jam setengah 11 malam tim dari Dinas Sumber Daya Air sudah hadir langsung bekerja.",
            "Dinas Sumber Daya Air",
        ),
    ],
)
def test_an_office_is_its_head_and_the_words_of_its_portfolios(text: str, office: str) -> None:
    assert office in {e.text for e in recognizer().extract(text, "id") if e.type == "ORGANIZATION"}


def test_an_office_s_name_ends_before_another_name_a_place_or_a_year() -> None:
    lexicon = recognizer().lexicon
    cases = [
        # a firm's name the CRF found after "dan", the office's province, the budget's year
        ("Kementerian Keuangan dan Pertamina sepakat", [(3, 4, "ORGANIZATION")], 2),
        ("Kepala Dinas Pariwisata NTB menuturkan", [], 3),
        ("Anggaran Kementerian Perhubungan Tahun Anggaran 2017", [], 3),
        ("Kata Direktorat Jenderal Perkeretaapian Kementerian Perhubungan", [], 4),
        # a seat of government is no office
        ("dari Pusat Pemerintahan Kabupaten 35 km", [], None),
    ]
    for text, chunks, end in cases:
        toks = text.split()
        head = next(i for i, t in enumerate(toks) if t in ("Kementerian", "Dinas", "Direktorat", "Pusat"))
        found = office_names(toks, chunks, lexicon)
        assert (head, end, "ORGANIZATION") in found if end else found == chunks, text


def test_an_office_before_a_foreign_country_is_that_country_s_office() -> None:
    # IndoSum: "Kementerian Keuangan" and "AS" apart read as Indonesia's ministry and a place
    text = (
        "Seperti dilansir REUTERS, Jumat (30/6), pernyataan Kementerian Keuangan AS menunjuk Bank of "
        "Dandong sebagai perusahaan yang membantu program nuklir Korea Utara."
    )
    organisations = {e.text for e in recognizer().extract(text, "id") if e.type == "ORGANIZATION"}
    assert "Kementerian Keuangan AS" in organisations
    # an Indonesian region after an office, or a body the CRF typed a place, stays apart
    toks = "Kepala Dinas Pendidikan DKI Jakarta dan Departemen Anestesi Universitas Carolina".split()
    chunks = [(1, 3, "ORGANIZATION"), (3, 5, "LOCATION"), (6, 8, "ORGANIZATION"), (8, 10, "LOCATION")]
    assert foreign_offices(toks, chunks) == chunks


def test_no_office_runs_on_in_a_headline_s_capitals() -> None:
    # IDNer2k's training part read in Title Case: "Setiap-tiap Kementerian Berjalan" and
    # "Departemen Ini, Yang ..." came out bodies
    lexicon = recognizer().lexicon
    toks = "Setiap Kementerian Berjalan , Dia Tegaskan".split()
    gaz = [""] * len(toks)
    assert (1, 3, "ORGANIZATION") in repair(toks, gaz, [], True, lexicon=lexicon)
    assert repair(toks, gaz, [], True, lexicon=lexicon, headline=True) == []
    assert office_names("Departemen Ini , Yang Bermasalah".split(), [], lexicon) == []


def test_a_first_name_and_a_rare_word_are_a_person_whatever_the_crf_typed() -> None:
    # IndoSum: "Lionel Messi" was an organisation in 12 stories, the club beside him lending its type
    text = "Manchester City terus dikabarkan bakal mendatangkan bintang barcelona, Lionel Messi."
    assert find(recognizer().extract(text, "id"), "Lionel Messi", "PERSON")
    # a common first word, a firm's ending or a known place keeps the organisation
    lexicon = recognizer().lexicon
    for text in ("The Virgin", "Lionel Airlines", "Lionel Jakarta", "Badr Brigade", "Garda Revolusi"):
        toks, chunks = text.split(), [(0, 2, "ORGANIZATION")]
        assert people_read_as_organisations(toks, ["", ""], chunks, lexicon) == chunks, text


def test_a_capitalised_word_after_a_firm_s_cue_is_that_firm_in_all_the_article() -> None:
    # IndoSum: "Grab", the story's subject 13 times, was no entity at all
    text = (
        'Perusahaan transportasi online Grab terus meningkatkan kekuatan bisnisnya. "Kami siap," '
        "ujar CEO dan pendiri Grab, Anthony Tan. Menurut Grab, pangsa pasarnya terus tumbuh."
    )
    grab = find(recognizer().extract(text, "id"), "Grab", "ORGANIZATION")
    assert len(grab.mentions) == 3
    # named once only, also written lowercase, or a known first name: no firm
    lexicon = recognizer().lexicon
    for text in (
        "Hal itu dikatakan pendiri Zenvia kemarin.",
        "Saham Bagus naik. Kata pendiri Bagus, hasilnya bagus.",
        "Kata bos Budi kemarin. Budi pun setuju.",
    ):
        assert companies_by_their_cues(text, [], lexicon) == [], text


def _located(text: str, names: list[str]) -> list[Span]:
    """Each name's first occurrence in `text`, read as a place."""
    return [Span(n, text.index(n), text.index(n) + len(n), "LOCATION", 0.9) for n in names]


def test_a_town_named_as_a_club_in_a_sports_story_is_that_club() -> None:
    # cnndm: "Swansea", "Liverpool", "Manchester City" and "Hull City" were places in match reports
    text = (
        "Swansea boss Garry Monk praised his squad after the 2-0 win against Liverpool. "
        "Hull City lost at home, and England boss Roy Hodgson watched from the stand in London. "
        "The striker scored twice, and the squad flew home from Kansas City. Swansea are ninth in the league "
        "since their 3-0 defeat by Chelsea."
    )
    spans = _located(
        text, ["Swansea", "Liverpool", "Hull City", "England", "London", "Kansas City", "Chelsea"]
    )
    spans.append(Span("Swansea", text.rindex("Swansea"), text.rindex("Swansea") + 7, "LOCATION", 0.9))
    kinds = [(sp.text, sp.type) for sp in clubs_by_their_cues(text, spans, recognizer().lexicon)]
    assert kinds == [
        ("Swansea", "ORGANIZATION"),  # "Swansea boss", and every other "Swansea" of the story
        ("Liverpool", "ORGANIZATION"),  # "win against Liverpool"
        ("Hull City", "ORGANIZATION"),  # a town and a club's "City" that no place list holds
        ("England", "LOCATION"),  # a national team goes by its country's name
        ("London", "LOCATION"),  # no cue
        ("Kansas City", "LOCATION"),  # a city of that name, and no cue
        ("Chelsea", "ORGANIZATION"),  # "defeat by Chelsea"
        ("Swansea", "ORGANIZATION"),
    ]
    # the recognizer applies it (cnndm: "Blackburn" and "Liverpool" were places in this story)
    text = (
        "Blackburn manager Gary Bowyer praised his squad after the FA Cup draw against Liverpool at "
        "Ewood Park. The striker scored twice this season, and Blackburn are eighth in the league."
    )
    entities = recognizer().extract(text, "en")
    assert find(entities, "Blackburn", "ORGANIZATION") and find(entities, "Liverpool", "ORGANIZATION")
    assert find(entities, "Ewood Park", "LOCATION")
    # the same cues outside a story about a sport change nothing
    text = "Swansea boss Garry Monk opened a shop in Hull City centre."
    spans = _located(text, ["Swansea", "Hull City"])
    assert clubs_by_their_cues(text, spans, recognizer().lexicon) == spans


def test_a_town_named_as_a_club_in_an_indonesian_sports_story_is_that_club() -> None:
    # IndoSum: "Burnley", "Basel", "Roma" were places in their match reports
    text = (
        "Pelatih Roma memuji skuatnya usai laga kontra Bournemouth di liga. Gol kedua dicetak striker "
        "Amerika Latin itu, dan gelandang Belanda ikut mencetak gol. Ia betah di klub London tersebut."
    )
    names = ["Roma", "Bournemouth", "Amerika Latin", "Belanda", "London"]
    kinds = [
        (sp.text, sp.type) for sp in clubs_by_their_cues(text, _located(text, names), recognizer().lexicon)
    ]
    assert kinds == [
        ("Roma", "ORGANIZATION"),  # "Pelatih Roma"
        ("Bournemouth", "ORGANIZATION"),  # "kontra Bournemouth"
        ("Amerika Latin", "LOCATION"),  # a player's origin: a continent ...
        ("Belanda", "LOCATION"),  # ... or a country
        ("London", "LOCATION"),  # "klub London" is the London club, not a club called London
    ]


def test_a_known_place_after_a_preposition_of_place_is_a_place() -> None:
    # IndoSum: the CRF found Semarang and Solo, not Malang; NICE, not Israel
    text = (
        "Putaran final four pertama berlangsung di Malang (30 Maret-1 April) dan putaran final four kedua "
        "digelar di Semarang atau Solo pada 6-8 April. Bank Permata memakai biometrik suara yang dibuat "
        "NICE, perusahaan perangkat lunak dari Israel."
    )
    places = {e.text for e in recognizer().extract(text, "id") if e.type == "LOCATION"}
    assert {"Malang", "Israel"} <= places
    # a place already in another name stays in it
    toks = "kata dia di Universitas Indonesia kemarin".split()
    gaz = ["", "", "", "", "BLOC", ""]
    assert places_after_prepositions(toks, gaz, [(3, 5, "ORGANIZATION")]) == [(3, 5, "ORGANIZATION")]


def test_a_person_found_up_to_a_first_name_takes_the_rare_surname_after_it() -> None:
    # IndoSum: the CRF found "Mario" alone, and the 13 "Balotelli" after it were no mention
    text = (
        "Di mana Mario Balotelli bakal bermain pada musim 2017/2018 akhirnya terjawab. Sudah satu "
        "musim terakhir Balotelli menghabiskan kariernya bersama Nice. Agen Balotelli, Mino Raiola, "
        "sempat memberikan pernyataan."
    )
    person = find(recognizer().extract(text, "id"), "Mario Balotelli", "PERSON")
    assert [m.text for m in person.mentions] == ["Mario Balotelli", "Balotelli", "Balotelli"]
    # a common word, a known place or another chunk's word stays out
    lexicon = recognizer().lexicon
    for text, chunks in [
        ("Produk itu dinamai Luna Display .", [(3, 4, "PERSON")]),
        ("Kata Maria Jakarta tadi", [(1, 2, "PERSON")]),
    ]:
        toks = text.split()
        assert repair(toks, [""] * len(toks), chunks, True, lexicon=lexicon) == chunks, text
    toks, chunks = "Bersama Mario Raiola".split(), [(1, 2, "PERSON"), (2, 3, "ORGANIZATION")]
    assert surnames_after_first_names(toks, [""] * 3, chunks, lexicon) == chunks
    # nor in a headline, which capitalises its verbs: "Gol Coutinho Menepis Rumor?"
    toks = "Gol Mario Menepis Rumor".split()
    chunk = [(1, 2, "PERSON")]
    assert repair(toks, [""] * 4, chunk, True, lexicon=lexicon, headline=True) == chunk
    assert repair(toks, [""] * 4, chunk, True, lexicon=lexicon) == [(1, 3, "PERSON")]


def test_offices_and_a_unit_before_a_rank_are_no_part_of_the_name() -> None:
    # IndoSum: "Wakapolri Komjen Syafruddin", "Kasat Reskrim AKBP Nasriadi", "Kapolres Jember AKBP
    # Kusworo Wibowo" (a place) and "Kanit" alone were the persons' names
    text = (
        "Walaupun demikian, Wakapolri Komjen Syafruddin mengatakan pihaknya memastikan proses pengaduan "
        'itu tak akan diabaikan. "Polsek Sumbersari dan Polres Jember mendatangi lokasi," kata Kapolres '
        "Jember AKBP Kusworo Wibowo, Senin (25/12/2017) dinihari."
    )
    entities = recognizer().extract(text, "id")
    people = {m.text for e in entities for m in e.mentions if e.type == "PERSON"}
    assert {"Syafruddin", "Kusworo Wibowo"} <= people
    assert not any("Komjen" in m or "AKBP" in m for m in all_mentions(entities))
    # an office's unit alone is no person either (were "Gakkum", "Laka")
    text = "Kasubdit Gakkum mengatakan razia digelar sepekan. Kanit Laka menyebut dua truk terlibat."
    assert not {e.text for e in recognizer().extract(text, "id") if e.type == "PERSON"} & {"Gakkum", "Laka"}


def test_english_titles_are_no_part_of_a_person_s_name() -> None:
    # PUD Wikipedia tuning split: both came out with their titles
    text = "The new British Prime Minister Lord Grenville refused any agreement, and so did Tsar Alexander."
    people = [m.text for e in recognizer().extract(text, "en") for m in e.mentions if e.type == "PERSON"]
    assert people == ["Grenville", "Alexander"]
    assert types_of(recognizer().extract("General Motors cut jobs.", "en"), "General Motors") == {
        "ORGANIZATION"
    }


def test_a_hyphenated_adjective_is_no_part_of_the_name() -> None:
    # article-extraction pages: "Amritsar-based" was the place, "Apple-sanctioned" the company
    text = "The Amritsar-based farmer said Apple-sanctioned repairs at the Cupertino-based firm were slow."
    names = {m.text for e in recognizer().extract(text, "en") for m in e.mentions}
    assert {"Amritsar", "Apple", "Cupertino"} <= names
    assert not any("-" in name for name in names)
    # a lowercase part of a name stays in it
    text = "Kim Jong-un met Moon Jae-in and Cheuk Hau-yip in Seoul."
    names = {m.text for e in recognizer().extract(text, "en") for m in e.mentions}
    assert {"Kim Jong-un", "Moon Jae-in", "Cheuk Hau-yip"} <= names


def test_a_name_ending_in_a_company_word_is_an_organisation() -> None:
    # BBC News: "Dick Clark Productions" was a person
    text = "The group that owns most of her music, Dick Clark Productions, said so."
    assert types_of(recognizer().extract(text, "en"), "Dick Clark Productions") == {"ORGANIZATION"}


def test_a_town_and_a_newspaper_word_is_the_newspaper() -> None:
    # Los Angeles Times page: the papers were places and persons by the town in their names
    text = (
        "Gannett sold the Sacramento Bee, the Kansas City Star and the Denver Post, the Baltimore "
        "Sun reported, as did China Daily."
    )
    found = recognizer().extract(text, "en")
    for paper in ("Sacramento Bee", "Kansas City Star", "Denver Post", "Baltimore Sun", "China Daily"):
        assert types_of(found, paper) == {"ORGANIZATION"}, paper
    # a town alone, or a name with no town in it, is left as it was read
    assert types_of(recognizer().extract("He flew to Sacramento on Sunday.", "en"), "Sacramento") == {
        "LOCATION"
    }


def test_two_names_joined_by_and_are_two_when_one_is_known() -> None:
    # Albawaba page: "The United Nations and European Union" came out as one organisation
    found = recognizer().extract("The United Nations and European Union stressed the decision.", "en")
    assert types_of(found, "United Nations") == types_of(found, "European Union") == {"ORGANIZATION"}
    # one name with "and" / "dan" inside stays whole
    text = "Kementerian Pendidikan dan Kebudayaan menggelar rapat dengan KPK dan DPR."
    found = recognizer().extract(text, "id")
    assert types_of(found, "Kementerian Pendidikan dan Kebudayaan") == {"ORGANIZATION"}
    assert types_of(found, "KPK") == types_of(found, "DPR") == {"ORGANIZATION"}


def test_a_possessive_ending_a_name_is_no_part_of_it() -> None:
    # PUD Wikipedia tuning split: "Australia's" was the place, where UNER marks "Australia".
    text = "Australia's Royal National Park was the world's second officially established national park."
    names = [m.text for e in recognizer().extract(text, "en") for m in e.mentions]
    assert "Australia" in names and "Australia's" not in names


def test_dateline_in_capitals_joins_its_mentions() -> None:
    text = (
        "SEOUL - Pemerintah Korea Selatan menyatakan keprihatinan. "
        "Pejabat di Seoul mengatakan pertemuan itu berbahaya bagi kawasan."
    )
    entities = recognizer().extract(text, "id")
    seoul = [e for e in entities if e.text.lower() == "seoul"]
    assert len(seoul) == 1 and seoul[0].type == "LOCATION", entities
    assert {m.text for m in seoul[0].mentions} == {"SEOUL", "Seoul"}
    assert seoul[0].text == "Seoul"  # the mixed-case form names it


def test_a_dateline_s_place_is_a_place_whatever_the_capitals_made_of_it() -> None:
    # the English model read "JAKARTA —" as an organisation
    text = "JAKARTA — Indonesia's House of Representatives on Tuesday passed a revised criminal code."
    place = find(recognizer().extract(text, "en"), "JAKARTA", "LOCATION")
    # named as a place is written, though its only mention is in capitals; "NTB" would stay as it is
    assert (place.text, [m.text for m in place.mentions]) == ("Jakarta", ["JAKARTA"])


def test_no_name_ends_with_a_comma() -> None:
    text = "Patrick Harker, president of the Federal Reserve Bank of Philadelphia, said rates would hold."
    find(recognizer().extract(text, "en"), "Federal Reserve Bank of Philadelphia", "ORGANIZATION")


def test_grouping_is_case_insensitive_and_names_by_the_mixed_case_form() -> None:
    """Whichever backend found them: a dateline in capitals, even mistyped, joins its mentions."""
    text = "SEOUL - Hujan turun di Seoul. Warga Seoul berteduh."
    spans = [
        Span("SEOUL", 0, 5, "ORGANIZATION", 0.6),
        Span("Seoul", 22, 27, "LOCATION", 0.9),
        Span("Seoul", 35, 40, "LOCATION", 0.9),
    ]
    [seoul] = group_mentions(text, spans)
    assert (seoul.text, seoul.type, seoul.count) == ("Seoul", "LOCATION", 3)
    tie = group_mentions(text, [spans[0], Span("Seoul", 22, 27, "LOCATION", 0.9)])
    assert [(e.text, e.type) for e in tie] == [("Seoul", "LOCATION")]  # capitals: half a vote


def test_sequences_are_the_pipeline_sentences() -> None:
    """One sentence splitter for the pipeline: the CRF's sequences are split_sentences' sentences."""
    text = "Menurut Dr. Siti, hasilnya baik. Presiden tiba di Jl. Merdeka No. 5 pagi ini.\nBaca juga"
    seqs = [[tok for tok, _, _ in seq] for seq in sequences(text)]
    assert seqs == [
        ["Menurut", "Dr", ".", "Siti", ",", "hasilnya", "baik", "."],
        ["Presiden", "tiba", "di", "Jl", ".", "Merdeka", "No", ".", "5", "pagi", "ini", "."],
        ["Baca", "juga"],
    ]
    for seq in sequences(text):
        assert all(text[s:e] == tok for tok, s, e in seq)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("SEOUL, iNews.id - Kunjungan Presiden Rusia Vladimir Putin", ["SEOUL", ",", "iNews.id", "-"]),
        (
            "Jakarta, CNN Indonesia -- Presiden Joko Widodo tiba.",
            ["Jakarta", ",", "CNN", "Indonesia", "-", "-"],
        ),
        ("TRIBUNNEWS.COM - Presiden Rusia, Vladimir Putin", ["TRIBUNNEWS.COM", "-"]),
    ],
)
def test_dateline_is_a_sequence_apart(text: str, first: list[str]) -> None:
    """Read with its sentence, a dateline glued to the name after it ("iNews.id - Kunjungan
    Presiden Rusia Vladimir Putin" came out as one organisation)."""
    seqs = [[tok for tok, _, _ in seq] for seq in sequences(text)]
    assert seqs[0] == first and len(seqs) == 2


@pytest.mark.parametrize("text", ["Kim Jong - un tiba di Moskow.", "Harga naik - kata dia."])
def test_dash_inside_a_sentence_cuts_nothing(text: str) -> None:
    assert len(sequences(text)) == 1


def test_english_news_organisations() -> None:
    """English text goes to the English model ("The" stays out of the name, as UNER annotates)."""
    text = (
        "The European Central Bank kept rates on hold, and analysts said the Federal Reserve "
        "would follow. Microsoft shares rose in New York after Satya Nadella spoke."
    )
    entities = recognizer().extract(text, "en")
    find(entities, "European Central Bank", "ORGANIZATION")
    find(entities, "Federal Reserve", "ORGANIZATION")
    find(entities, "Microsoft", "ORGANIZATION")
    find(entities, "New York", "LOCATION")
    find(entities, "Satya Nadella", "PERSON")


def test_international_bodies_the_crf_left_out() -> None:
    # a Reuters-style story: both came out as no entity at all
    text = (
        "The ban was challenged at the World Trade Organization. Shares fell on the Indonesia Stock Exchange."
    )
    entities = recognizer().extract(text, "en")
    find(entities, "World Trade Organization", "ORGANIZATION")
    find(entities, "Indonesia Stock Exchange", "ORGANIZATION")


def test_a_company_is_found_again_without_its_legal_form() -> None:
    text = "PT Aneka Tambang Tbk will build a smelter. Shares of Aneka Tambang rose 4.5% on Monday."
    company = find(recognizer().extract(text, "en"), "PT Aneka Tambang Tbk", "ORGANIZATION")
    assert [m.text for m in company.mentions] == ["PT Aneka Tambang Tbk", "Aneka Tambang"]


def test_a_company_s_one_word_short_name_joins_it() -> None:
    text = "Toyota Motor Corp will invest $2 billion. Toyota said the plant would employ 3,000 people."
    forms = [("Toyota Motor Corp", "ORGANIZATION"), ("Toyota", "ORGANIZATION")]
    assert [len(e.mentions) for e in group_mentions(text, spans_of(text, forms))] == [2]


# --- held-out quality floor (full extract() path, same split as scripts/train_entities.py) -----

# A fixed sample (the first SAMPLE held-out sentences per set) keeps this fast; floors sit a
# little below what bench/quality_entities.py measures on that sample.
SAMPLE = 150
# sample measures 0.697 / 0.671 / 0.834 / 0.644 (full held-out: 0.683 / 0.702 / 0.821 / 0.623)
FLOORS = {"nergrit": 0.68, "nerp": 0.66, "idner2k": 0.81, "pud_news": 0.62}
DATA = REPO.parent / "shared" / "data"
FILES = {
    "nergrit": DATA / "indonlu" / "nergrit" / "train.txt",
    "nerp": DATA / "indonlu" / "nerp" / "train.txt",
    "idner2k": DATA / "idner2k" / "train.bio.txt.gz",
    "pud_news": DATA / "english-ner" / "pud-test.bio.txt.gz",
}


def _quality_module():
    spec = importlib.util.spec_from_file_location("quality_entities", REPO / "bench" / "quality_entities.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _sample_scores() -> dict[str, float]:
    return _quality_module().evaluate(limit=SAMPLE, recognizer=recognizer())


@pytest.mark.parametrize("name", list(FLOORS))
def test_heldout_f1_floor(name: str) -> None:
    if not all(path.exists() for path in FILES.values()):
        pytest.skip("held-out data not available at ../shared/data")
    scores = _sample_scores()
    assert scores[f"entities.{name}.f1"] >= FLOORS[name], scores


def entities_of(text: str, detected: Language, hint: str | None = None) -> list[Entity]:
    article = Article(ArticleRequest(text=text, language=hint))
    article[BODY] = text
    article[LANGUAGE] = detected
    return recognizer()(article)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # what the Indonesian model made of them: sentences as names
        (
            "Ang Pangulo ay bumisita sa Maynila kahapon kasama si Kalihim Juan dela Cruz ng Kagawaran ng "
            "Pananalapi. Tinalakay nila ang badyet ng bansa para sa susunod na taon at ang mga proyekto sa "
            "imprastraktura sa mga lalawigan.",
            "tl",
        ),
        (
            "Президент России Владимир Путин встретился в Москве с лидером КНДР, сообщил Кремль. Стороны "
            "обсудили сотрудничество в области экономики, энергетики и транспорта, а также ситуацию на "
            "Корейском полуострове и в регионе в целом.",
            "ru",
        ),
        (
            "Nesta página você encontra a classificação da NASCAR Cup Series atualizada após cada corrida "
            "da temporada, com os pontos de cada piloto, as vitórias, os melhores resultados e a posição "
            "de cada equipe no campeonato.",
            "pt",
        ),
    ],
)
def test_no_entities_in_a_language_no_model_reads(text: str, code: str) -> None:
    assert not recognizer().reads(code)
    assert entities_of(text, Language(code, code, 0.98)) == []
    assert entities_of(text, Language("id", "Indonesian", 0.3), hint=code) == []  # the client says so


def test_languages_the_models_read_and_an_unsure_guess() -> None:
    malay = "Anwar Ibrahim bertemu Jokowi di Putrajaya pada Isnin."
    assert find(entities_of(malay, Language("ms", "Malay", 0.93)), "Anwar Ibrahim", "PERSON")
    # "Jokowi di Jakarta." read as Italian at 0.35: a guess, so read as Indonesian
    short = entities_of("Jokowi di Jakarta.", Language("it", "Italian", 0.35))
    assert find(short, "Jakarta", "LOCATION")
    # a headline is too short for any guess to count, however sure: 11 % of CNBC Indonesia's
    # (training part) were called another language, "IHSG Kebakaran di Sesi I, Anjlok 2%!" Italian at 0.96
    headline = entities_of("Jokowi Bertemu Prabowo di Istana Bogor", Language("it", "Italian", 0.96))
    assert find(headline, "Prabowo", "PERSON")
    # text in another script is no Indonesian guess, however short: a Japanese or Russian headline
    # gets no entities from the Latin-script models (whole Japanese sentences came out as persons)
    assert (
        entities_of(
            "先日、不正に改造したiPhoneを販売したとして男性が逮捕された。", Language("ja", "Japanese", 0.99)
        )
        == []
    )
    assert entities_of("Путин встретился с Си Цзиньпином в Москве.", Language("ru", "Russian", 0.97)) == []


def grouped(text: str, forms: list[tuple[str, str]]) -> dict[str, tuple[str, list[str]]]:
    """Each entity's canonical text: its type and its mentions, grouped from the forms given."""
    return {
        e.text: (e.type, sorted(m.text for m in e.mentions))
        for e in group_mentions(text, spans_of(text, forms))
    }


def test_a_dateline_s_city_is_not_the_club_named_after_it() -> None:
    # IndoSum (Juara.net): "BOLOGNA" joined "Bologna FC" and its "Bologna", and the city became a person
    text = "BOLOGNA, JUARA.net - Juventus menang 2-1 di kandang Bologna FC. Sementara itu, Bologna stagnan."
    forms = [
        ("BOLOGNA", "LOCATION"),
        ("Juventus", "ORGANIZATION"),
        ("Bologna FC", "ORGANIZATION"),
        ("Bologna", "PERSON"),
    ]
    groups = grouped(text, forms)
    assert groups["Bologna"] == ("LOCATION", ["BOLOGNA"])
    assert groups["Bologna FC"] == ("ORGANIZATION", ["Bologna", "Bologna FC"])  # "FC" makes it a club
    assert find(recognizer().extract(text, "id"), "Bologna FC", "ORGANIZATION")  # the tagger had a person
    # where the text names the city as a place, the dateline joins it
    text = "MALANG, JUARA.net - Arema FC menang di Malang. Arema kini di puncak."
    forms = [
        ("MALANG", "LOCATION"),
        ("Arema FC", "ORGANIZATION"),
        ("Malang", "LOCATION"),
        ("Arema", "PERSON"),
    ]
    groups = grouped(text, forms)
    assert groups == {
        "Malang": ("LOCATION", ["MALANG", "Malang"]),
        "Arema FC": ("ORGANIZATION", ["Arema", "Arema FC"]),
    }


def test_zero_width_marks_are_no_part_of_a_name() -> None:
    text = "Ia pernah memperkuat PSM Makassar \u200e(2004-2006) dan Arema \u200e(2007-2008)."
    names = [e.text for e in recognizer().extract(text, "id")]
    assert names and not any("\u200e" in name or name != name.strip() for name in names), names


def test_a_head_or_a_number_alone_is_no_name() -> None:
    # IndoSum: "Provinsi", "Lembaga", "Sungai", "Tengah" and "1" were entities of their own
    text = (
        "Ada provinsi Riau, Bengkulu 3 gubernurnya masuk penjara. Sumatera Utara 2 (orang). Begitu "
        'banyak. Lembaga negara 4. KY masuk, MK, eh, DPD masuk. "Saya enggak peduli. Sungai tinggal '
        'segini," katanya.'
    )
    names = set(all_mentions(recognizer().extract(text, "id")))
    assert not names & {"Lembaga", "Sungai", "4"}


def test_the_learning_curve_fits_gain_per_doubling_on_nested_shares() -> None:
    # scripts/entity_training.py's helpers for the --curve of both training scripts
    spec = importlib.util.spec_from_file_location("entity_training", REPO / "scripts" / "entity_training.py")
    assert spec is not None and spec.loader is not None
    training = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(training)
    slope, at_full = training.log_fit([(100, 0.70), (200, 0.72), (400, 0.74), (800, 0.76)])
    assert slope == pytest.approx(0.02) and at_full == pytest.approx(0.76)
    sents = [[f"kata{i}", "lain"] for i in range(400)]
    quarter = {i for i, toks in enumerate(sents) if training.share_of("curve:", toks) < 0.25}
    half = {i for i, toks in enumerate(sents) if training.share_of("curve:", toks) < 0.5}
    assert quarter < half and 60 < len(quarter) < 140 and 160 < len(half) < 240
