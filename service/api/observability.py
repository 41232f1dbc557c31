"""Request ids, access metrics, and a log line per refused or failed request."""

from __future__ import annotations

import functools
import logging
import re
import time
import uuid

from flask import Flask, Response, g, request
from prometheus_client import Counter, Histogram

from service.metrics import LATENCY, REQUESTS

log = logging.getLogger("service.api")

# Metric labels take bounded values: a method outside these is counted as "other" (a client
# sending random methods must not grow /metrics without bound).
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

# A client's own id is kept when it is safe to log and echo.
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


# Each label set's child, looked up once: prometheus_client's labels() validates, takes a lock
# and builds a key on every call. Bounded: routes are the app's rules, methods METHODS or
# "other", statuses the few the app answers with.
@functools.cache
def _requests(route: str, method: str, status: int) -> Counter:
    return REQUESTS.labels(route, method, str(status))


@functools.cache
def _latency(route: str, method: str) -> Histogram:
    return LATENCY.labels(route, method)


def request_id() -> str:
    return g.get("request_id") or ""


def init_app(app: Flask) -> None:
    @app.before_request
    def start() -> None:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if _CLIENT_ID.match(given) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        route = request.url_rule.rule if request.url_rule else "unmatched"
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        method = request.method if request.method in METHODS else "other"
        _requests(route, method, response.status_code).inc()
        _latency(route, method).observe(elapsed)
        # gunicorn's access log already has a line for every request (method, path, status,
        # duration, request id); this one adds the route, and is worth its ~40 µs per request
        # (issue 12) only for a refused or failed request, or when debugging.
        level = logging.INFO if response.status_code >= 400 else logging.DEBUG
        if not log.isEnabledFor(level):
            return response
        log.log(
            level,
            "request",
            extra={"method": method, "route": route, "status": response.status_code,
                   "duration_ms": round(elapsed * 1000, 2)},
        )  # fmt: skip
        return response
