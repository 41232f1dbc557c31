"""Renders every error as RFC 9457 problem+json; nothing else ever reaches the client."""

from __future__ import annotations

import logging

from flask import Flask, Response, json, request
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError, ReadOnlyError, WatchError
from redis.exceptions import TimeoutError as RedisTimeoutError
from werkzeug.exceptions import HTTPException

from service import errors

log = logging.getLogger("service.api")

RETRY_AFTER_S = 5
# A full Redis frees memory as results expire or an operator acts: minutes, not seconds.
FULL_RETRY_AFTER_S = 30


def render(error: errors.ApiError) -> Response:
    response = Response(
        json.dumps(error.to_problem(instance=request.path)),
        status=error.status,
        mimetype="application/problem+json",
    )
    response.headers.update(error.headers)
    return response


def from_http(exc: HTTPException) -> errors.ApiError:
    status = exc.code or 500
    if status == 413:
        limit = request.max_content_length
        return errors.PayloadTooLarge(
            f"request body exceeds the limit of {limit} bytes", headers={"X-Max-Request-Bytes": str(limit)}
        )
    if status == 404:
        return errors.NotFound(f"no resource at {request.path}")
    if status == 405:
        allowed = ", ".join(sorted(getattr(exc, "valid_methods", None) or []))
        return errors.MethodNotAllowed(
            f"{request.method} is not allowed on {request.path}; allowed: {allowed}",
            headers={"Allow": allowed},
        )
    generic = errors.ApiError(exc.description or exc.name)
    generic.status, generic.code, generic.title = status, exc.name.lower().replace(" ", "_"), exc.name
    return generic


def init_app(app: Flask) -> None:
    app.register_error_handler(errors.ApiError, render)
    app.register_error_handler(HTTPException, lambda exc: render(from_http(exc)))

    def redis_down(exc: Exception) -> Response:
        log.warning("redis unavailable: %s", exc)
        return render(
            errors.ServiceUnavailable(
                "the job store is unreachable; retry shortly", headers={"Retry-After": str(RETRY_AFTER_S)}
            )
        )

    app.register_error_handler(RedisConnectionError, redis_down)
    app.register_error_handler(RedisTimeoutError, redis_down)
    app.register_error_handler(ReadOnlyError, redis_down)  # a replica, mid-failover
    app.register_error_handler(WatchError, redis_down)  # contended past every retry

    def redis_full(exc: Exception) -> Response:
        # Nothing was half-written: every write that creates or changes a job is one MULTI/EXEC
        # or Lua script, refused whole.
        log.warning("redis refuses writes: %s", exc)
        return render(
            errors.JobStoreFull(
                "the job store is full and takes no new jobs; retry later",
                headers={"Retry-After": str(FULL_RETRY_AFTER_S)},
            )
        )

    app.register_error_handler(OutOfMemoryError, redis_full)

    def unexpected(exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render(errors.InternalError("an unexpected error occurred; it has been logged"))

    app.register_error_handler(Exception, unexpected)
