"""The Flask application factory."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from redis import Redis

from service import logs
from service.config import Settings
from service.pipeline import registry
from service.pipeline.stages.boilerplate import BoilerplateRemover
from service.queue.jobs import JobQueue


@dataclass
class Services:
    """What the views need, built once per process and kept on app.extensions."""

    settings: Settings
    jobs: JobQueue
    boilerplate: BoilerplateRemover
    api_keys: dict[str, str]  # secret -> client name


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    # Werkzeug refuses larger bodies before they are read or parsed.
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # Short timeouts: a Redis outage must turn into a quick 503, not a hung request.
    redis = Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=2)
    app.extensions["enrich"] = Services(
        settings=settings,
        jobs=JobQueue(redis, settings),
        # Boilerplate removal is cheap and model-free; running it while validating lets the API
        # refuse an article that is only boilerplate at once instead of failing a job later.
        boilerplate=registry.build_routes("boilerplate", settings).default,
        api_keys=settings.key_names(),  # no keys and auth required: refuse to start
    )

    from service.api import articles, auth, health, jobs, observability, playground, problems

    logs.configure()
    observability.init_app(app)  # first: every later hook and error log has the request id
    problems.init_app(app)
    auth.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(playground.bp)
    return app
