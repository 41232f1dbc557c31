"""API keys (Bearer), compared in constant time, and a per-key rate limit counted in Redis."""

from __future__ import annotations

import hmac

from flask import Flask, Response, g, request

from service import errors
from service.api import services

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
    # One round trip: key guessing first (past the limit of failures, an address is refused
    # whatever key it sent, until the minute ends), then this request counted against its key,
    # or as one more failure of its address.
    admission = svc.gate.admit(client_address(), name)
    if admission.blocked:
        raise errors.RateLimited(
            f"more than {svc.settings.auth_failures_per_minute} failed authentications a minute "
            "from this address",
            headers={"Retry-After": str(admission.blocked)},
        )
    if not bearer:
        raise errors.Unauthorized("send an API key as 'Authorization: Bearer <key>'", headers=challenge)
    if name is None:
        raise errors.Unauthorized("the API key is not valid", headers=challenge)
    g.client = name
    if admission.limited:
        raise errors.RateLimited(
            f"more than {svc.settings.rate_limit_per_minute} requests per minute for this key",
            headers={"Retry-After": str(admission.limited)},
        )


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
