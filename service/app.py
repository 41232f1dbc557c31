"""The Flask application factory."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from redis import Redis

from service import logs
from service.api.spec import Api
from service.config import ApiSettings, Settings
from service.queue.jobs import JobQueue
from service.queue.keys import Keys
from service.queue.ratelimit import RateLimiter
from service.queue.reports import WorkerReports
from service.stories.store import StoryStore


@dataclass
class Services:
    """What the views need, built once per process and kept on app.extensions."""

    settings: ApiSettings
    jobs: JobQueue
    limiter: RateLimiter
    reports: WorkerReports
    stories: StoryStore
    api_keys: dict[str, str]  # secret -> client name
    api: Api  # the OpenAPI document's source


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    # Werkzeug refuses larger bodies before they are read or parsed.
    app.config["MAX_CONTENT_LENGTH"] = settings.api.max_request_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # Short timeouts: a Redis outage must turn into a quick 503, not a hung request.
    redis = Redis.from_url(settings.queue.redis_url, socket_timeout=5, socket_connect_timeout=2)
    keys = Keys(settings.queue.queue_name)

    from service.api import articles, auth, health, jobs, observability, playground, problems, spec, stories

    logs.configure()
    observability.init_app(app)  # first: every later hook and error log has the request id
    api = spec.init_app(app)
    problems.init_app(app)  # after the Api, whose own error handler it replaces
    app.extensions["enrich"] = Services(
        settings=settings.api,
        jobs=JobQueue(redis, settings.queue),
        limiter=RateLimiter(redis, keys, settings.api.rate_limit_per_minute),
        reports=WorkerReports(redis, keys),
        stories=StoryStore(redis, keys),
        api_keys=settings.api.key_names(),  # no keys and auth required: refuse to start
        api=api,
    )
    auth.init_app(app)
    for blueprint in (health.bp, articles.bp, jobs.bp, stories.bp, playground.bp):
        api.register_blueprint(blueprint)
    return app
