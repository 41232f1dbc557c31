"""Every ENRICH_* knob, typed, read once from the environment (12-factor), grouped by consumer.

Each group is handed only to what uses it: the API gets `ApiSettings`, the queue and workers
`QueueSettings`, gunicorn `WebSettings`, and each pipeline backend its own stage's options. A field
`name` is read from `ENRICH_<NAME>`; per-stage options from `ENRICH_<STAGE>_BACKEND` and
`ENRICH_<STAGE>_MODEL`. `variables()` lists every variable there is (the README's table is checked
against it).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


class ConfigError(ValueError):
    """A setting is invalid; raised at start so a bad deployment never takes traffic."""


# A field that is handed to its consumer from another group, not read from a variable of its own.
_NOT_A_VARIABLE = {"variable": False}


@dataclass(frozen=True)
class ApiSettings:
    # Largest request body accepted, checked before parsing (413 above it).
    max_request_bytes: int = 1_000_000
    max_wait_s: int = 30  # longest `?wait=` a client may ask for
    # API keys: "name:secret,name2:secret2" (from a Secret). Required unless auth is "disabled",
    # which is meant for local development only.
    auth: str = "required"
    api_keys: str = field(default="", repr=False)
    rate_limit_per_minute: int = 600  # per API key, across all API replicas (counted in Redis)
    # POST /v1/batches: at most this many articles, in a body of at most this many bytes (each
    # article on its own still at most max_request_bytes). 100 articles of a 100 KB HTML page each.
    max_batch_items: int = 100
    max_batch_bytes: int = 10_000_000
    # Failed authentications per client address and minute before it gets 429 (key guessing).
    auth_failures_per_minute: int = 30
    # Proxies in front that append the client's address to X-Forwarded-For (the k8s nginx
    # sidecar: 1; add one per load balancer before it). 0: the socket's peer is the client.
    proxy_hops: int = 0
    # The whole request body must arrive within this; a client trickling it gets 408 and the
    # connection is closed (slow-body attacks hold no worker for longer).
    body_timeout_s: int = 10
    # JSON nested deeper is refused before it is parsed (Python's parser recurses; an article
    # request is 2 levels deep).
    max_json_depth: int = 20
    # A request with more validation errors gets the first ones and a count of the rest.
    max_validation_errors: int = 20
    # Concurrent `?wait` requests per API process, and per API key within it; a wait beyond
    # either is answered at once with the job as it is (its client polls again).
    max_waiters: int = 500
    max_waiters_per_key: int = 250

    def __post_init__(self) -> None:
        _choose("ENRICH_AUTH", self.auth, ("required", "disabled"))

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


@dataclass(frozen=True)
class QueueSettings:
    # May carry a password: kept out of repr (and so out of logs).
    redis_url: str = field(default="redis://127.0.0.1:6379/0", repr=False)
    queue_name: str = "enrich"
    # How long results and failures stay readable; job ids are remembered longer so an
    # expired job answers 410 Gone rather than a puzzling 404.
    result_ttl_s: int = 24 * 3600
    failure_ttl_s: int = 7 * 24 * 3600
    tombstone_ttl_s: int = 30 * 24 * 3600
    job_timeout_s: int = 300
    retries: int = 2  # extra attempts for a job that fails, with backoff
    retry_backoff_s: str = "5,30"  # seconds before each retry
    # POST /v1/jobs/{id}/retry queues a failed job again at most once in this window, so that many
    # retries sent at once run it once, even when that run fails before the last of them arrives.
    retry_window_s: int = 10
    # A worker that has not said it is alive for this long is dead and its job is queued again
    # at once. Short enough to retry a killed worker's job within 30 s; a paused worker that comes
    # back later finds its attempt fenced off and its late result discarded.
    worker_alive_ttl_s: int = 12
    # Workers lower their CPU priority by this much (nice), so that where they share CPUs with the
    # API (scripts/run.sh, one machine) probes and requests are answered before enrichment runs.
    worker_nice: int = 10

    def __post_init__(self) -> None:
        self.backoff()  # validate now, at start

    def backoff(self) -> list[int]:
        try:
            return [int(part) for part in self.retry_backoff_s.split(",") if part.strip()]
        except ValueError:
            raise ConfigError(
                f"ENRICH_RETRY_BACKOFF_S={self.retry_backoff_s!r}: comma-separated seconds"
            ) from None


@dataclass(frozen=True)
class WebhookSettings:
    """Completion webhooks: who signs with what, where they may go, and how hard workers try."""

    # "name:secret,..." per API key name ("*": any key without its own, e.g. with auth disabled).
    # A name listed twice signs with both secrets (rotation). Kept out of repr and logs.
    webhook_secrets: str = field(default="", repr=False)
    # Non-public networks webhooks may reach anyway ("10.1.2.0/24,127.0.0.0/8"); by default only
    # public addresses are, so a webhook cannot reach into the operator's own network.
    webhook_allow_networks: str = ""
    webhook_timeout_s: int = 5  # one attempt, connect to response headers, all told
    # Retries wait webhook_backoff_s, doubling up to webhook_backoff_max_s, for webhook_retry_for_s
    # after the first attempt: about 33 attempts in a day with the defaults.
    webhook_backoff_s: int = 10
    webhook_backoff_max_s: int = 3600
    webhook_retry_for_s: int = 24 * 3600

    def __post_init__(self) -> None:
        self.secrets()  # validate now, at start
        self.allowed_networks()
        if self.webhook_timeout_s < 1 or self.webhook_backoff_s < 1:
            raise ConfigError("ENRICH_WEBHOOK_TIMEOUT_S and ENRICH_WEBHOOK_BACKOFF_S must be at least 1")

    def secrets(self) -> dict[str, list[str]]:
        """ENRICH_WEBHOOK_SECRETS parsed into {API key name: [secret, ...]}."""
        table: dict[str, list[str]] = {}
        for part in filter(None, (p.strip() for p in self.webhook_secrets.split(","))):
            name, sep, secret = part.partition(":")
            if not sep or not name or len(secret) < 16:
                raise ConfigError(
                    "ENRICH_WEBHOOK_SECRETS: expected 'name:secret,...' with secrets of 16+ characters"
                )
            table.setdefault(name, []).append(secret)
        return table

    def secrets_for(self, owner: str) -> list[str]:
        """The secrets that sign webhooks for an API key name (empty: none configured)."""
        table = self.secrets()
        return table.get(owner) or table.get("*") or []

    def allowed_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        try:
            return [
                ipaddress.ip_network(part.strip(), strict=False)
                for part in self.webhook_allow_networks.split(",")
                if part.strip()
            ]
        except ValueError:
            raise ConfigError(
                f"ENRICH_WEBHOOK_ALLOW_NETWORKS={self.webhook_allow_networks!r}: comma-separated CIDRs"
            ) from None


@dataclass(frozen=True)
class WebSettings:
    """gunicorn's settings (gunicorn.conf.py reads them from here)."""

    bind: str = "0.0.0.0:8000"
    web_workers: int = 2
    # gevent: each connection is a greenlet, so `?wait` requests and slow clients hold no
    # thread; this caps the connections one process serves at once (the rest wait in the
    # listen backlog).
    web_connections: int = 1000
    # Idle keep-alive, and the time a client has to send a request's line and headers
    # (slowloris connections are closed after it).
    web_keepalive_s: int = 5
    # Above the longest `?wait` (30 s) so a waiting request is never killed as hung.
    web_timeout_s: int = 60
    # On SIGTERM, in-flight requests get this long to finish (k8s grace period must exceed it).
    web_graceful_timeout_s: int = 35
    access_log: str = "-"  # where gunicorn writes its access log ("-": stdout)


