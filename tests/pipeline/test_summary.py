"""Builtin extractive summary: sentences come from the text, at their offsets, in order, never page
furniture (datelines, bylines, captions, "Baca juga"), within a sentence or character budget."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from service.config import Settings
from service.pipeline.backends.builtin.boosted_trees import BoostedTrees
from service.pipeline.backends.builtin.news_furniture import dateline_length
from service.pipeline.backends.builtin.summary import ExtractiveSummarizer
from service.pipeline.document import BODY, SUMMARY, Article, ArticleRequest, Sentence
from service.pipeline.runner import Pipeline
from service.pipeline.stages.summary import (
    DEFAULT_SENTENCES,
    MAX_CHARS,
    MAX_SENTENCES,
    MIN_CHARS,
    leading_within,
    length_of,
)
from service.pipeline.text import split_sentences

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def body(path: Path) -> str:
    """Crude boilerplate removal for the test: keep only paragraphs longer than 80 characters."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return "\n".join(line for line in lines if len(line.strip()) > 80)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
@pytest.mark.parametrize("max_sentences", [1, 3])
def test_seed_summary(seed: Path, max_sentences: int) -> None:
    text = body(seed)
    summary = ExtractiveSummarizer().summarize(text, "id", max_sentences)
    assert 1 <= len(summary.sentences) <= max_sentences
    all_sentences = split_sentences(text)
    for s in summary.sentences:
        assert text[s.start : s.end] == s.text
        # Whole sentences of the article, so in its language; a lede starts past its dateline.
        assert any(_is_tail(s, whole) for whole in all_sentences)
    starts = [s.start for s in summary.sentences]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert summary.text == " ".join(s.text for s in summary.sentences)


def _is_tail(s: Sentence, whole: Sentence) -> bool:
    assert s.start is not None and whole.start is not None
    return s.end == whole.end and (
        s.start == whole.start or s.start - whole.start == dateline_length(whole.text)
    )


def test_quotes_rank_below_statements_and_duplicates_are_skipped() -> None:
    text = (
        "Presiden Rusia Vladimir Putin akan mengunjungi Korea Utara pekan depan untuk bertemu Kim Jong Un.\n"
        "“Kami akan melakukan itu lebih lanjut dan hubungan kita sangat besar,” tegasnya.\n"
        "Presiden Rusia Vladimir Putin akan mengunjungi Korea Utara pekan depan untuk bertemu Kim Jong Un.\n"
        "Amerika Serikat dan Korea Selatan khawatir kunjungan Putin ke Korea Utara memperkuat kerja sama militer.\n"
    )
    # A quote is a reaction, not the news: the statements go first. (The old scorer never took a
    # quote while any statement was left; the trained one ranks it last, and with room for three
    # sentences of an article that has only three, takes it.)
    summary = ExtractiveSummarizer().summarize(text, "id", 2)
    assert [s.start for s in summary.sentences] == [0, text.index("Amerika")]
    summary = ExtractiveSummarizer().summarize(text, "id", 3)
    assert [s.start for s in summary.sentences] == [0, text.index("“"), text.index("Amerika")]


def test_empty_and_other_language() -> None:
    assert ExtractiveSummarizer().summarize("", "id", 3).sentences == []
    text = "Short. Tiny.\nThe council approved the new budget for schools and hospitals on Monday evening."
    summary = ExtractiveSummarizer().summarize(text, "xx", 2)
    assert [s.text for s in summary.sentences] == [text.split("\n")[1]]


@pytest.fixture(scope="module")
def summarizer() -> ExtractiveSummarizer:
    return ExtractiveSummarizer()


LEDE = (
    "Presiden Korea Selatan Yoon Suk Yeol akan menyorot hubungan militer Rusia dan Korea Utara di sidang PBB."
)
STORY = (
    "Isu itu akan ia bahas di Sidang Majelis Umum PBB pada September ini, kata pejabat kepresidenan.\n"
    "Menurut laporan Yonhap, Yoon akan berkunjung ke New York selama lima hari pada pekan depan.\n"
    "Pejabat itu mengatakan pidato Yoon akan menyentuh kerja sama militer Rusia dan Korea Utara.\n"
)


