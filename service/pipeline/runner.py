"""Runs the stages in order on one article and assembles the result document."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from service.config import FEATURES, STAGES, Settings
from service.pipeline import registry
from service.pipeline.registry import Routes
from service.pipeline.stages.boilerplate import BoilerplateRemover
from service.pipeline.stages.entities import EntityRecognizer
from service.pipeline.stages.language import LanguageDetector
from service.pipeline.stages.sentiment import SentimentAnalyzer
from service.pipeline.stages.summary import Summarizer

ProgressCallback = Callable[[str], None]


class EmptyArticle(ValueError):
    """Boilerplate removal left nothing: there is no article to enrich."""


@dataclass
class Pipeline:
    boilerplate: Routes[BoilerplateRemover]
    language: Routes[LanguageDetector]
    entities: Routes[EntityRecognizer]
    sentiment: Routes[SentimentAnalyzer]
    summary: Routes[Summarizer]

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        """Build every stage's backends once; workers call this at start, never per job."""
        return cls(**{stage: registry.build_routes(stage, settings) for stage in STAGES})

    def describe(self) -> dict[str, Any]:
        """Which backend each stage runs (per language where routed), for logs and /v1/models."""
        described: dict[str, Any] = {}
        for stage in STAGES:
            routes: Routes[Any] = getattr(self, stage)
            described[stage] = {
                "default": asdict(routes.default.info),
                "by_language": {code: asdict(b.info) for code, b in routes.by_language.items()},
            }
        return described

    def warm_up(self) -> None:
        """Run every backend once, so that no job pays a model's first-call set-up."""
        text = "Presiden Joko Widodo bertemu Menteri Luar Negeri di Jakarta pada Senin. Pertemuan berjalan baik."
        calls: dict[str, Callable[[Any], Any]] = {
            "language": lambda b: b.detect(text),
            "entities": lambda b: b.extract(text, "id"),
            "sentiment": lambda b: b.analyze(text, "id"),
            "summary": lambda b: b.summarize(text, "id", 1),
        }
        for stage, call in calls.items():
            for backend in getattr(self, stage).all():
                call(backend)

    def clean(self, article: dict[str, Any]) -> str:
        body = self.boilerplate.default.clean(
            text=article.get("text"), html=article.get("html"), title=article.get("title")
        )
        if not body.strip():
            raise EmptyArticle("nothing of the article is left once boilerplate is removed")
        return body

    def run(
        self,
        article: dict[str, Any],
        on_stage: ProgressCallback = lambda stage: None,
        summary_sentences: int = 3,
    ) -> dict[str, Any]:
        """Enrich one validated article (the dict built by schemas.requests.ArticleRequest)."""
        features = set(article.get("features") or FEATURES)
        timings: dict[str, float] = {}
        models: dict[str, Any] = {}

        def timed(stage: str, backend: Any, work: Callable[[Any], Any]) -> Any:
            on_stage(stage)
            models[stage] = asdict(backend.info)
            started = time.perf_counter()
            value = work(backend)
            timings[stage] = round((time.perf_counter() - started) * 1000, 2)
            return value

        # The API cleans the body while validating (to refuse empty articles at once) and
        # sends it along; in-process callers hand over the raw article instead.
        body: str = article.get("body") or timed(
            "boilerplate", self.boilerplate.default, lambda _: self.clean(article)
        )
        models.setdefault("boilerplate", asdict(self.boilerplate.default.info))
        # Language is needed by the other stages, so it always runs; a client hint wins.
        detected = timed("language", self.language.default, lambda b: b.detect(body))
        code = article.get("language") or detected.code
        result: dict[str, Any] = {
            "title": article.get("title"),
            "url": article.get("url"),
            "published_at": article.get("published_at"),
            "body": body,
            "language": asdict(detected) if "language" in features else None,
            "entities": None,
            "sentiment": None,
            "summary": None,
        }
        if "entities" in features:
            entities = timed("entities", self.entities.pick(code), lambda b: b.extract(body, code))
            result["entities"] = [
                {**asdict(e), "count": e.count, "start": e.mentions[0].start, "end": e.mentions[0].end}
                for e in entities
            ]
        if "sentiment" in features:
            sentiment = timed("sentiment", self.sentiment.pick(code), lambda b: b.analyze(body, code))
            result["sentiment"] = asdict(sentiment)
        if "summary" in features:
            n = article.get("summary_sentences") or summary_sentences
            result["summary"] = asdict(
                timed("summary", self.summary.pick(code), lambda b: b.summarize(body, code, n))
            )
        result["models"] = models
        result["timings_ms"] = timings
        return result
