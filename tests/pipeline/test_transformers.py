"""The transformers backends, on tiny random models saved to disk and loaded by the same
registry code the workers run. Random weights: these tests check shapes and contracts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.config import ConfigError, Settings
from service.pipeline.document import BODY, Article, ArticleRequest
from service.pipeline.registry import REGISTRY, Routes
from service.pipeline.runner import Pipeline
from tests import tiny_models

pytest.importorskip("torch")


def routes(stage: str, env: dict[str, str]) -> Routes:
    """A stage's backends as a worker builds them from these settings."""
    found = next(s for s in REGISTRY.stages() if s.name == stage)
    return REGISTRY.build(found, Settings.from_env(env).pipeline)


def on_body(text: str, language: str = "id") -> Article:
    article = Article(ArticleRequest(text=text, language=language))
    article[BODY] = text
    return article


def run(pipeline: Pipeline, **request: str) -> dict:
    return pipeline.result(pipeline.run(ArticleRequest(**request)))


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("models")
    return {
        "ner": tiny_models.bert(root / "ner", "token", tiny_models.NER_LABELS),
        "sentiment": tiny_models.bert(root / "sentiment", "sequence", ["negative", "neutral", "positive"]),
        "language": tiny_models.bert(root / "language", "sequence", ["id", "ms", "en"]),
        "summary": tiny_models.bart(root / "summary"),
    }


@pytest.fixture(scope="module")
def pipeline(models: dict[str, Path]) -> Pipeline:
    env = {
        "ENRICH_ENTITIES_MODEL": f"id={models['ner']},*={models['ner']}",
        "ENRICH_SENTIMENT_MODEL": f"id={models['sentiment']}",  # other languages: built-in
        "ENRICH_SUMMARY_MODEL": str(models["summary"]),
        "ENRICH_LANGUAGE_MODEL": str(models["language"]),
        # Small windows so the seeds span several, to exercise the stitching.
        "ENRICH_WINDOW_TOKENS": "64",
        "ENRICH_WINDOW_STRIDE": "16",
        "ENRICH_TORCH_THREADS": "1",
    }
    return Pipeline.build(Settings.from_env(env).pipeline)


def test_seeds_through_transformers_backends(pipeline: Pipeline, seeds: dict[str, str]) -> None:
    for text in seeds.values():
        result = run(pipeline, text=text, language="id")
        body = result["body"]
        assert result["models"]["entities"]["backend"] == "transformers"
        assert result["models"]["sentiment"]["backend"] == "transformers"
        assert result["models"]["summary"]["backend"] == "transformers"
        assert "ner" in result["models"]["entities"]["model"]
        for entity in result["entities"]:
            assert entity["type"] in ("PERSON", "ORGANIZATION", "LOCATION")  # DATE is dropped
            assert 0 <= entity["score"] <= 1
            for mention in entity["mentions"]:
                assert 0 <= mention["start"] < mention["end"] <= len(body)
                assert body[mention["start"] : mention["end"]] == mention["text"]
        positions = [(m["start"], m["end"]) for e in result["entities"] for m in e["mentions"]]
        assert len(positions) == len(set(positions)), "a window overlap produced a duplicate mention"
        for a, b in zip(sorted(positions), sorted(positions)[1:], strict=False):
            assert a[1] <= b[0], "overlapping mentions"
        sentiment = result["sentiment"]
        assert sentiment["label"] in ("positive", "neutral", "negative")
        assert sum(sentiment["scores"].values()) == pytest.approx(1, abs=1e-3)
        assert result["language"]["code"] in ("id", "ms", "en")
        assert all(s["start"] is None for s in result["summary"]["sentences"])


def test_generated_summary_keeps_within_summary_chars(pipeline: Pipeline, seeds: dict[str, str]) -> None:
    result = run(pipeline, text=seeds["000"], language="id", features=("summary",), summary_chars=60)
    summary = result["summary"]
    assert summary["sentences"] and len(summary["text"]) <= 60
    assert summary["text"] == " ".join(s["text"] for s in summary["sentences"])


def test_language_routing_falls_back_to_builtin(pipeline: Pipeline) -> None:
    result = run(
        pipeline, text="The minister said on Monday the talks would resume in Geneva.", language="en"
    )
    assert result["models"]["sentiment"]["backend"].startswith("builtin")
    assert result["models"]["entities"]["backend"] == "transformers"


def test_windows_cover_the_whole_text(pipeline: Pipeline, seeds: dict[str, str]) -> None:
    recognizer = pipeline.routes["entities"].pick("id")
    text = seeds["001"]
    inputs = recognizer.preprocess(on_body(text))
    tokens = recognizer.token_probabilities(inputs, recognizer.forward(inputs))
    starts = [start for start, _, _ in tokens]
    assert starts == sorted(set(starts)), "each token once, in order"
    assert tokens[-1][1] >= len(text.rstrip()) - 30  # the end of a long article is reached


def test_missing_directory_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"ENRICH_ENTITIES_MODEL: .* has no config.json"):
        routes("entities", {"ENRICH_ENTITIES_MODEL": str(tmp_path / "nope")})


def test_wrong_head_fails_at_start(models: dict[str, Path]) -> None:
    with pytest.raises(ConfigError, match="ForTokenClassification"):
        routes("entities", {"ENRICH_ENTITIES_MODEL": str(models["sentiment"])})


def test_unmappable_labels_fail_at_start(models: dict[str, Path], tmp_path: Path) -> None:
    bad = tiny_models.bert(tmp_path / "bad", "token", ["O", "B-FOOD", "I-FOOD"])
    with pytest.raises(ConfigError, match=r"B-FOOD"):
        routes("entities", {"ENRICH_ENTITIES_MODEL": str(bad)})
    bad_sentiment = tiny_models.bert(tmp_path / "bad-sent", "sequence", ["LABEL_0", "LABEL_1"])
    with pytest.raises(ConfigError, match=r"label_0"):
        routes("sentiment", {"ENRICH_SENTIMENT_MODEL": str(bad_sentiment)})


def test_language_model_cannot_be_routed(models: dict[str, Path]) -> None:
    with pytest.raises(ConfigError, match="cannot be routed"):
        routes("language", {"ENRICH_LANGUAGE_MODEL": f"id={models['language']}"})


def test_int8_quantisation_keeps_the_contract(models: dict[str, Path], seeds: dict[str, str]) -> None:
    env = {"ENRICH_ENTITIES_MODEL": str(models["ner"]), "ENRICH_QUANTIZE": "int8"}
    recognizer = routes("entities", env).default
    assert "int8" in recognizer.info.model
    text = seeds["003"]
    for entity in recognizer(on_body(text)):
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_model_name_is_traceable(models: dict[str, Path]) -> None:
    config = json.loads((models["ner"] / "config.json").read_text())
    recognizer = routes("entities", {"ENRICH_ENTITIES_MODEL": str(models["ner"])})
    assert str(models["ner"]) in recognizer.default.info.model
    assert config["transformers_version"] in recognizer.default.info.model
