"""Webhook signatures in the style of Stripe's: `Enrich-Signature: t=<unix time>,v1=<hex>`, where
hex is HMAC-SHA256 over "<t>.<body>" with the API key's webhook secret. Signing the time with the
body lets a receiver refuse an old delivery replayed at it; several v1 values (one per secret)
let an operator rotate a secret without a window where receivers refuse deliveries.

Receivers check it with service.client.webhooks.verify_signature (or a few lines of their own).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

HEADER = "Enrich-Signature"
SCHEME = "v1"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secrets: Sequence[str], timestamp: int, body: bytes) -> str:
    """The header's value: the time, then one signature per secret."""
    if not secrets:
        raise ValueError("no webhook secret to sign with")
    return ",".join([f"t={timestamp}", *(f"{SCHEME}={signature(s, timestamp, body)}" for s in secrets)])
