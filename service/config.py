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

    # API keys: "name:secret,name2:secret2" (from a Secret). Required unless auth is "disabled",
    # which is meant for local development only.
    auth: str = "required"
    api_keys: str = ""
    rate_limit_per_minute: int = 600  # per API key, across all API replicas (counted in Redis)
    retries: int = 2  # extra attempts for a job that fails, with backoff
    retry_backoff_s: str = "5,30"  # seconds before each retry

    # Local transformers model directories per stage: "/models/ner" or, routed by detected
    # language, "id=/models/ner-id,en=/models/ner-en,*=/models/ner-multi". Empty: built-in only.
    models: dict[str, str] = field(default_factory=dict)
    torch_threads: int = 2
    quantize: str = "none"  # "int8": dynamic int8 quantisation of Linear layers on CPU
    # Token-classification windows: long articles are cut into overlapping windows of this many
    # tokens so no entity is lost at a window edge.
    window_tokens: int = 512
    window_stride: int = 128
    batch_size: int = 8

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for f in fields(cls):
            key = f"ENRICH_{f.name.upper()}"
            if f.name in ("backends", "models") or key not in env:
                continue
            values[f.name] = _parse_int(key, env[key]) if f.type == "int" else env[key]
        settings = cls(**values)
        backends = {s: env.get(f"ENRICH_{s.upper()}_BACKEND", settings.backends[s]) for s in STAGES}
        models = {s: env[f"ENRICH_{s.upper()}_MODEL"] for s in STAGES if env.get(f"ENRICH_{s.upper()}_MODEL")}
        if values.get("quantize", "none") not in ("none", "int8"):
            raise ConfigError(f"ENRICH_QUANTIZE={values['quantize']!r}: choose 'none' or 'int8'")
        if values.get("auth", "required") not in ("required", "disabled"):
            raise ConfigError(f"ENRICH_AUTH={values['auth']!r}: choose 'required' or 'disabled'")
        settings = replace(settings, backends=backends, models=models, **overrides)
        settings.backoff()  # validate now, at start
        return settings

    def key_names(self) -> dict[str, str]:
        """ENRICH_API_KEYS parsed into {secret: client name}."""
        table: dict[str, str] = {}
        for part in filter(None, (p.strip() for p in self.api_keys.split(","))):
            name, sep, secret = part.partition(":")
            if not sep or not name or len(secret) < 8:
                raise ConfigError("ENRICH_API_KEYS: expected 'name:secret,...' with secrets of 8+ characters")
            table[secret] = name
        if self.auth == "required" and not table:
            raise ConfigError(
                "ENRICH_API_KEYS is empty: set keys, or ENRICH_AUTH=disabled for local development"
            )
        return table

    def backoff(self) -> list[int]:
        try:
            return [int(part) for part in self.retry_backoff_s.split(",") if part.strip()]
        except ValueError:
            raise ConfigError(
                f"ENRICH_RETRY_BACKOFF_S={self.retry_backoff_s!r}: comma-separated seconds"
            ) from None

    def model_routes(self, stage: str) -> dict[str, str]:
        """ENRICH_<STAGE>_MODEL parsed into {language code or "*": model directory}."""
        raw = self.models.get(stage, "").strip()
        if not raw:
            return {}
        if "=" not in raw:
            return {"*": raw}
        routes = {}
        for part in filter(None, (p.strip() for p in raw.split(","))):
            language, sep, path = part.partition("=")
            if not sep or not path.strip() or not (language.strip() == "*" or len(language.strip()) == 2):
                raise ConfigError(
                    f"ENRICH_{stage.upper()}_MODEL: {part!r} is not 'xx=/path' (ISO 639-1 code or '*')"
                )
            routes[language.strip()] = path.strip()
        return routes


def _parse_int(key: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{key}={raw!r} is not an integer") from None
    if value < 0:
        raise ConfigError(f"{key}={raw!r} must not be negative")
    return value