@pytest.mark.parametrize(
    "dateline",
    [
        "Jakarta, CNN Indonesia -- ",
        "Jakarta, CNN Indonesia - - ",
        "SEOUL, iNews.id - ",
        "Liputan6.com, Seoul - ",
        "TRIBUNNEWS.COM - ",
        "WASHINGTON (Reuters) - ",
        "BRUSSELS, March 4 (Reuters) - ",
        "NEW YORK, Nov. 12, 2024 (AP) -- ",
        "JAKARTA (Pos Kota) -",
        "Istanbul - ",
        # a known place of two words; a zero-width mark pasted after the dash (IndoSum)
        "New York - ",
        "Suara.com - \u200e",
        "(CNN)",
        # CNN's own form, with a space and no dash (article-extraction pages)
        "(CNN) ",
        "Hong Kong (CNN Business) ",
    ],
)
def test_dateline_is_left_out_and_offsets_stay_exact(summarizer: ExtractiveSummarizer, dateline: str) -> None:
    text = f"{dateline}{LEDE}\n{STORY}"
    summary = summarizer.summarize(text, "id", 3)
    first = summary.sentences[0]
    assert first.text == LEDE
    assert (first.start, first.end) == (len(dateline), len(dateline) + len(LEDE))
    assert all(text[s.start : s.end] == s.text for s in summary.sentences)


def test_story_starts_at_its_dateline(summarizer: ExtractiveSummarizer) -> None:
    # A headline and a deck above the dated lede are not the story (the deck restates the lede).
    deck = "Presiden Korea Selatan Yoon Suk Yeol akan menyorot hubungan militer Rusia dan Korea Utara."
    text = f"Korsel Pantau Kedekatan Militer Rusia dan Korea Utara\n{deck}\nLiputan6.com, Seoul - {LEDE}\n{STORY}"
    picked = summarizer.summarize(text, "id", 3).sentences
    assert picked[0].text == LEDE and all(deck not in s.text for s in picked)


def test_ordinary_openings_are_not_datelines() -> None:
    for sentence in (
        "Real Madrid - Barcelona berakhir imbang tanpa gol di Santiago Bernabeu.",
        "GO-JEK meluncurkan layanan baru di Jakarta pada Senin.",
        "Oleh karena itu, pemerintah menunda kenaikan harga BBM.",
        "Harga minyak naik 2 persen - tertinggi dalam setahun.",
        "Persib 2, Persija 1 - laga berakhir ricuh.",
        "Real Madrid 2 - 1 Barcelona di laga pekan ini.",
        "Badan Pusat Statistik (BPS) Jawa Barat mencatat inflasi 0,3 persen.",
    ):
        assert dateline_length(sentence) == 0, sentence


def test_no_byline_caption_or_read_also_in_summary(summarizer: ExtractiveSummarizer) -> None:
    furniture = [
        "Oleh Tommy K. Rony diperbarui 15 Sep 2023, 21:34 WIB",
        "Presiden Yoon Suk Yeol di Seoul, Korea Selatan. (Foto: ANTARA/Reuters)",
        "Presiden Yoon Suk Yeol menyapa wartawan usai sidang kabinet di Seoul. (Liputan6.com/Trieyasni)",
        "Baca juga: Presiden Korea Selatan Yoon Suk Yeol kunjungi PBB dan bahas militer Rusia",
        "Baca Juga",
        "Editor: Budi Santoso",
        "Scroll down for video",
    ]
    text = "\n".join([furniture[0], furniture[1], "SEOUL, iNews.id - " + LEDE, furniture[3], furniture[4]])
    text += "\n" + STORY + "\n".join(furniture[2:3] + furniture[5:])
    for n in (1, 3, 10):
        picked = summarizer.summarize(text, "id", n).sentences
        assert picked and picked[0].text == LEDE
        for s in picked:
            assert text[s.start : s.end] == s.text
            assert not any(s.text in f or f in s.text for f in furniture), s.text
            assert "Baca juga" not in s.text and "iNews" not in s.text


