"""Builtin sentiment: output contract, obvious cases, sentence-level scores, the seeds, and held-out
quality floors on both held-out sets (SmSA reviews, CNBC finance headlines)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from bench.quality_sentiment import CNNDM, DATA, HEADLINES, evaluate_set, held_out
from service.pipeline.backends.builtin.sentiment import HEADS, LexicalSentimentAnalyzer
from service.pipeline.backends.builtin.sentiment_english import EnglishSentenceTone
from service.pipeline.backends.builtin.sentiment_features import direction_pairs, tokens
from service.pipeline.document import (
    BODY,
    LANGUAGE,
    SENTIMENT_LABELS,
    Article,
    ArticleRequest,
    Language,
    Sentiment,
)
from service.pipeline.text import split_sentences

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
HELD_OUT_SAMPLE = 400
# Measured by evaluate_set(name, limit=400). CNBC: accuracy 0.833, macro-F1 0.833, ECE 0.016, 67% of
# rows at score >= 0.8 and 92.9% of those right (all 1,382 rows: 0.847, 0.846, 0.020, 65%, 94.7%).
# SmSA (gate trained on the heads' texts): macro-F1 0.855, accuracy 0.885, ECE 0.045, 75% at >= 0.8
# and 96.4% of those right (all 1,600 rows: 0.856, 0.886, 0.018, 78%, 95.4%). Floors sit a little
# below, so a retrain that loses quality or calibration fails here.
FLOORS = {
    "smsa": {"macro_f1": 0.85, "accuracy": 0.87, "confident_share": 0.70, "confident_accuracy": 0.93},
    "cnbc": {"macro_f1": 0.82, "accuracy": 0.82, "confident_share": 0.60, "confident_accuracy": 0.91},
}
ECE_CEILING = 0.08  # a 400-row sample's ECE is noisy (SmSA: 0.054 on the sample, 0.010 on all rows)


@pytest.fixture(scope="module")
def analyzer() -> LexicalSentimentAnalyzer:
    return LexicalSentimentAnalyzer()


def assert_valid(result: Sentiment) -> None:
    for scored in (result, *result.sentences):
        assert scored.label in SENTIMENT_LABELS
        assert set(scored.scores) == set(SENTIMENT_LABELS)
        assert all(0.0 <= p <= 1.0 for p in scored.scores.values())
        assert math.isclose(sum(scored.scores.values()), 1.0, abs_tol=1e-6)
        assert scored.score == scored.scores[scored.label]
        assert scored.score == max(scored.scores.values())


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Pelayanannya sangat ramah, makanannya enak sekali dan harganya murah. Saya puas!", "positive"),
        ("Saya sangat senang dan bangga dengan prestasi tim nasional yang luar biasa.", "positive"),
        ("Pelayanan buruk sekali, makanannya basi dan mahal. Sangat mengecewakan, kapok!", "negative"),
        ("Aplikasi ini jelek, sering error dan tidak bisa dibuka. Saya kecewa berat.", "negative"),
        # Headlines, the news head's ground (a request may send just a headline).
        ("IHSG Ditutup Menguat 1,2%, Saham Bank Jadi Penopang", "positive"),
        ("Laba Bersih Naik 45%, Emiten Ini Bagikan Dividen Jumbo", "positive"),
        ("Rupiah Anjlok ke Level Terendah, Asing Kabur dari Pasar Saham", "negative"),
        ("Penjualan Lesu, Laba Emiten Ritel Ambruk 60%", "negative"),
        ("Begini Cara Cek Saldo dan Mutasi Rekening Lewat Aplikasi", "neutral"),
    ],
)
def test_obvious_texts(analyzer: LexicalSentimentAnalyzer, text: str, label: str) -> None:
    result = analyzer.analyze(text, "id")
    assert_valid(result)
    assert result.label == label


def test_reviews_and_news_go_to_their_heads(analyzer: LexicalSentimentAnalyzer) -> None:
    assert analyzer.news_share("makanannya enak , tempatnya nyaman dan pelayanannya ramah .") < 0.2
    assert analyzer.news_share("IHSG Ditutup Menguat 1,2%, Saham Bank Jadi Penopang") > 0.8


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seeds_give_valid_results(analyzer: LexicalSentimentAnalyzer, seed: Path) -> None:
    assert_valid(analyzer.analyze(seed.read_text(encoding="utf-8"), "id"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_one_score_per_sentence_with_offsets(analyzer: LexicalSentimentAnalyzer, seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    result = analyzer.analyze(text, "id")
    spans = split_sentences(text)
    assert [(s.start, s.end) for s in result.sentences] == [(s.start, s.end) for s in spans]
    assert [text[s.start : s.end] for s in result.sentences] == [s.text for s in spans]
    assert result.sentences and all(s.end > s.start for s in result.sentences)


def test_sentence_labels_follow_each_sentence(analyzer: LexicalSentimentAnalyzer) -> None:
    text = (
        "IHSG ditutup menguat 1,5% dan asing memborong saham bank.\n\n"
        "Rupiah anjlok ke level terendah dan laba emiten ambruk."
    )
    result = analyzer.analyze(text, "id")
    assert_valid(result)
    assert [s.label for s in result.sentences] == ["positive", "negative"]
    first, second = result.sentences
    assert text[first.start : first.end].startswith("IHSG") and text[second.start : second.end].startswith(
        "Rupiah"
    )
    # Each sentence is scored on its own: the same sentence alone gets the same scores.
    alone = analyzer.analyze(text[second.start : second.end], "id").sentences[0]
    assert alone.scores == pytest.approx(second.scores, abs=0.15)


def test_the_lead_weighs_more_than_the_tail(analyzer: LexicalSentimentAnalyzer) -> None:
    """News: the same polar sentence moves the article's scores more as its lead than at its end."""
    polar = "Harga saham emiten itu anjlok 20% dan investor merugi besar."
    plain = [
        "Perusahaan itu menggelar rapat umum pemegang saham di Jakarta pada Senin.",
        "Rapat tersebut dihadiri oleh jajaran direksi dan komisaris perseroan.",
        "Agenda rapat meliputi laporan keuangan tahun buku 2024.",
        "Perseroan juga menyampaikan rencana kerja untuk tahun depan.",
        "Rapat dimulai pukul sembilan pagi waktu setempat.",
    ]
    lead = analyzer.analyze(" ".join([polar, *plain]), "id")
    tail = analyzer.analyze(" ".join([*plain, polar]), "id")
    assert lead.sentences[0].label == "negative"
    assert lead.scores["negative"] > tail.scores["negative"]


