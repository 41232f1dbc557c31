"""Runs the stages in order on one article and assembles the result document."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from service.config import FEATURES, Settings
from service.pipeline import registry
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
    boilerplate: BoilerplateRemover
    language: LanguageDetector
    entities: EntityRecognizer
    sentiment: SentimentAnalyzer
    summary: Summarizer

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        """Build every stage's backend once; workers call this at start, never per job."""
        return cls(**{stage: registry.build(stage, name) for stage, name in settings.backends.items()})

    def models(self) -> dict[str, dict[str, Any]]:
        return {stage: asdict(getattr(self, stage).info) for stage in ("boilerplate", *FEATURES)}

    def clean(self, article: dict[str, Any]) -> str:
        body = self.boilerplate.clean(
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

        def timed(stage: str, work: Callable[[], Any]) -> Any:
            on_stage(stage)
            started = time.perf_counter()
            value = work()
            timings[stage] = round((time.perf_counter() - started) * 1000, 2)
            return value

        # The API cleans the body while validating (to refuse empty articles at once) and
        # sends it along; in-process callers hand over the raw article instead.
        body: str = article.get("body") or timed("boilerplate", lambda: self.clean(article))
        # Language is needed by the other stages, so it always runs; a client hint wins.
        detected = timed("language", lambda: self.language.detect(body))
        hint = article.get("language")
        code = hint or detected.code
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
            entities = timed("entities", lambda: self.entities.extract(body, code))
            result["entities"] = [
                {**asdict(e), "count": e.count, "start": e.mentions[0].start, "end": e.mentions[0].end}
                for e in entities
            ]
        if "sentiment" in features:
            result["sentiment"] = asdict(timed("sentiment", lambda: self.sentiment.analyze(body, code)))
        if "summary" in features:
            n = article.get("summary_sentences") or summary_sentences
            result["summary"] = asdict(timed("summary", lambda: self.summary.summarize(body, code, n)))
        result["models"] = self.models()
        result["timings_ms"] = timings
        return result
