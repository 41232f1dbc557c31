"""The Flask application factory."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from flask import Flask
from redis.exceptions import RedisError
from werkzeug.middleware.proxy_fix import ProxyFix

from service import logs
from service.api.body import BodyGuard
from service.api.spec import Api
from service.config import ApiSettings, Settings, WebhookSettings
from service.queue import redisconn
from service.queue.batches import BatchStore
from service.queue.events import WaitSlots
from service.queue.jobs import JobQueue
from service.queue.keys import Keys
from service.queue.ratelimit import Gate
from service.queue.reports import WorkerReports
from service.queue.webhooks import DeliveryStore
from service.stories.store import StoryStore


@dataclass
class Services:
    """What the views need, built once per process and kept on app.extensions."""

    settings: ApiSettings
    jobs: JobQueue
    gate: Gate  # failed authentications per address and requests per key, counted in Redis
    waiters: WaitSlots  # this process's `?wait` requests
    reports: WorkerReports
    stories: StoryStore
    api_keys: dict[str, str]  # secret -> client name
    api: Api  # the OpenAPI document's source
    batches: BatchStore
    deliveries: DeliveryStore  # webhook deliveries: the API schedules and reads them, workers send them
    webhooks: WebhookSettings


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__, static_folder=None)  # pages serve their own files (playground, docs)
    # Werkzeug refuses larger bodies before they are read or parsed.
    app.config["MAX_CONTENT_LENGTH"] = settings.api.max_request_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # Short timeouts: a Redis outage must turn into a quick 503, not a hung request.
    redis = redisconn.connect(settings.queue.redis_url, socket_timeout=5, socket_connect_timeout=2)
    keys = Keys(settings.queue.queue_name)

    from service.api import (
        articles,
        auth,
        batches,
        deliveries,
        docs,
        health,
        jobs,
        observability,
        playground,
        problems,
        spec,
        stories,
    )

    logs.configure()
    observability.init_app(app)  # first: every later hook and error log has the request id
    api = spec.init_app(app)
    problems.init_app(app)  # after the Api, whose own error handler it replaces
    jobs_queue = JobQueue(redis, settings.queue)
    with contextlib.suppress(RedisError):  # remember the job store's epoch, to notice its loss
        jobs_queue.store.epoch()
    app.extensions["enrich"] = Services(
        settings=settings.api,
        jobs=jobs_queue,
        gate=Gate(redis, keys, settings.api.rate_limit_per_minute, settings.api.auth_failures_per_minute),
        waiters=WaitSlots(settings.api.max_waiters, settings.api.max_waiters_per_key),
        reports=WorkerReports(redis, keys),
        stories=StoryStore(redis, keys),
        api_keys=settings.api.key_names(),  # no keys and auth required: refuse to start
        api=api,
        batches=BatchStore(redis, keys, settings.queue),
        deliveries=DeliveryStore(redis, keys),
        webhooks=settings.webhooks,
    )
    auth.init_app(app)
    for blueprint in (
        health.bp,
        articles.bp,
        jobs.bp,
        stories.bp,
        batches.bp,
        deliveries.bp,
        playground.bp,
        docs.bp,
    ):
        api.register_blueprint(blueprint)
    # Outermost first: the client's address from trusted proxies, then the body's deadline.
    app.wsgi_app = BodyGuard(app.wsgi_app, settings.api.body_timeout_s, settings.api.max_request_bytes)  # type: ignore[method-assign]
    if settings.api.proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.api.proxy_hops)  # type: ignore[method-assign]
    return app
