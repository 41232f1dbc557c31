"""Signatures the service makes, checked the way a receiver does (the client's verify_signature)."""

from __future__ import annotations

import pytest

from service.client.webhooks import InvalidSignature, verify_signature
from service.webhooks.signing import signature_header

SECRET, OLD_SECRET = "whsec-current-0123456789", "whsec-previous-0123456789"
BODY = b'{"id":"job-1","status":"finished"}'


def test_a_signed_body_verifies_and_gives_its_time() -> None:
    header = signature_header([SECRET], 1_700_000_000, BODY)
    assert header.startswith("t=1700000000,v1=") and len(header.split("v1=")[1]) == 64
    assert verify_signature(SECRET, header, BODY, now=1_700_000_010) == 1_700_000_000


def test_a_changed_body_wrong_secret_or_old_signature_is_refused() -> None:
    header = signature_header([SECRET], 1_700_000_000, BODY)
    with pytest.raises(InvalidSignature):
        verify_signature(SECRET, header, BODY.replace(b"finished", b"failed"), now=1_700_000_000)
    with pytest.raises(InvalidSignature):
        verify_signature("another-secret-0123456789", header, BODY, now=1_700_000_000)
    with pytest.raises(InvalidSignature, match="ago"):
        verify_signature(SECRET, header, BODY, now=1_700_000_000 + 301)
    with pytest.raises(InvalidSignature):
        verify_signature(SECRET, "v1=abc", BODY, now=1_700_000_000)


def test_the_timestamp_is_signed_too() -> None:
    header = signature_header([SECRET], 1_700_000_000, BODY)
    moved = header.replace("t=1700000000", "t=1700000100")
    with pytest.raises(InvalidSignature):
        verify_signature(SECRET, moved, BODY, now=1_700_000_100)


def test_two_secrets_sign_during_a_rotation() -> None:
    header = signature_header([OLD_SECRET, SECRET], 1_700_000_000, BODY)
    assert header.count("v1=") == 2
    for secret in (OLD_SECRET, SECRET):  # receivers on either secret accept it
        verify_signature(secret, header, BODY, now=1_700_000_000)
    with pytest.raises(ValueError):
        signature_header([], 1, BODY)
