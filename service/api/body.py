"""Request bodies: read within a deadline, and drained or the connection closed honestly.

- A client that trickles its body (slow-body attack, or a dying mobile link) gets 408 once
  `ENRICH_BODY_TIMEOUT_S` has passed since the request began, however steadily it sends, and its
  connection is closed: it holds a worker no longer than that.
- A body the application did not read (401, 413, 415, 429, ... answered before parsing) is read
  to its end before the answer is sent, within the same deadline and up to twice the body limit,
  so the connection stays usable and a client still sending sees the answer rather than a reset.
  Where that is not possible (larger still, or too slow), the request is marked to close the
  connection and the server says `Connection: close` (service.api.server applies the mark).
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from service import errors

CLOSE_CONNECTION = "enrich.close_connection"  # environ key read by service.api.server
CHUNK = 64 * 1024

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class BodyTimeout(errors.RequestTimeout):
    """Not an OSError: werkzeug would take that for a disconnect and answer 400."""


class DeadlineReader:
    """wsgi.input with a deadline for the whole body (each socket read gets the time left)."""

    def __init__(
        self, stream: BinaryIO, sock: socket.socket | None, deadline: float, timeout_s: float
    ) -> None:
        self.stream, self.sock, self.deadline, self.timeout_s = stream, sock, deadline, timeout_s
        self.eof = False

    def _bounded(self, reader: Callable[[int], bytes], size: int) -> bytes:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise self._timeout()
        try:
            with _deadline(remaining, self.sock):
                data = reader(size)
        except (TimeoutError, _DeadlinePassed):
            raise self._timeout() from None
        if not data or (size is not None and size < 0):
            self.eof = True
        return data

    def _timeout(self) -> BodyTimeout:
        return BodyTimeout(f"the request body did not arrive within {self.timeout_s:g} s")

    def read(self, size: int = -1) -> bytes:
        return self._bounded(self.stream.read, size)

    def readline(self, size: int = -1) -> bytes:
        return self._bounded(self.stream.readline, size)

    def drain(self, limit: int) -> bool:
        """Read and drop what is left, up to `limit` bytes, before the deadline. True if it ended."""
        read = 0
        try:
            while not self.eof and read <= limit:
                read += len(self.read(CHUNK))
        except BodyTimeout:
            return False
        return self.eof


class BodyGuard:
    """WSGI middleware applying the rules in this module's docstring."""

    def __init__(self, app: WsgiApp, timeout_s: float, max_bytes: int) -> None:
        self.app, self.timeout_s, self.max_bytes = app, timeout_s, max_bytes

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        length = _content_length(environ)
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not length and not chunked:
            return self.app(environ, start_response)
        sock = environ.get("gunicorn.socket")
        sock = sock if isinstance(sock, socket.socket) or hasattr(sock, "settimeout") else None
        prior = sock.gettimeout() if sock is not None else None
        reader = DeadlineReader(
            environ["wsgi.input"], sock, time.monotonic() + self.timeout_s, self.timeout_s
        )
        environ["wsgi.input"] = reader

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            # Up to twice the limit is read (a 413 for 1.1 MB must reach a client still sending
            # it); beyond, the connection is closed rather than read on.
            cap = 2 * self.max_bytes
            too_large = length is not None and length > cap
            if not reader.eof and (too_large or not reader.drain(cap)):
                environ[CLOSE_CONNECTION] = True
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, start)
        finally:
            if sock is not None:
                try:
                    sock.settimeout(prior)
                except OSError:
                    pass  # the client went away


class _DeadlinePassed(Exception):
    pass


def _deadline(seconds: float, sock: socket.socket | None) -> contextlib.AbstractContextManager[Any]:
    """Bounds one read of the body. Under gevent (gunicorn's worker here) a gevent.Timeout bounds
    the whole call: gunicorn's reader loops over many socket reads, so a socket timeout alone
    would let a client sending a byte a second go on for ever. Elsewhere, the socket timeout is
    the best there is."""
    from gevent import monkey

    if monkey.is_module_patched("socket"):
        import gevent

        timeout: contextlib.AbstractContextManager[Any] = gevent.Timeout(seconds, _DeadlinePassed())
        return timeout
    if sock is not None:
        sock.settimeout(seconds)
    return contextlib.nullcontext()


def _content_length(environ: dict[str, Any]) -> int | None:
    try:
        return max(0, int(environ.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return None
