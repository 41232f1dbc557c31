"""One delivery attempt: check where the URL leads, sign the body, POST it once, say how it went."""

from __future__ import annotations

import socket
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx

from service.webhooks.addresses import AddressRefused, Network, Resolver, resolve
from service.webhooks.transport import PinnedTransport

USER_AGENT = "enrich-webhooks/1"


@dataclass(frozen=True)
class Outcome:
    status_code: int | None  # the receiver's answer; None when there was none
    error: str | None  # why it failed, in words; None when delivered
    duration_ms: float
    permanent: bool = False  # retrying cannot help (the address is refused)

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    allowed: Sequence[Network] = (),
    timeout_s: float = 5.0,
    resolver: Resolver = socket.getaddrinfo,
) -> Outcome:
    """POST `body` to `url` once; redirects are answers, never followed."""
    started = time.monotonic()

    def outcome(status: int | None, error: str | None, permanent: bool = False) -> Outcome:
        return Outcome(status, error, round((time.monotonic() - started) * 1000, 1), permanent)

    try:
        target = httpx.URL(url)
    except httpx.InvalidURL as exc:
        return outcome(None, f"not a valid URL: {exc}", permanent=True)
    if target.scheme not in ("http", "https") or not target.host:
        return outcome(None, "not an http(s) URL with a host", permanent=True)
    try:
        port = target.port or (443 if target.scheme == "https" else 80)
        addresses = resolve(target.raw_host.decode("ascii"), port, allowed, resolver)
    except AddressRefused as exc:
        return outcome(None, f"refused: {exc}", permanent=True)
    except (OSError, UnicodeError, ValueError) as exc:  # a name that does not resolve (now)
        return outcome(None, f"could not resolve the host: {exc}")
    request_headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers}
    try:
        with httpx.Client(
            transport=PinnedTransport(addresses, timeout_s),
            timeout=timeout_s,
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: it would connect where we did not check
        ) as client:
            request = client.build_request("POST", target, content=body, headers=request_headers)
            response = client.send(request, stream=True)
            response.close()  # the status is the answer; a large or endless body is not read
    except httpx.TimeoutException as exc:
        return outcome(None, f"timed out after {timeout_s:g} s: {exc}")
    except httpx.HTTPError as exc:
        return outcome(None, f"connection failed: {exc}")
    if 200 <= response.status_code < 300:
        return outcome(response.status_code, None)
    return outcome(response.status_code, f"the receiver answered {response.status_code}")
