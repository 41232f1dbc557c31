"""One delivery attempt against real receivers on 127.0.0.1: the checked address is the one
connected to, redirects are answers, and one deadline bounds a receiver that trickles."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from service.webhooks.delivery import post
from tests.receiver import receiver
from tests.webhooks.test_addresses import fake_resolver

LOOPBACK = [ipaddress.ip_network("127.0.0.0/8")]
BODY = b'{"id":"job-1","status":"finished"}'


def test_posts_the_body_with_the_given_headers() -> None:
    with receiver() as hook:
        outcome = post(hook.url, BODY, {"Enrich-Signature": "t=1,v1=ab"}, allowed=LOOPBACK)
        (got,) = hook.wait_for(1)
    assert outcome.delivered and outcome.status_code == 200 and outcome.error is None
    assert got.body == BODY and got.path == "/hook"
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["Enrich-Signature"] == "t=1,v1=ab"
    assert got.headers["User-Agent"].startswith("enrich-webhooks/")


def test_connects_to_the_checked_address_under_the_urls_name() -> None:
    with receiver() as hook:
        port = hook.url.split(":")[2].split("/")[0]
        resolver = fake_resolver("127.0.0.1")
        outcome = post(f"http://hooks.test:{port}/hook", BODY, {}, allowed=LOOPBACK, resolver=resolver)
        (got,) = hook.wait_for(1)
    assert outcome.delivered
    assert got.headers["Host"] == f"hooks.test:{port}"  # the name is kept for Host (and TLS SNI)
    assert resolver.calls == ["hooks.test"]  # looked up once: no second answer to rebind to


def test_a_private_address_is_refused_before_connecting() -> None:
    with receiver() as hook:
        outcome = post(hook.url, BODY, {})  # loopback not allowed here
        time.sleep(0.2)
        assert hook.received == []
    assert outcome.permanent and not outcome.delivered
    assert outcome.error == "refused: 127.0.0.1 resolves to 127.0.0.1, a loopback address"


def test_redirects_are_never_followed() -> None:
    with receiver() as inside, receiver(statuses=[302], location=inside.url) as hook:
        outcome = post(hook.url, BODY, {}, allowed=LOOPBACK)
        hook.wait_for(1)
        time.sleep(0.2)
        assert inside.received == []
    assert outcome.status_code == 302 and not outcome.delivered and not outcome.permanent


def test_a_failing_receiver_is_a_retryable_failure() -> None:
    with receiver(statuses=[503]) as hook:
        outcome = post(hook.url, BODY, {}, allowed=LOOPBACK)
    assert (outcome.status_code, outcome.error, outcome.permanent) == (
        503,
        "the receiver answered 503",
        False,
    )
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    closed = post(f"http://127.0.0.1:{port}/", BODY, {}, allowed=LOOPBACK)
    assert closed.status_code is None and closed.error and closed.error.startswith("connection failed")


@pytest.fixture
def trickling_server() -> Iterator[str]:
    """Answers one byte of a status line every 0.2 s, for ever: each read is quick, the whole never ends."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
                if stop.wait(0.2):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    stop.set()
    server.close()


def test_one_deadline_bounds_a_trickling_receiver(trickling_server: str) -> None:
    started = time.monotonic()
    outcome = post(trickling_server, BODY, {}, allowed=LOOPBACK, timeout_s=1)
    assert time.monotonic() - started < 2.5
    assert outcome.status_code is None and outcome.error and "timed out" in outcome.error