def test_title_counts_as_the_headline(analyzer: LexicalSentimentAnalyzer) -> None:
    body = "Perseroan menggelar rapat umum pemegang saham di Jakarta pada Senin. Rapat dihadiri direksi."
    plain = analyzer.analyze(body, "id")
    titled = analyzer.analyze(body, "id", title="Laba Melonjak 80%, Emiten Ini Bagi Dividen Jumbo")
    assert_valid(titled)
    assert titled.scores["positive"] > plain.scores["positive"]
    # The title is not a sentence of the body: offsets still index the body only.
    assert [(s.start, s.end) for s in titled.sentences] == [(s.start, s.end) for s in plain.sentences]
    only_title = analyzer.analyze("", "id", title="Rupiah Anjlok ke Level Terendah, Asing Kabur")
    assert only_title.label == "negative" and only_title.sentences == []


def test_empty_and_foreign_text(analyzer: LexicalSentimentAnalyzer) -> None:
    assert_valid(empty := analyzer.analyze("", "id"))
    assert empty.label == "neutral"
    assert empty.sentences == []
    text = "Le service était terrible et la nourriture affreuse. Je ne reviendrai jamais."
    foreign = analyzer.analyze(text, "fr")
    assert_valid(foreign)
    # Outside Indonesian, Malay and English half the mass goes to neutral: never a confident polar label.
    for scored in (foreign, *foreign.sentences):
        assert scored.scores["neutral"] >= 0.5 or scored.score <= 0.75


def test_loads_once_and_is_deterministic(analyzer: LexicalSentimentAnalyzer) -> None:
    text = "Harga terjangkau, tempatnya nyaman."
    assert analyzer.analyze(text, "id") == analyzer.analyze(text, "id")


