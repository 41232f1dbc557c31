"""The runner and the registry, in-process on the seeds (no HTTP, no queue)."""

from __future__ import annotations

import pytest

from service.config import ConfigError, Settings
from service.pipeline import registry
from service.pipeline.runner import EmptyArticle, Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_settings(Settings.from_env({}))


def test_stages_run_in_order_and_report_progress(pipeline: Pipeline, seeds: dict[str, str]) -> None:
    seen: list[str] = []
    result = pipeline.run({"text": seeds["000"]}, on_stage=seen.append)
    assert seen == ["boilerplate", "language", "entities", "sentiment", "summary"]
    assert set(result["timings_ms"]) == set(seen)
    assert result["language"]["code"] == "id"
    assert "Baca Juga" not in result["body"]


def test_features_leave_other_fields_null(pipeline: Pipeline, seeds: dict[str, str]) -> None:
    seen: list[str] = []
    result = pipeline.run({"text": seeds["002"], "features": ["summary"]}, on_stage=seen.append)
    assert seen == ["boilerplate", "language", "summary"]  # language feeds the other stages
    assert result["language"] is None and result["entities"] is None and result["sentiment"] is None
    assert result["summary"]["sentences"]


def test_language_hint_is_passed_to_stages(pipeline: Pipeline) -> None:
    result = pipeline.run(
        {"text": "Presiden Joko Widodo berkunjung ke Surabaya pada Senin.", "language": "id"}
    )
    assert result["body"].startswith("Presiden")


def test_a_clean_body_skips_boilerplate(pipeline: Pipeline) -> None:
    seen: list[str] = []
    pipeline.run({"body": "Presiden Joko Widodo berkunjung ke Surabaya pada Senin."}, on_stage=seen.append)
    assert seen[0] == "language"


def test_only_boilerplate_raises(pipeline: Pipeline) -> None:
    with pytest.raises(EmptyArticle):
        pipeline.run({"text": "Baca Juga\nloading...\nA\nA"})


def test_unknown_backend_lists_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"ENRICH_ENTITIES_BACKEND='spacy'.*builtin"):
        registry.build("entities", "spacy")


def test_settings_from_env() -> None:
    settings = Settings.from_env({"ENRICH_RESULT_TTL_S": "60", "ENRICH_SUMMARY_BACKEND": "builtin"})
    assert settings.result_ttl_s == 60 and settings.backends["summary"] == "builtin"
    with pytest.raises(ConfigError, match="ENRICH_MAX_REQUEST_BYTES"):
        Settings.from_env({"ENRICH_MAX_REQUEST_BYTES": "lots"})
