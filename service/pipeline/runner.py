"""Runs the stages on one article: a loop over stages ordered by what they require and assign."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from marshmallow import Schema

from service.config import ConfigError, PipelineSettings
from service.pipeline.document import LANGUAGE, Article, ArticleRequest, JobRef
from service.pipeline.dump import compile_dump
from service.pipeline.registry import REGISTRY, Registry, Routes
from service.pipeline.result import result_schema, result_values
from service.pipeline.stage import Backend, Prefills, Stage

ProgressCallback = Callable[[str], None]


def order(stages: Sequence[Stage[Any]]) -> list[Stage[Any]]:
    """Stages in an order where each runs after every stage it requires; otherwise in the order
    given. A requirement nobody assigns, or a cycle, is a ConfigError naming the stages."""
    assigner: dict[str, Stage[Any]] = {}
    for stage in stages:
        if stage.assigns.name in assigner:
            raise ConfigError(
                f"stages {assigner[stage.assigns.name].name!r} and {stage.name!r} both assign {stage.assigns.name!r}"
            )
        assigner[stage.assigns.name] = stage
    for stage in stages:
        for slot in stage.requires:
            if slot.name not in assigner:
                raise ConfigError(
                    f"stage {stage.name!r} requires {slot.name!r}, which no stage assigns "
                    f"(assigned: {sorted(assigner)})"
                )
    ordered: list[Stage[Any]] = []
    done: set[str] = set()
    remaining = list(stages)
    while remaining:
        ready = next((s for s in remaining if all(r.name in done for r in s.requires)), None)
        if ready is None:
            raise ConfigError(_cycle(remaining, assigner))
        ordered.append(ready)
        done.add(ready.assigns.name)
        remaining.remove(ready)
    return ordered


def _cycle(remaining: list[Stage[Any]], assigner: dict[str, Stage[Any]]) -> str:
    """Walk requirements among the stages that cannot run until one repeats: that is the cycle."""
    stage, path = remaining[0], list[tuple[Stage[Any], str]]()
    while stage.name not in [s.name for s, _ in path]:
        slot = next(r for r in stage.requires if assigner[r.name] in remaining)
        path.append((stage, slot.name))
        stage = assigner[slot.name]
    cycle = path[[s.name for s, _ in path].index(stage.name) :]
    links = ", ".join(
        f"{s.name!r} requires {slot!r} (assigned by {assigner[slot].name!r})" for s, slot in cycle
    )
    return f"stages require each other in a cycle: {links}"


class Pipeline:
    def __init__(self, stages: Sequence[Stage[Any]], routes: dict[str, Routes[Any]]) -> None:
        self.declared = list(stages)  # the result shows outputs in this order
        self.stages = order(stages)  # and they run in this one
        self.routes = routes
        self.features = tuple(s.feature for s in self.declared if s.feature)
        self._assigner = {s.assigns.name: s for s in self.stages}
        self._by_name = {s.name: s for s in self.stages}
        self._result: Schema = result_schema(self.declared)()
        self._dump_result = compile_dump(self._result)  # = self._result.dump, a few times faster

    @classmethod
    def build(cls, settings: PipelineSettings, registry: Registry = REGISTRY) -> Pipeline:
        """Order the stages and build every backend once; workers call this at start, never per
        job, so any misconfiguration stops the worker before it takes a job."""
        registry.check_settings(settings)
        stages = registry.stages()
        order(stages)  # a cycle or a missing requirement stops the start before any model loads
        return cls(stages, {stage.name: registry.build(stage, settings) for stage in stages})

    def shown(self, features: Sequence[str]) -> set[str]:
        """Names of the stages whose output the result shows for these requested features."""
        wanted = set(features or self.features)
        unknown = wanted - set(self.features)
        if unknown:
            raise ValueError(f"unknown features {sorted(unknown)}; features are {list(self.features)}")
        return {
            s.name
            for s in self.stages
            if s.field is not None and (s.feature is None or s.feature in wanted)  # internal: never shown
        }

    def plan(self, features: Sequence[str]) -> list[Stage[Any]]:
        """The stages to run: those shown, and every stage they require, in run order."""
        needed = self._with_requirements(self.shown(features))
        return [s for s in self.stages if s.name in needed]

    def _with_requirements(self, names: set[str]) -> set[str]:
        needed, pending = set(names), list(names)
        while pending:
            for slot in self._by_name[pending.pop()].requires:
                name = self._assigner[slot.name].name
                if name not in needed:
                    needed.add(name)
                    pending.append(name)
        return needed

    def run(
        self,
        request: ArticleRequest,
        on_stage: ProgressCallback = lambda name: None,
        job: JobRef | None = None,
    ) -> Article:
        """Enrich one article; `on_stage` hears each stage's name as it starts."""
        article = Article(request, job)
        for stage in self.plan(request.features):
            on_stage(stage.name)
            self._run_stage(stage, self._backend(stage, article), article)
        return article

    def result(self, article: Article) -> dict[str, Any]:
        """The JSON result document of an enriched article."""
        values = result_values(article, self.declared, self.shown(article.request.features))
        dumped: dict[str, Any] = self._dump_result(values)
        return dumped

    def describe(self) -> dict[str, Any]:
        """Which backend each stage runs (per language where routed), for logs and /v1/models."""
        return {
            stage.name: {
                "default": asdict(self.routes[stage.name].default.info),
                "by_language": {
                    code: asdict(b.info) for code, b in self.routes[stage.name].by_language.items()
                },
            }
            for stage in self.declared
        }

    def warm_up(self) -> None:
        """Fill the backends' per-word caches with common words, then run every backend once on
        its stage's warm-up input, so no job pays first-call costs."""
        for stage in self.stages:
            article = Article(stage.warm_up)
            earlier = self._with_requirements({stage.name}) - {stage.name}
            for prior in (s for s in self.stages if s.name in earlier):
                self._run_stage(prior, self.routes[prior.name].default, article)
            for backend in self.routes[stage.name].all():
                if isinstance(backend, Prefills):
                    backend.prefill()
                backend(article)

    def _backend(self, stage: Stage[Any], article: Article) -> Backend[Any]:
        routes = self.routes[stage.name]
        # Routing by language needs the language: only stages that require it are routed.
        return routes.pick(article.language_code) if LANGUAGE in stage.requires else routes.default

    def _run_stage(self, stage: Stage[Any], backend: Backend[Any], article: Article) -> None:
        started = time.perf_counter()
        value = backend(article)
        if stage.check is not None:
            stage.check(value)
        article[stage.assigns] = value
        article.models[stage.name] = backend.info
        article.timings_ms[stage.name] = round((time.perf_counter() - started) * 1000, 2)