@dataclass(frozen=True)
class TransformersOptions:
    """What a transformers backend needs to run its local model on CPU."""

    torch_threads: int = 2
    quantize: str = "none"  # "int8": dynamic int8 quantisation of Linear layers on CPU
    # Token-classification windows: long articles are cut into overlapping windows of this many
    # tokens so no entity is lost at a window edge.
    window_tokens: int = 512
    window_stride: int = 128
    batch_size: int = 8

    def __post_init__(self) -> None:
        _choose("ENRICH_QUANTIZE", self.quantize, ("none", "int8"))


@dataclass(frozen=True)
class StageOptions:
    """One stage's configuration: ENRICH_<STAGE>_BACKEND and ENRICH_<STAGE>_MODEL."""

    stage: str
    backend: str = "builtin"
    # Local transformers model directories: "/models/ner" or, routed by detected language,
    # "id=/models/ner-id,en=/models/ner-en,*=/models/ner-multi". Empty: no model.
    model: str = ""

    def model_routes(self) -> dict[str, str]:
        """The model setting parsed into {language code or "*": model directory}."""
        raw = self.model.strip()
        if not raw:
            return {}
        if "=" not in raw:
            return {"*": raw}
        routes = {}
        for part in filter(None, (p.strip() for p in raw.split(","))):
            language, sep, path = (x.strip() for x in part.partition("="))
            if not sep or not path or not (language == "*" or len(language) == 2):
                raise ConfigError(
                    f"ENRICH_{self.stage.upper()}_MODEL: {part!r} is not 'xx=/path' (ISO 639-1 code or '*')"
                )
            routes[language] = path
        return routes


