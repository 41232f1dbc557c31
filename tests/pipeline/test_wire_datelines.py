"""Wire datelines in other languages: the summary starts past them and the metadata names their place
and agency. Both read them with one recogniser, so each form is checked on both sides."""

from __future__ import annotations

import pytest

from service.pipeline.backends.builtin.metadata import extract_metadata
from service.pipeline.backends.builtin.metadata.datelines import match_dateline
from service.pipeline.backends.builtin.news_furniture import dateline_length
from service.pipeline.backends.builtin.summary import ExtractiveSummarizer
from service.pipeline.document import Dateline

# (dateline as the agency writes it, the lede after it, language, place, outlet)
WIRES = [
    (
        "北京，11月24日电——",
        "中国国家统计局周一公布的数据显示，10月份工业增加值同比增长5.2%。",
        "zh",
        "北京",
        None,
    ),
    (
        "新华社北京11月24日电（记者张三）",
        "中国国家统计局周一公布的数据显示，工业增加值同比增长5.2%。",
        "zh",
        "北京",
        "Xinhua",
    ),
    (
        "中新网北京11月24日电 (记者 李四) ",
        "中国国家统计局周一公布的数据显示，工业增加值同比增长5.2%。",
        "zh",
        "北京",
        "China News Service",
    ),
    (
        "路透北京11月24日 - ",
        "中国国家统计局周一公布的数据显示，工业增加值同比增长5.2%。",
        "zh",
        "北京",
        "Reuters",
    ),
    (
        "東京（共同）— ",
        "日本銀行は24日、金融政策決定会合で大規模緩和策の維持を決めた。",
        "ja",
        "東京",
        "Kyodo News",
    ),
    (
        "【ワシントン共同】",
        "米連邦準備制度理事会は24日、政策金利を据え置くと発表した。",
        "ja",
        "ワシントン",
        "Kyodo News",
    ),
    (
        "【北京時事】",
        "中国国家統計局は24日、10月の工業生産が5.2%増えたと発表した。",
        "ja",
        "北京",
        "Jiji Press",
    ),
    (
        "(서울=연합뉴스) 홍길동 기자 = ",
        "한국은행은 24일 기준금리를 동결했다고 밝혔다.",
        "ko",
        "서울",
        "Yonhap",
    ),
    (
        "القاهرة (رويترز) - ",
        "قال البنك المركزي المصري يوم الخميس إنه أبقى أسعار الفائدة دون تغيير.",
        "ar",
        "القاهرة",
        "Reuters",
    ),
    ("باريس (أ ف ب) - ", "أعلنت الحكومة الفرنسية يوم الاثنين عن خطة جديدة للطاقة.", "ar", "باريس", "AFP"),
    (
        "МОСКВА, 24 ноября — РИА Новости. ",
        "Центральный банк России сохранил ключевую ставку.",
        "ru",
        "Москва",
        "RIA Novosti",
    ),
    (
        "МОСКВА, 24 ноября. /ТАСС/. ",
        "Центральный банк России сохранил ключевую ставку.",
        "ru",
        "Москва",
        "TASS",
    ),
    (
        "HÀ NỘI, 24/11 - ",
        "Ngân hàng Nhà nước Việt Nam quyết định giữ nguyên lãi suất điều hành.",
        "vi",
        "Hà Nội",
        None,
    ),
    (
        "BERLIN (dpa) - ",
        "Die Bundesregierung hat am Montag ein neues Klimaschutzprogramm beschlossen.",
        "de",
        "Berlin",
        "dpa",
    ),
    (
        "FRANKFURT (dpa-AFX) - ",
        "Die Deutsche Bank hat im dritten Quartal deutlich mehr verdient als erwartet.",
        "de",
        "Frankfurt",
        "dpa-AFX",
    ),
    (
        "NEW DELHI (ANI): ",
        "The government on Tuesday announced a new scheme for farmers.",
        "en",
        "New Delhi",
        "ANI",
    ),
    (
        "MADRID, 24 nov (Reuters) - ",
        "El Gobierno español aprobó el lunes un nuevo paquete de ayudas.",
        "es",
        "Madrid",
        "Reuters",
    ),
    (
        "PARIS, 24 novembre (Reuters) - ",
        "Le gouvernement français a présenté lundi un projet de loi.",
        "fr",
        "Paris",
        "Reuters",
    ),
    (
        "SÃO PAULO, 24 Nov (Reuters) - ",
        "O governo brasileiro anunciou nesta segunda-feira um pacote fiscal.",
        "pt",
        "São Paulo",
        "Reuters",
    ),
    (
        "ROMA, 24 novembre (ANSA) - ",
        "Il governo ha approvato lunedì la legge di bilancio per il prossimo anno.",
        "it",
        "Roma",
        "ANSA",
    ),
    (
        "İSTANBUL (AA) - ",
        "Türkiye Cumhuriyet Merkez Bankası politika faizini sabit tuttu.",
        "tr",
        "İstanbul",
        "Anadolu",
    ),
    (
        "WARSZAWA, 24 listopada (PAP) - ",
        "Rząd przyjął w poniedziałek projekt ustawy budżetowej.",
        "pl",
        "Warszawa",
        "PAP",
    ),
    ("กรุงเทพฯ 24 พ.ย. - ", "ธนาคารแห่งประเทศไทยมีมติคงอัตราดอกเบี้ยนโยบายไว้ที่ร้อยละ 2.50 ต่อปี", "th", "กรุงเทพฯ", None),
]
IDS = [w[0].strip() for w in WIRES]


