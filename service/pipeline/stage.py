"""What a stage declares about itself, and the one call every backend implements.

A stage reads slots other stages assign (`requires`) and assigns one of its own. The runner orders
stages from these declarations, so a new stage is a module with a `STAGE`, its backends and one
registry entry; the result schema, the client's features, /v1/models, `models` and `timings_ms`
all follow from the list of stages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from marshmallow import fields

from service.config import PipelineSettings
from service.pipeline.document import Article, ArticleRequest, BackendInfo, Slot

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Backend(Protocol[T_co]):
    """One implementation of a stage: reads what it needs from the article, returns its output."""

    info: BackendInfo

    def __call__(self, article: Article) -> T_co: ...


@runtime_checkable
class Prefills(Protocol):
    """A backend that keeps per-word rows between articles and can make the common words' rows
    at warm-up, so that a new worker's first jobs cost what later ones do."""

    def prefill(self) -> None: ...


class StageError(Exception):
    """A stage cannot produce its output for this article. `code` is shown to the client;
    `permanent` says retrying the same article cannot help."""

    code = "enrichment_failed"
    permanent = False


@dataclass(frozen=True)
class Stage(Generic[T]):
    name: str
    assigns: Slot[T]
    # How the result shows the value (a marshmallow field; the result makes it nullable). None: an
    # internal value other stages read, never shown; such a stage runs only when one requires it.
    field: fields.Field[Any] | None
    # Backend name -> "module:Class" (imported only when built) or the class itself.
    backends: Mapping[str, str | Callable[..., Backend[T]]]
    requires: tuple[Slot[Any], ...] = ()
    # The feature a client asks for to get this output; None: always computed and shown (unless
    # the stage has no field, see above).
    feature: str | None = None
    # An input every backend can run on, so a worker pays first-call costs before its first job.
    warm_up: ArticleRequest = dataclasses.field(
        default_factory=lambda: ArticleRequest(
            text="Presiden Joko Widodo bertemu Menteri Luar Negeri di Jakarta pada Senin. "
            "Pertemuan itu berjalan baik, kata juru bicara istana."
        )
    )
    # Checks the output; raises StageError when the article cannot go on (one rule, one place).
    check: Callable[[T], None] | None = None
    # The options its built-in backends are constructed with, picked from the pipeline's settings
    # (a backend gets its own stage's options, nothing else). None: backends take no options.
    options: Callable[[PipelineSettings], Any] | None = None
    description: str = ""