@dataclass(frozen=True)
class StoryOptions:
    """The story stage's options: how far back an article is compared with others, and the Redis
    its shared index lives in. That is the queue's Redis, under the queue's key prefix: those two
    are the queue's variables, copied here so the story backend needs nothing else."""

    story_window_days: int = 7  # older articles are not compared, and their signatures expire
    redis_url: str = field(default=QueueSettings.redis_url, repr=False, metadata=_NOT_A_VARIABLE)
    queue_name: str = field(default=QueueSettings.queue_name, metadata=_NOT_A_VARIABLE)

    def __post_init__(self) -> None:
        if self.story_window_days < 1:
            raise ConfigError(f"ENRICH_STORY_WINDOW_DAYS={self.story_window_days}: at least 1 day")

    @property
    def window_s(self) -> int:
        return self.story_window_days * 86400


@dataclass(frozen=True)
class PipelineSettings:
    transformers: TransformersOptions = field(default_factory=TransformersOptions)
    story: StoryOptions = field(default_factory=StoryOptions)
    # Only stages configured in the environment are here; the rest use their defaults.
    stage_options: Mapping[str, StageOptions] = field(default_factory=dict)

    def stage(self, name: str) -> StageOptions:
        return self.stage_options.get(name) or StageOptions(stage=name)


@dataclass(frozen=True)
class Settings:
    api: ApiSettings = field(default_factory=ApiSettings)
    queue: QueueSettings = field(default_factory=QueueSettings)
    web: WebSettings = field(default_factory=WebSettings)
    webhooks: WebhookSettings = field(default_factory=WebhookSettings)
    pipeline: PipelineSettings = field(default_factory=PipelineSettings)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read every group from `env` (default: os.environ). `overrides` name fields of any group
        by their own name (`redis_url=...`, `auth=...`), as tests and scripts find handy."""
        env = dict(os.environ if env is None else env)
        groups: dict[str, Any] = {}
        unknown = set(overrides)
        for group in _GROUPS:
            values = {}
            for f in _variable_fields(group):
                key = _env_name(f.name)
                if f.name in overrides:
                    values[f.name] = overrides[f.name]
                    unknown.discard(f.name)
                elif key in env:
                    values[f.name] = _parse_int(key, env[key]) if f.type == "int" else env[key]
            groups[group.__name__] = group(**values)
        if unknown:
            raise TypeError(f"unknown settings {sorted(unknown)}")
        stages = _stage_options(env)
        queue: QueueSettings = groups["QueueSettings"]
        story = dataclasses.replace(
            groups["StoryOptions"], redis_url=queue.redis_url, queue_name=queue.queue_name
        )
        return cls(
            api=groups["ApiSettings"],
            queue=queue,
            web=groups["WebSettings"],
            webhooks=groups["WebhookSettings"],
            pipeline=PipelineSettings(
                transformers=groups["TransformersOptions"], story=story, stage_options=stages
            ),
        )


_GROUPS: tuple[type[Any], ...] = (
    ApiSettings,
    QueueSettings,
    WebhookSettings,
    WebSettings,
    TransformersOptions,
    StoryOptions,
)
_STAGE_VARIABLE = re.compile(r"^ENRICH_([A-Z][A-Z0-9_]*?)_(BACKEND|MODEL)$")
# Per-stage variables, written with the stage's name in capitals.
STAGE_VARIABLES = ("ENRICH_<STAGE>_BACKEND", "ENRICH_<STAGE>_MODEL")


def _variable_fields(group: type[Any]) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(group) if f.metadata.get("variable", True)]


def _env_name(field_name: str) -> str:
    return f"ENRICH_{field_name.upper()}"


def _stage_options(env: Mapping[str, str]) -> dict[str, StageOptions]:
    """Options of every stage named in the environment. Whether such a stage exists is checked
    when the pipeline is built, against the registered stages, so a typo fails the worker's start."""
    found: dict[str, dict[str, str]] = {}
    for key, value in env.items():
        match = _STAGE_VARIABLE.match(key)
        if match and value.strip():
            found.setdefault(match.group(1).lower(), {})[match.group(2).lower()] = value.strip()
    return {stage: StageOptions(stage=stage, **values) for stage, values in found.items()}


def variables() -> Iterator[str]:
    """Every environment variable the service reads, per-stage ones in their generic form."""
    for group in _GROUPS:
        for f in _variable_fields(group):
            yield _env_name(f.name)
    yield from STAGE_VARIABLES


def _choose(key: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"{key}={value!r}: choose one of {', '.join(map(repr, choices))}")


def _parse_int(key: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{key}={raw!r} is not an integer") from None
    if value < 0:
        raise ConfigError(f"{key}={raw!r} must not be negative")
    return value
