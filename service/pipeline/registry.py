"""Maps the backend names found in configuration to implementations, per stage.

Implementations are named by dotted path and imported only when built, so choosing a
transformers backend never imports torch in a process that does not use it.
"""

from __future__ import annotations

import importlib
from typing import Any

from service.config import ConfigError

BACKENDS: dict[str, dict[str, str]] = {
    "boilerplate": {"builtin": "service.pipeline.backends.builtin.boilerplate:RuleBasedBoilerplateRemover"},
    "language": {"builtin": "service.pipeline.backends.builtin.language:LinguaLanguageDetector"},
    "entities": {"builtin": "service.pipeline.backends.builtin.entities:CrfEntityRecognizer"},
    "sentiment": {"builtin": "service.pipeline.backends.builtin.sentiment:LexicalSentimentAnalyzer"},
    "summary": {"builtin": "service.pipeline.backends.builtin.summary:ExtractiveSummarizer"},
}


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