def test_a_full_token_cache_starts_over_between_articles_never_within_one(
    analyzer: LexicalSentimentAnalyzer,
) -> None:
    # A cache of 50 rows is full many times over within one seed: emptied mid-article, rows already
    # gathered would be overwritten by other tokens' rows and the scores would drift.
    tiny = LexicalSentimentAnalyzer(cache_size=50)
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        assert tiny.analyze(text, "id") == analyzer.analyze(text, "id")
    assert len(tiny._token_cache) > tiny.cache_size  # the last article grew the table instead


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize(
    "text",
    [
        "Pelayanannya tidak ramah, tapi makanannya enak-enak dan murah. Harga 25.000 saja!",
        # Movement pairs, a negated move and both marks, in two sentences.
        "Laba Emiten Ini Gagal Naik, Dolar Turun ke Rp15.600! Saham Bank Menguat?",
    ],
)
def test_fast_path_matches_explicit_features(
    analyzer: LexicalSentimentAnalyzer, head: str, text: str
) -> None:
    """Serving sums cached per-token rows; that must equal each head over the training features."""
    logits = analyzer.logits(text, head) / analyzer.temperature[head]
    expected = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    assert np.allclose(analyzer.probabilities(text, head), expected, atol=1e-9)


@pytest.mark.parametrize("name", list(FLOORS))
def test_held_out_quality(analyzer: LexicalSentimentAnalyzer, name: str) -> None:
    if not {"smsa": DATA, "cnbc": HEADLINES}[name].exists():
        pytest.skip(f"{name} data not available")
    assert len(held_out(HELD_OUT_SAMPLE, name)) == HELD_OUT_SAMPLE
    metrics = evaluate_set(name, limit=HELD_OUT_SAMPLE, analyzer=analyzer)
    for metric, floor in FLOORS[name].items():
        value = metrics[f"sentiment.{name}.{metric}"]
        assert value >= floor, (name, metric, value)
    assert metrics[f"sentiment.{name}.ece"] <= ECE_CEILING


def test_direction_pairs_pair_each_word_of_a_clause_with_its_move() -> None:
    sentence = "Laba PWON Gagal Naik, Dolar Turun ke Rp15.600"
    pairs = direction_pairs(sentence, tokens(sentence))
    # "gagal naik" is a fall; the comma keeps "dolar" out of the first clause's pairs.
    assert pairs[:4] == ["^down", "laba<down", "pwon<down", "gagal<down"]
    assert pairs[4:] == ["^down", "dolar<down", "ke>down", "rp00>down", "000>down"]
    assert direction_pairs("Begini Cara Cek Saldo", tokens("Begini Cara Cek Saldo")) == []


def test_a_headline_text_is_read_whole(analyzer: LexicalSentimentAnalyzer) -> None:
    """A short one-line text of several sentences is scored as one unit, as the news head learned
    headlines, not as a lead sentence and a second one."""
    headline = "Breaking! Rupiah Makin Perkasa, Dolar Ambruk ke Rp15.272"
    assert len(split_sentences(headline)) == 2
    g = analyzer.news_share(headline)
    whole = g * analyzer.probabilities(headline, "news") + (1 - g) * analyzer.probabilities(
        headline, "review"
    )
    result = analyzer.analyze(headline, "id")
    assert [result.scores[label] for label in SENTIMENT_LABELS] == pytest.approx(whole.tolist(), abs=1e-9)
    assert len(result.sentences) == 2


def test_word_vectors_reach_words_no_headline_taught(analyzer: LexicalSentimentAnalyzer) -> None:
    """Words the headlines never showed often enough for a weight of their own still move the news
    head through their word vectors (learned from unlabelled news), and only the news head."""
    vector_only = analyzer._index["e"].keys() - analyzer._index["w"].keys()
    assert {"pembunuhan", "pelecehan", "kekerasan"} <= vector_only
    for word in vector_only:
        row = analyzer.rows[analyzer._index["e"][word]]
        assert not row[analyzer._columns["review"]].any() and row[analyzer._gate_column] == 0
    news = dict(zip(SENTIMENT_LABELS, analyzer.probabilities("pembunuhan kekerasan", "news"), strict=True))
    assert news["negative"] > max(news["positive"], news["neutral"])


def test_prefilled_rows_give_the_same_scores_and_stay_when_the_cache_starts_over(
    analyzer: LexicalSentimentAnalyzer,
) -> None:
    warm = LexicalSentimentAnalyzer(cache_size=50)  # starts over after every article
    warm.prefill()
    kept = dict(warm._token_cache)
    assert {"presiden", "rupiah", "0000"} <= kept.keys()
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        assert warm.analyze(text, "id") == analyzer.analyze(text, "id")
        assert warm._token_cache.items() >= kept.items()


