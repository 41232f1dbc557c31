"""The runner and the registry, in-process on the seeds (no HTTP, no queue)."""

from __future__ import annotations

import dataclasses

import pytest
from marshmallow import fields

from service.config import ConfigError, PipelineSettings, Settings
from service.pipeline.document import BODY, LANGUAGE, Article, ArticleRequest, BackendInfo, Slot
from service.pipeline.registry import REGISTRY, Registry
from service.pipeline.runner import Pipeline
from service.pipeline.stage import Prefills, Stage
from service.pipeline.stages import boilerplate
from service.pipeline.stages.boilerplate import EmptyArticle

DEFAULTS = Settings.from_env({}).pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build(DEFAULTS)


def run(pipeline: Pipeline, seen: list[str] | None = None, **request: object) -> dict:
    article = pipeline.run(ArticleRequest(**request), on_stage=(seen if seen is not None else []).append)  # type: ignore[arg-type]
    return pipeline.result(article)


def test_stages_run_in_order_and_report_progress(pipeline: Pipeline, seeds: dict[str, str]) -> None:
    seen: list[str] = []
    result = run(pipeline, seen, text=seeds["000"])
    assert seen == [stage.name for stage in pipeline.stages]
    assert seen[:4] == ["boilerplate", "language", "entities", "sentiment"]
    assert seen.index("entity_profiles") > seen.index("sentiment")  # entity tone reads the sentences
    assert set(result["timings_ms"]) == set(seen) == set(result["models"])
    assert result["language"]["code"] == "id"
    assert "Baca Juga" not in result["body"]
    outputs = [stage.assigns.name for stage in pipeline.declared if stage.field is not None]
    assert list(result) == ["title", "url", "published_at", *outputs, "models", "timings_ms"]


def test_features_leave_other_fields_null(pipeline: Pipeline, seeds: dict[str, str]) -> None:
    seen: list[str] = []
    result = run(pipeline, seen, text=seeds["002"], features=("summary",))
    assert seen == ["boilerplate", "language", "summary"]  # summary requires the language
    assert result["language"] is None and result["entities"] is None and result["sentiment"] is None
    assert result["summary"]["sentences"]


def test_language_hint_is_passed_to_stages(pipeline: Pipeline) -> None:
    article = pipeline.run(
        ArticleRequest(text="Presiden Joko Widodo berkunjung ke Surabaya pada Senin.", language="ms")
    )
    assert article.language_code == "ms" and article[BODY].startswith("Presiden")
    assert article[LANGUAGE].code == "id"  # detection still runs; the hint wins for the stages


def test_only_boilerplate_raises(pipeline: Pipeline) -> None:
    with pytest.raises(EmptyArticle) as raised:
        pipeline.run(ArticleRequest(text="Baca Juga\nloading...\nA\nA"))
    assert raised.value.code == "empty_body" and raised.value.permanent


def test_headline_only_is_enriched(pipeline: Pipeline) -> None:
    # RSS clients send the headline alone, often as both title and text: it is the body, not boilerplate.
    headline = "IHSG Ditutup Menguat 1,2%, Saham Bank Jadi Penopang"
    result = run(pipeline, text=headline, title=headline)
    assert result["body"] == headline
    assert result["language"]["code"] == "id"
    assert result["sentiment"] is not None and result["summary"]["sentences"]


def test_unknown_backend_lists_the_choices() -> None:
    settings = Settings.from_env({"ENRICH_ENTITIES_BACKEND": "spacy"}).pipeline
    with pytest.raises(ConfigError, match=r"ENRICH_ENTITIES_BACKEND='spacy'.*builtin"):
        Pipeline.build(settings)


def test_a_misspelt_stage_variable_stops_the_start() -> None:
    settings = Settings.from_env({"ENRICH_ENTITY_BACKEND": "builtin"}).pipeline
    with pytest.raises(ConfigError, match=r"ENRICH_ENTITY_\*: no such stage"):
        Pipeline.build(settings)


def test_settings_from_env() -> None:
    settings = Settings.from_env({"ENRICH_RESULT_TTL_S": "60", "ENRICH_SUMMARY_BACKEND": "builtin"})
    assert settings.queue.result_ttl_s == 60 and settings.pipeline.stage("summary").backend == "builtin"
    assert settings.pipeline.stage("entities").backend == "builtin"  # not configured: the default
    with pytest.raises(ConfigError, match="ENRICH_MAX_REQUEST_BYTES"):
        Settings.from_env({"ENRICH_MAX_REQUEST_BYTES": "lots"})


