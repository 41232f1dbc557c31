"""Property test (hypothesis): whatever Unicode, markup and size a client sends, what validation
accepts runs through every built-in stage, as text and as HTML, without an exception other than
a stage's own typed failure (StageError: e.g. nothing left once boilerplate is removed)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from service.config import Settings
from service.pipeline.runner import Pipeline
from service.pipeline.stage import StageError
from service.schemas.requests import ArticleRequestSchema

# Any code point, lone surrogates and controls included (JSON can carry them as \\u escapes).
ANY_CHAR = st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF)
WORDS = st.sampled_from(
    ["Presiden", "Joko", "Widodo", "Jakarta", "Korea", "Utara", "kata", "the", "said", "東京",
     "Москва", "مصر", "2024", "Rp10.000", "—", "...", "\n", "\n\n", "\t", " ", "Baca Juga:",
     "PT", "Kombes", "Kapolres", "-", "/", "dkk", "St.", "'", "87'", "Dinas", "dan", "HAM"]
)  # fmt: skip
TAGS = st.sampled_from(
    ["p", "div", "span", "script", "style", "a", "table", "td", "h1", "time", "meta", "br", "x-y"]
)


@st.composite
def text(draw: st.DrawFn) -> str:
    """Mostly words and sentences (so the stages get past boilerplate), salted with anything."""
    parts = draw(st.lists(st.one_of(WORDS, st.text(ANY_CHAR, max_size=12)), max_size=80))
    return " ".join(parts) * draw(st.sampled_from([1, 1, 1, 5, 40]))


@st.composite
def html(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(TAGS)
        attrs = draw(
            st.dictionaries(
                st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
                st.text(ANY_CHAR, max_size=10),
                max_size=3,
            )
        )
        attr_text = "".join(f' {k}="{v}"' for k, v in attrs.items())
        closing = draw(st.sampled_from([f"</{tag}>", "", "</p></div>"]))
        pieces.append(f"<{tag}{attr_text}>{draw(text())}{closing}")
    prefix = draw(
        st.sampled_from(
            [
                "",
                "<!doctype html><html><head><title>t</title></head><body>",
                "<?xml version='1.0'?>",
                "<![CDATA[",
            ]
        )
    )
    return prefix + "".join(pieces)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build(Settings.from_env({}).pipeline)


def enrich(pipeline: Pipeline, body: dict[str, object]) -> None:
    try:
        request = ArticleRequestSchema().load(body)
    except ValidationError:
        return  # refused at the door: a 422, not a failed job
    try:
        pipeline.result(pipeline.run(request))
    except StageError:
        pass  # a typed failure the job reports with its code (empty_body, ...)


COMMON = settings(
    max_examples=40, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)  # fmt: skip


@COMMON
@given(
    body=text(),
    title=st.one_of(st.none(), st.text(ANY_CHAR, max_size=40)),
    language=st.sampled_from([None, "id", "en", "zz"]),
)
def test_any_text_runs_through_every_stage(
    pipeline: Pipeline, body: str, title: str | None, language: str | None
) -> None:
    enrich(pipeline, {"text": body, "title": title, "language": language})


@COMMON
@given(page=html())
def test_any_html_runs_through_every_stage(pipeline: Pipeline, page: str) -> None:
    enrich(pipeline, {"html": page})


@COMMON
@given(raw=st.text(ANY_CHAR, min_size=1, max_size=300))
def test_any_characters_at_all(pipeline: Pipeline, raw: str) -> None:
    enrich(pipeline, {"text": raw})
    enrich(pipeline, {"html": raw})
