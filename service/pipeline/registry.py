"""The stages this service runs, and the backend each one uses, picked by configuration.

Stage modules are listed here by name (one entry per stage); a stage lists its own backends by
dotted path, imported only when built, so a process that uses no transformers model never imports
torch, and the web process imports no backend at all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from service.config import ConfigError, PipelineSettings, StageOptions, TransformersOptions
from service.pipeline.document import LANGUAGE
from service.pipeline.stage import Backend, Stage

T = TypeVar("T")

# In the order the result shows their outputs; the runner orders them by what they require.
STAGE_MODULES = (
    "service.pipeline.stages.boilerplate",
    "service.pipeline.stages.language",
    "service.pipeline.stages.entities",
    "service.pipeline.stages.entity_profiles",
    "service.pipeline.stages.sentiment",
    "service.pipeline.stages.summary",
    "service.pipeline.stages.metadata",
    "service.pipeline.stages.quotes",
    "service.pipeline.stages.regions",
    "service.pipeline.stages.story",
)


@dataclass
class Routes(Generic[T]):
    """A stage's backends: one per language code where configured, and a default."""

    default: Backend[T]
    by_language: dict[str, Backend[T]]

    def pick(self, language: str) -> Backend[T]:
        return self.by_language.get(language, self.default)

    def all(self) -> list[Backend[T]]:
        return [self.default, *self.by_language.values()]


class Registry:
    """Stages by name, in the order they were registered."""

    def __init__(self, stages: Iterable[Stage[Any]] = ()) -> None:
        self._stages: dict[str, Stage[Any]] = {}
        for stage in stages:
            self.register(stage)

    @classmethod
    def default(cls) -> Registry:
        return cls(importlib.import_module(name).STAGE for name in STAGE_MODULES)

    def register(self, stage: Stage[Any]) -> None:
        if stage.name in self._stages:
            raise ValueError(f"a stage named {stage.name!r} is already registered")
        self._stages[stage.name] = stage

    def stages(self) -> list[Stage[Any]]:
        return list(self._stages.values())

    def features(self) -> tuple[str, ...]:
        return tuple(s.feature for s in self._stages.values() if s.feature)

    def copy(self) -> Registry:
        return Registry(self.stages())

    def backend_factory(self, stage: Stage[T], name: str) -> Callable[..., Backend[T]]:
        """The class (or factory) of backend `name` of `stage`; a wrong name lists the choices."""
        target = stage.backends.get(name)
        if target is None:
            raise ConfigError(
                f"ENRICH_{stage.name.upper()}_BACKEND={name!r} is not a known backend; "
                f"choose one of {sorted(stage.backends)}"
            )
        if not isinstance(target, str):
            return target
        module_name, _, class_name = target.partition(":")
        factory: Callable[..., Backend[T]] = getattr(importlib.import_module(module_name), class_name)
        return factory

    def build(self, stage: Stage[T], settings: PipelineSettings) -> Routes[T]:
        """ENRICH_<STAGE>_MODEL routes languages to transformers models; the rest use the backend
        named by ENRICH_<STAGE>_BACKEND (built-in by default)."""
        options: StageOptions = settings.stage(stage.name)
        routes = options.model_routes()
        env = f"ENRICH_{stage.name.upper()}_MODEL"
        if routes and "transformers" not in stage.backends:
            raise ConfigError(f"{env}: the {stage.name} stage has no transformers backend")
        if set(routes) - {"*"} and LANGUAGE not in stage.requires:
            raise ConfigError(
                f"{env} cannot be routed by language: the {stage.name} stage runs before it is known"
            )
        models = {
            language: self._transformers(stage, path, settings.transformers)
            for language, path in routes.items()
        }
        default = models.pop("*", None)
        if default is None:
            factory = self.backend_factory(stage, options.backend)
            default = factory(stage.options(settings)) if stage.options else factory()
        return Routes(default=default, by_language=models)

    def _transformers(self, stage: Stage[T], model_dir: str, options: TransformersOptions) -> Backend[T]:
        return self.backend_factory(stage, "transformers")(model_dir, options)

    def check_settings(self, settings: PipelineSettings) -> None:
        """Every ENRICH_<STAGE>_* variable names a stage that exists (a typo fails at start)."""
        unknown = set(settings.stage_options) - set(self._stages)
        if unknown:
            raise ConfigError(
                f"{', '.join(f'ENRICH_{name.upper()}_*' for name in sorted(unknown))}: no such stage; "
                f"stages are {sorted(self._stages)}"
            )


REGISTRY = Registry.default()