def test_a_quote_s_later_sentence_is_no_summary_sentence(summarizer: ExtractiveSummarizer) -> None:
    # IndoSum: 'Ini baru satu bulan dilakukan, omsetnya Rp 300 ribu ...," kata KNR.' was picked alone
    text = (
        "Polsek Dolok Masihul menangkap KNR, pedagang DVD yang mengedarkan kupon togel di pasar.\n"
        '"Penghasilan jual kaset DVD kurang mencukupi, makanya saya cari tambahan menjual togel. Ini baru'
        ' satu bulan dilakukan, omsetnya Rp 300 ribu dan mendapat komisi 11 persen," kata KNR.\n'
        "Polisi menyita satu unit telepon genggam dan uang tunai dari rumah tersangka."
    )
    picked = [s.text for s in summarizer.summarize(text, "id", 10).sentences]
    assert picked and not any(s.startswith("Ini baru") for s in picked)


def test_max_chars_keeps_whole_sentences_within_budget(summarizer: ExtractiveSummarizer) -> None:
    text = f"Jakarta, CNN Indonesia -- {LEDE}\n{STORY}"
    for budget in (110, 200, 300, 1000):
        summary = summarizer.summarize(text, "id", None, max_chars=budget)
        assert summary.sentences and len(summary.text) <= budget
        assert summary.text == " ".join(s.text for s in summary.sentences)
        whole = split_sentences(text)
        assert all(any(_is_tail(s, w) for w in whole) for s in summary.sentences)
    everything = summarizer.summarize(text, "id", None, max_chars=10_000)
    assert len(everything.sentences) == 4  # the budget alone bounds the length
    assert len(summarizer.summarize(text, "id", 2, max_chars=10_000).sentences) == 2  # both limits apply


def test_max_chars_below_any_sentence_cuts_the_best_at_a_word(summarizer: ExtractiveSummarizer) -> None:
    text = f"{LEDE}\n{STORY}"
    summary = summarizer.summarize(text, "id", 3, max_chars=40)
    (only,) = summary.sentences
    assert len(only.text) <= 40 and text[only.start : only.end] == only.text
    assert text[only.end] == " "  # ends at a word's end
    assert summarizer.summarize(text, "id", 3, max_chars=0).sentences == []


def test_title_is_optional_and_keeps_the_contract(summarizer: ExtractiveSummarizer) -> None:
    text = f"{LEDE}\n{STORY}"
    titled = summarizer.summarize(
        text, "id", 2, title="Korsel Pantau Kedekatan Militer Rusia dan Korea Utara"
    )
    assert 1 <= len(titled.sentences) <= 2
    assert all(text[s.start : s.end] == s.text for s in titled.sentences)
    with pytest.raises(ValueError):
        summarizer.summarize(text, "id", None)


def test_boosted_trees_walk_every_tree_to_its_leaf(tmp_path: Path) -> None:
    # Tree 0: x0 <= 0.5 ? (x1 <= 2 ? 1.0 : 2.0) : 3.0.  Tree 1, a stump: x1 <= 5 ? -1.0 : 1.0.
    model = {
        "features": ["a", "b"],
        "bias": 0.5,
        "depth": 2,
        "roots": [0, 5],
        "feature": [0, 1, 0, 0, 0, 1, 0, 0],
        "threshold": [0.5, 2.0, 0, 0, 0, 5.0, 0, 0],
        "left": [1, 3, 2, 3, 4, 6, 6, 7],
        "right": [2, 4, 2, 3, 4, 7, 6, 7],
        "value": [0, 0, 3.0, 1.0, 2.0, 0, -1.0, 1.0],
    }
    path = tmp_path / "model.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(model, fh)
    trees = BoostedTrees.load(path)
    rows = np.array([[0.0, 1.0], [0.5, 3.0], [0.9, 9.0], [1.0, 5.0]])
    assert trees.decision(rows).tolist() == [0.5 + 1 - 1, 0.5 + 2 - 1, 0.5 + 3 + 1, 0.5 + 3 - 1]


