"""An httpx transport that connects only to addresses checked beforehand and gives the whole
exchange one deadline.

Connecting to the checked address (not to the URL's host name, looked up again by the HTTP
library) closes DNS rebinding: a name that answered a public address for the check cannot answer
127.0.0.1 for the connection. The URL keeps its host name, so the Host header, TLS SNI and
certificate checks are the name's. httpx's own timeouts bound each read; a receiver trickling a
byte at a time could still hold a worker's delivery thread for ever, so every read and write
here gets what is left of one deadline instead.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import httpcore
import httpx


class PinnedTransport(httpx.BaseTransport):
    """One connection, to the first of `addresses` that answers, within `timeout_s` all told."""

    def __init__(self, addresses: Sequence[str], timeout_s: float) -> None:
        backend = _PinnedBackend(addresses, deadline=time.monotonic() + timeout_s)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=1,
            retries=0,
            network_backend=backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = self._pool.handle_request(core_request)
        except httpcore.TimeoutException as exc:
            raise httpx.TimeoutException(str(exc) or type(exc).__name__, request=request) from exc
        except (httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise httpx.TransportError(f"{type(exc).__name__}: {exc}") from exc
        assert isinstance(response.stream, Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise httpx.TransportError(f"{type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class _Deadline:
    def __init__(self, deadline: float) -> None:
        self.deadline = deadline

    def left(self, timeout: float | None, error: type[Exception]) -> float:
        """The timeout for one operation: what it asked for, at most what is left."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise error("the webhook's time ran out")
        return remaining if timeout is None else min(timeout, remaining)


class _PinnedBackend(httpcore.NetworkBackend):
    def __init__(self, addresses: Sequence[str], deadline: float) -> None:
        self.addresses = list(addresses)
        self.deadline = _Deadline(deadline)
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        # `host` is the URL's name: ignored on purpose, the checked addresses are connected to.
        failure: Exception = httpcore.ConnectError(f"no checked address for {host}")
        for address in self.addresses:
            try:
                stream = self._backend.connect_tcp(
                    address,
                    port,
                    timeout=self.deadline.left(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream, self.deadline)
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("webhooks go over TCP only")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._stream, self._deadline = stream, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        stream = self._stream.start_tls(
            ssl_context, server_hostname, self._deadline.left(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)
