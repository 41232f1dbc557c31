"""API keys (Bearer), compared in constant time, and a per-key rate limit counted in Redis."""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, g, request

from service import errors
from service.api import services
from service.queue.ratelimit import Admission, Count

F = TypeVar("F", bound=Callable[..., Any])

# Probes and the contract stay open: load balancers and clients fetch them without a key.
PUBLIC_ENDPOINTS = {
    "health.healthz",
    "health.readyz",
    "health.openapi_json",
    "health.openapi_yaml",
    "health.metrics",
}
# The playground page and its files: the page sends the key a person pastes into it.
PUBLIC_ENDPOINTS |= {"playground.page", "playground.static"}
# The interactive docs and their files: the page asks for the key before it sends a request.
PUBLIC_ENDPOINTS |= {"docs.page", "docs.asset"}
# Endpoints whose request, with a valid key, is counted by the script that writes its job (one
# round trip to Redis instead of two; service.queue.submission): see counted_with_submission.
COUNTED_WITH_SUBMISSION = {"articles.submit_article"}


def client_name() -> str:
    """Who is calling; jobs belong to it. "" when auth is disabled (local development)."""
    return str(g.get("client", ""))


def _match(token: str, keys: dict[str, str]) -> str | None:
    found = None
    for secret, name in keys.items():  # compare against every key: timing says nothing
        if hmac.compare_digest(token.encode(), secret.encode()):
            found = name
    return found


def client_address() -> str:
    """The caller's address: the socket's peer, or the address the trusted proxies in front
    reported (ENRICH_PROXY_HOPS; werkzeug's ProxyFix, installed by create_app)."""
    return request.remote_addr or "unknown"


def authenticate() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return
    svc = services()
    if svc.settings.auth == "disabled":
        return
    challenge = {"WWW-Authenticate": 'Bearer realm="enrich"'}
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    bearer = scheme.lower() == "bearer" and bool(token.strip())
    name = _match(token.strip(), svc.api_keys) if bearer else None
    if (
        name is not None
        and request.endpoint in COUNTED_WITH_SUBMISSION
        and "Idempotency-Key" not in request.headers  # claimed in a transaction of its own
        and not svc.gate.counting_early(name)
    ):
        g.client = name
        g.uncounted = svc.gate.count(client_address(), name)
        return
    # One round trip: key guessing first (past the limit of failures, an address is refused
    # whatever key it sent, until the minute ends), then this request counted against its key,
    # or as one more failure of its address.
    admission = svc.gate.admit(client_address(), name)
    if admission.blocked:
        refuse(admission)
    if not bearer:
        raise errors.Unauthorized("send an API key as 'Authorization: Bearer <key>'", headers=challenge)
    if name is None:
        raise errors.Unauthorized("the API key is not valid", headers=challenge)
    g.client = name
    refuse(admission)


def refuse(admission: Admission) -> None:
    """429 when the gate refused the request, as authenticate() answers it."""
    svc = services()
    if admission.blocked:
        raise errors.RateLimited(
            f"more than {svc.settings.auth_failures_per_minute} failed authentications a minute "
            "from this address",
            headers={"Retry-After": str(admission.blocked)},
        )
    if admission.limited:
        raise errors.RateLimited(
            f"more than {svc.settings.rate_limit_per_minute} requests per minute for this key",
            headers={"Retry-After": str(admission.limited)},
        )


def uncounted() -> Count | None:
    """The request's count, left by authenticate() to the script that writes its job; the
    caller takes it over (and must make it, or put it back on an error)."""
    count: Count | None = g.pop("uncounted", None)
    return count


def counted_with_submission(view: F) -> F:
    """For the endpoints in COUNTED_WITH_SUBMISSION, whose count authenticate() left to the script
    that writes the job: a request that ends before it (a body that is invalid, too large, or too
    slow; a refused callback_url; a full Redis) is counted now, and answered 429 rather than its
    own error when the gate refuses it, as it was when the gate ran before the view. A key that
    passed half its limit in this minute is counted before its body is read again (Gate.counting_early):
    its refused requests do not cost a parse."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except Exception:
            count = uncounted()
            if count is not None:
                refuse(services().gate.admit_count(count))
            raise

    return wrapper  # type: ignore[return-value]


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def init_app(app: Flask) -> None:
    app.before_request(authenticate)

    @app.after_request
    def secure(response: Response) -> Response:
        # The names already set, read once: werkzeug's Headers.setdefault (and `in`) raise and
        # catch a KeyError for every header missing, which is all of them on most responses.
        present = {name.lower() for name, _ in response.headers}
        for header, value in SECURITY_HEADERS.items():
            if header.lower() not in present:
                response.headers.add(header, value)
        return response