# --- the summary stage: the request's length fields and title reach the backend ---------------


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build(Settings.from_env({}).pipeline)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_stage_keeps_the_summary_within_summary_chars(pipeline: Pipeline, seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    for chars in (MIN_CHARS, 200, 400):
        article = pipeline.run(ArticleRequest(text=text, features=("summary",), summary_chars=chars))
        body, summary = article[BODY], article[SUMMARY]
        assert summary.sentences and len(summary.text) <= chars
        assert summary.text == " ".join(s.text for s in summary.sentences)
        for s in summary.sentences:
            assert s.start is not None and body[s.start : s.end] == s.text
    # Alone, summary_chars is the only limit; beside summary_sentences both apply.
    roomy = pipeline.run(ArticleRequest(text=text, features=("summary",), summary_chars=MAX_CHARS))
    assert len(roomy[SUMMARY].sentences) > DEFAULT_SENTENCES
    both = ArticleRequest(text=text, features=("summary",), summary_chars=MAX_CHARS, summary_sentences=2)
    assert len(pipeline.run(both)[SUMMARY].sentences) == 2


def test_stage_keeps_whole_sentences_when_any_fits(pipeline: Pipeline) -> None:
    text = f"{LEDE}\n{STORY}"
    article = pipeline.run(ArticleRequest(text=text, features=("summary",), summary_chars=300))
    whole = split_sentences(article[BODY])
    assert all(any(_is_tail(s, w) for w in whole) for s in article[SUMMARY].sentences)


def test_backend_reads_body_language_title_and_lengths(summarizer: ExtractiveSummarizer) -> None:
    text = f"{LEDE}\n{STORY}"
    title = "Korsel Pantau Kedekatan Militer Rusia dan Korea Utara"
    article = Article(ArticleRequest(text=text, title=title, language="id", summary_chars=250))
    article[BODY] = text
    expected = summarizer.summarize(text, "id", MAX_SENTENCES, max_chars=250, title=title)
    assert summarizer(article) == expected


def test_length_of_reads_the_request() -> None:
    def length(**request: int) -> tuple[int, int | None]:
        return length_of(Article(ArticleRequest(text="x", **request)))  # type: ignore[arg-type]

    assert length() == (DEFAULT_SENTENCES, None)
    assert length(summary_sentences=5) == (5, None)
    assert length(summary_chars=300) == (MAX_SENTENCES, 300)
    assert length(summary_sentences=2, summary_chars=300) == (2, 300)


def test_generated_sentences_are_kept_in_order_within_the_budget() -> None:
    generated = [Sentence(text=t, start=None, end=None) for t in ("Satu dua tiga.", "Empat lima.", "Enam.")]
    assert leading_within(generated, None) == generated
    assert leading_within(generated, 26) == generated[:2]  # 14 + 1 + 11
    assert leading_within(generated, 25) == generated[:1]
    (cut,) = leading_within(generated, 9)
    assert cut == Sentence(text="Satu dua", start=None, end=None)


def test_chinese_summary_has_no_spaces_between_sentences() -> None:
    body = (
        "国家主席习近平周一在北京会见了美国国务卿布林肯。双方就中美关系交换了意见。"
        "布林肯表示美方愿意保持沟通。会谈持续了三个小时。外交部发言人随后介绍了会谈情况。"
    )
    summary = ExtractiveSummarizer().summarize(body, "zh", 3)
    assert len(summary.sentences) == 3
    assert " " not in summary.text
    assert summary.text == "".join(s.text for s in summary.sentences)
