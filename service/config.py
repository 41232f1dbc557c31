"""Every ENRICH_* knob in one place, typed, read once from the environment (12-factor)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

STAGES = ("boilerplate", "language", "entities", "sentiment", "summary")
FEATURES = ("language", "entities", "sentiment", "summary")  # "body" is always computed


class ConfigError(ValueError):
    """A setting is invalid; raised at start so a bad deployment never takes traffic."""


@dataclass(frozen=True)
class Settings:
    redis_url: str = "redis://127.0.0.1:6379/0"
    queue_name: str = "enrich"
    # Largest request body accepted, checked before parsing (413 above it).
    max_request_bytes: int = 1_000_000
    # How long results and failures stay readable; job ids are remembered longer so an
    # expired job answers 410 Gone rather than a puzzling 404.
    result_ttl_s: int = 24 * 3600
    failure_ttl_s: int = 7 * 24 * 3600
    tombstone_ttl_s: int = 30 * 24 * 3600
    job_timeout_s: int = 300
    max_wait_s: int = 30
    default_summary_sentences: int = 3
    # Backend name per stage; see service.pipeline.registry.BACKENDS for the choices.
    backends: dict[str, str] = field(
        default_factory=lambda: {
            "boilerplate": "builtin",
            "language": "builtin",
            "entities": "builtin",
            "sentiment": "builtin",
            "summary": "builtin",
        }
    )

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for f in fields(cls):
            key = f"ENRICH_{f.name.upper()}"
            if f.name == "backends" or key not in env:
                continue
            values[f.name] = _parse_int(key, env[key]) if f.type == "int" else env[key]
        settings = cls(**values)
        backends = {s: env.get(f"ENRICH_{s.upper()}_BACKEND", settings.backends[s]) for s in STAGES}
        return replace(settings, backends=backends, **overrides)


def _parse_int(key: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{key}={raw!r} is not an integer") from None
    if value <= 0:
        raise ConfigError(f"{key}={raw!r} must be positive")
    return value
