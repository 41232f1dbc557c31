"""Checking a completion webhook's signature, for the receiving end.

    from service.client.webhooks import verify_signature
    verify_signature(secret, request.headers["Enrich-Signature"], request.get_data())  # raises

The header is `t=<unix time>,v1=<hex>[,v1=<hex>...]`: hex is HMAC-SHA256 over "<t>.<body>" with
the webhook secret the operator configured for your API key. Check the raw body, before parsing
it; deliveries are at least once, so use the `Enrich-Delivery` header to skip one seen before.
"""

from __future__ import annotations

import hashlib
import hmac
import time

# A delivery older than this is refused: a captured one cannot be replayed later.
DEFAULT_TOLERANCE_S = 300


class InvalidSignature(ValueError):
    """The body was not signed with this secret, or the signature is too old."""


def verify_signature(
    secret: str,
    header: str,
    body: bytes,
    *,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
    now: float | None = None,
) -> int:
    """Check `header` (Enrich-Signature) against the raw `body`; returns its timestamp."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        raise InvalidSignature("expected 't=<unix time>,v1=<hex signature>'")
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance_s:
        raise InvalidSignature(f"signed {now - timestamp:.0f} s ago, more than the {tolerance_s:g} s allowed")
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    # Compare with every signature given (one per secret during a rotation), in constant time.
    if not any(hmac.compare_digest(expected, given) for given in signatures):
        raise InvalidSignature("no signature matches the body with this secret")
    return timestamp