def test_a_guessed_language_is_read_as_indonesian(analyzer: LexicalSentimentAnalyzer) -> None:
    # 11 % of CNBC Indonesia headlines (training part) were called another language; a headline is
    # too short for the guess to count, however sure, so its tone is not damped towards neutral
    text = "IHSG Kebakaran di Sesi I, Anjlok 2%!"
    article = Article(ArticleRequest(text=text))
    article[BODY] = text
    article[LANGUAGE] = Language("it", "Italian", 0.96)
    assert analyzer(article) == analyzer.analyze(text, "id")
    assert analyzer(article).label == "negative"
    article = Article(ArticleRequest(text=text, language="it"))  # the client said so
    article[BODY] = text
    assert analyzer(article) == analyzer.analyze(text, "it")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Three people were killed in clashes with police in Bolivia on Monday.", "negative"),
        ("The bombing injured dozens, and officials warned of more attacks.", "negative"),
        ("The missing boy was found safe and unharmed, and his family thanked the volunteers.", "positive"),
        ("The committee will meet on Tuesday to discuss next year's budget.", "neutral"),
    ],
)
def test_english_news_has_a_tone_of_its_own(
    analyzer: LexicalSentimentAnalyzer, text: str, label: str
) -> None:
    result = analyzer.analyze(text, "en")
    assert_valid(result)
    assert result.label == label


def test_english_tone_per_sentence_and_lead_first(analyzer: LexicalSentimentAnalyzer) -> None:
    text = (
        "Floods killed 12 people and destroyed hundreds of homes in West Java on Sunday.\n"
        "The weather agency said rain would continue this week.\n"
        "A local choir later gave a cheerful concert to thank the wonderful rescue teams."
    )
    result = analyzer.analyze(text, "en")
    assert [s.label for s in result.sentences] == ["negative", "neutral", "positive"]
    assert result.label == "negative"  # the lead weighs most, as in Indonesian news


def test_calibration_puts_each_class_in_its_column() -> None:
    from service.pipeline.backends.builtin.sentiment_english import calibrated

    probs = calibrated(
        np.array([-0.9, 0.0, 0.9]),
        columns=[SENTIMENT_LABELS.index(k) for k in ("negative", "neutral", "positive")],
    )
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert [SENTIMENT_LABELS[i] for i in probs.argmax(axis=1)] == ["negative", "neutral", "positive"]


def test_a_short_text_guessed_english_reads_english_unless_it_has_indonesian_words(
    analyzer: LexicalSentimentAnalyzer,
) -> None:
    for text, reads in [
        ("Three killed as floods hit Jakarta", "en"),
        # a CNBC Indonesia headline the detector guessed English (0.28)
        ("IHSG Melesat 1,6%! BBRI 2,59%, BMRI 4,88%, BBNI 2,75%", "id"),
    ]:
        article = Article(ArticleRequest(text=text))
        article[BODY] = text
        article[LANGUAGE] = Language("en", "English", 0.4)
        assert analyzer(article) == analyzer.analyze(text, reads)


def test_english_held_out_quality(analyzer: LexicalSentimentAnalyzer) -> None:
    """The hand-labelled cnndm set (bench/sentiment_en_gold.md): accuracy 0.64, macro-F1 0.581 and
    ECE 0.125 on all 100 when pinned (0.61 / 0.551 / 0.114 before the news words); the
    always-negative baseline 0.44 / 0.204."""
    if not CNNDM.exists():
        pytest.skip("cnndm-dev not available")
    metrics = evaluate_set("en_cnndm", analyzer=analyzer)
    assert metrics["sentiment.en_cnndm.accuracy"] >= 0.61
    assert metrics["sentiment.en_cnndm.macro_f1"] >= 0.55
    assert metrics["sentiment.en_cnndm.ece"] <= 0.15


@pytest.mark.parametrize(
    ("sentence", "sign"),
    [
        ("Shares of the miner plunged after the results.", -1),
        ("Corruption investigators indicted the governor.", -1),
        ("The earthquake left hundreds of deaths.", -1),
        ("The economy's recovery continued as exports soared.", 1),
        ("The ministry announced the new schedule on Monday.", 0),
    ],
)
def test_english_news_words_have_a_tone(sentence: str, sign: int) -> None:
    """VADER's social-media lexicon scored these news words 0 ("plunged", "corruption", "deaths")."""
    compound = float(EnglishSentenceTone().compound([sentence])[0])
    assert (compound > 0.05) - (compound < -0.05) == sign