@pytest.mark.parametrize(("dateline", "lede", "language", "place", "outlet"), WIRES, ids=IDS)
def test_the_summary_starts_past_a_wire_dateline(
    dateline: str, lede: str, language: str, place: str, outlet: str | None
) -> None:
    assert dateline_length(dateline + lede) == len(dateline)
    # The same lede, then two lines of story: no summary sentence carries the dateline.
    text = f"{dateline}{lede}\n{lede[::-1]}\n{lede}{lede[:5]}"
    summary = ExtractiveSummarizer().summarize(text, language, 3)
    assert summary.sentences and all(
        s.start is not None and s.start >= len(dateline) for s in summary.sentences
    )
    assert all(text[s.start : s.end] == s.text for s in summary.sentences)


@pytest.mark.parametrize(("dateline", "lede", "language", "place", "outlet"), WIRES, ids=IDS)
def test_metadata_names_a_wire_datelines_place_and_agency(
    dateline: str, lede: str, language: str, place: str, outlet: str | None
) -> None:
    found = match_dateline(dateline + lede)
    assert found is not None and found.dateline == Dateline(place, outlet)
    assert found.end == len(dateline)
    assert extract_metadata(text=f"{dateline}{lede}\n{lede}", html=None).dateline == Dateline(place, outlet)


@pytest.mark.parametrize(
    ("line", "place", "outlet"),
    [
        ("MOSCOW, November 24. /TASS/. The Central Bank of Russia kept its key rate.", "Moscow", "TASS"),
        ("Москва. 24 ноября. INTERFAX.RU - Центральный банк сохранил ставку.", "Москва", "Interfax"),
        ("【ワシントン＝山田太郎】米連邦準備制度理事会は政策金利を据え置いた。", "ワシントン", None),
        ("［東京　２４日　ロイター］ - 日本銀行は金融政策の維持を決めた。", "東京", "Reuters"),
        ("WIEN (APA) - Die Regierung hat am Montag beschlossen.", "Wien", None),  # an agency we do not list
        ("New Delhi, Nov 24 (PTI) The government on Monday said", "New Delhi", "PTI"),
    ],
)
def test_more_wire_forms(line: str, place: str, outlet: str | None) -> None:
    found = match_dateline(line)
    assert found is not None and found.dateline == Dateline(place, outlet)
    assert dateline_length(line) == found.end


@pytest.mark.parametrize(
    "sentence",
    [
        "Badan Pusat Statistik (BPS) Jawa Barat mencatat inflasi 0,3 persen.",
        "Presiden Jokowi (kiri) - Menteri Keuangan Sri Mulyani berbincang di Istana.",  # a caption
        "Real Madrid - Barcelona berakhir imbang tanpa gol.",
        "Korut-Rusia sepakat memperluas kerja sama militer.",
        "中国—东盟自由贸易区建设取得进展。",  # a dash in Chinese text, no date, no agency
        "Россия — крупнейшая страна мира.",  # a dash for "is", not a dateline
        "Москва — Столица России с двенадцатого века.",  # even with a capital after it
        "Partai Aksi Rakyat (PAP) Singapura memenangi pemilu.",  # PAP is a party, too
        "日本銀行は24日、金融政策決定会合で大規模緩和策の維持を決めた。",
    ],
)
def test_ordinary_sentences_are_no_wire_datelines(sentence: str) -> None:
    assert dateline_length(sentence) == 0
    assert match_dateline(sentence) is None


def test_a_word_that_is_an_agency_elsewhere_is_no_outlet_here() -> None:
    # The summary drops a lone word before a dash where the story opens (as "Istanbul - "), but the
    # metadata must not call Indonesian "lusa" (the day after tomorrow) Portugal's agency.
    assert match_dateline("Lusa - Presiden akan berkunjung ke Bali.") is None