def test_secrets_stay_out_of_repr() -> None:
    settings = Settings.from_env(
        {"ENRICH_API_KEYS": "ops:s3cret-key-1", "ENRICH_REDIS_URL": "redis://:hunter2hunter2@redis:6379/0"}
    )
    assert "s3cret" not in repr(settings) and "hunter2" not in repr(settings)


# --- a stage defined here, to show what adding one takes -------------------------------------------

WORD_COUNT: Slot[int] = Slot("word_count")


class CountWords:
    info = BackendInfo(backend="test-split", version="1")

    def __call__(self, article: Article) -> int:
        return len(article[BODY].split())


def word_count_stage(requires: tuple[Slot[object], ...] = (BODY,)) -> Stage[int]:
    return Stage(
        name="word_count",
        feature="word_count",
        requires=requires,
        assigns=WORD_COUNT,
        field=fields.Integer(),
        backends={"builtin": CountWords},
    )


def test_a_new_stage_is_one_declaration_and_one_registration(seeds: dict[str, str]) -> None:
    registry = REGISTRY.copy()
    registry.register(word_count_stage())
    pipeline = Pipeline.build(DEFAULTS, registry)
    seen: list[str] = []
    article = pipeline.run(ArticleRequest(text=seeds["001"], features=("word_count",)), on_stage=seen.append)
    result = pipeline.result(article)
    assert seen == ["boilerplate", "word_count"]
    assert result["word_count"] == len(result["body"].split()) > 100
    assert result["models"]["word_count"] == {"backend": "test-split", "version": "1", "model": None}
    assert set(result["timings_ms"]) == {"boilerplate", "word_count"}
    assert result["entities"] is None
    assert "word_count" in pipeline.features and "word_count" in pipeline.describe()
    # Asked for nothing in particular, a client gets every feature, the new one too.
    assert pipeline.result(pipeline.run(ArticleRequest(text=seeds["001"])))["word_count"] > 100


def test_a_requirement_nobody_assigns_stops_the_start() -> None:
    registry = REGISTRY.copy()
    registry.register(word_count_stage(requires=(Slot("tokens"),)))
    with pytest.raises(ConfigError, match=r"stage 'word_count' requires 'tokens', which no stage assigns"):
        Pipeline.build(DEFAULTS, registry)


def test_a_cycle_stops_the_start() -> None:
    registry = Registry(REGISTRY.stages()[:1])
    registry.register(word_count_stage(requires=(BODY, Slot("tokens"))))
    registry.register(
        Stage(
            name="tokens",
            requires=(WORD_COUNT,),
            assigns=Slot("tokens"),
            field=fields.Integer(),
            backends={"builtin": CountWords},
        )
    )
    with pytest.raises(
        ConfigError, match=r"cycle: 'word_count' requires 'tokens' .*'tokens' requires 'word_count'"
    ):
        Pipeline.build(PipelineSettings(), registry)


def test_features_pull_in_what_they_require(pipeline: Pipeline) -> None:
    # Entities as shown are the recogniser's, profiled: their tone reads the sentence sentiment.
    assert [s.name for s in pipeline.plan(("entities",))] == [
        "boilerplate", "language", "entities", "sentiment", "entity_profiles",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="horoscope"):
        pipeline.plan(("horoscope",))


class CountWordsWithACache(CountWords):
    """A backend with per-word rows to prefill: warm-up fills them before its first call."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def prefill(self) -> None:
        self.calls.append("prefill")

    def __call__(self, article: Article) -> int:
        self.calls.append("call")
        return super().__call__(article)


def test_warm_up_prefills_the_backends_that_cache_words_before_their_first_call() -> None:
    stage = dataclasses.replace(word_count_stage(), backends={"builtin": CountWordsWithACache})
    pipeline = Pipeline.build(DEFAULTS, Registry([boilerplate.STAGE, stage]))
    backend = pipeline.routes["word_count"].default
    assert isinstance(backend, CountWordsWithACache) and isinstance(backend, Prefills)
    assert not isinstance(pipeline.routes["boilerplate"].default, Prefills)
    pipeline.warm_up()
    assert backend.calls == ["prefill", "call"]
