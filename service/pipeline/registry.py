"""Maps configuration to backends, per stage and, where models are routed, per language.

Implementations are named by dotted path and imported only when built, so a process that
uses no transformers model never imports torch.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from service.config import ConfigError, Settings

_HF = "service.pipeline.backends.hf."
BACKENDS: dict[str, dict[str, str]] = {
    "boilerplate": {"builtin": "service.pipeline.backends.builtin.boilerplate:RuleBasedBoilerplateRemover"},
    "language": {
        "builtin": "service.pipeline.backends.builtin.language:CascadeLanguageDetector",
        "lingua": "service.pipeline.backends.builtin.language:LinguaLanguageDetector",
        "transformers": _HF + "language:TransformersLanguageDetector",
    },
    "entities": {
        "builtin": "service.pipeline.backends.builtin.entities:CrfEntityRecognizer",
        "transformers": _HF + "entities:TransformersEntityRecognizer",
    },
    "sentiment": {
        "builtin": "service.pipeline.backends.builtin.sentiment:LexicalSentimentAnalyzer",
        "transformers": _HF + "sentiment:TransformersSentimentAnalyzer",
    },
    "summary": {
        "builtin": "service.pipeline.backends.builtin.summary:ExtractiveSummarizer",
        "transformers": _HF + "summary:TransformersSummarizer",
    },
}

Backend = TypeVar("Backend")


@dataclass
class Routes(Generic[Backend]):
    """A stage's backends: one per language code where configured, and a default."""

    default: Backend
    by_language: dict[str, Backend]

    def pick(self, language: str) -> Backend:
        return self.by_language.get(language, self.default)

    def all(self) -> list[Backend]:
        return [self.default, *self.by_language.values()]


def build(stage: str, name: str, **params: Any) -> Any:
    """Instantiate backend `name` of `stage`; a wrong name lists the valid ones."""
    choices = BACKENDS.get(stage)
    if choices is None:
        raise ConfigError(f"unknown stage {stage!r}; stages are {sorted(BACKENDS)}")
    path = choices.get(name)
    if path is None:
        raise ConfigError(
            f"ENRICH_{stage.upper()}_BACKEND={name!r} is not a known backend; choose one of {sorted(choices)}"
        )
    module_name, _, class_name = path.partition(":")
    return getattr(importlib.import_module(module_name), class_name)(**params)


def build_routes(stage: str, settings: Settings) -> Routes[Any]:
    """ENRICH_<STAGE>_MODEL routes languages to transformers models; the rest use the backend
    named by ENRICH_<STAGE>_BACKEND (built-in by default)."""
    routes = settings.model_routes(stage)
    if routes and "transformers" not in BACKENDS[stage]:
        raise ConfigError(f"ENRICH_{stage.upper()}_MODEL: the {stage} stage has no transformers backend")
    if stage == "language" and set(routes) - {"*"}:
        raise ConfigError("ENRICH_LANGUAGE_MODEL cannot be routed by language: it detects the language")
    models = {
        language: build(stage, "transformers", model_dir=path, settings=settings)
        for language, path in routes.items()
    }
    default = models.pop("*", None)
    if default is None:
        default = build(stage, settings.backends[stage])
    return Routes(default=default, by_language=models)
