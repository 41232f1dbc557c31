"""Hostile clients, shared by tests/e2e/test_hostile_*.py (short) and bench/chaos.py (long):
slowloris and slow-body sockets, raw requests, timed calls, process trees. Everything talks to
127.0.0.x only and is bounded in time."""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import multiprocessing
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def address(base_url: str) -> tuple[str, int]:
    parts = urlsplit(base_url)
    return parts.hostname or "127.0.0.1", parts.port or 80


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    base_url: str,
    method: str,
    path: str,
    body: object = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
    source: str | None = None,
) -> Reply:
    """One request on a fresh connection (from `source`, another loopback address, if given)."""
    host, port = address(base_url)
    conn = http.client.HTTPConnection(
        host, port, timeout=timeout, source_address=(source, 0) if source else None
    )
    sent = dict(headers or {})
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    if data is not None:
        sent.setdefault("Content-Type", "application/json")
    if token:
        sent["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    try:
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        payload = response.read()
        return Reply(response.status, dict(response.getheaders()), payload, time.perf_counter() - started)
    finally:
        conn.close()


def p99(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)]


@dataclass
class Slow:
    """Sockets held open by clients that send slowly; `trickle` keeps them sending a byte a second."""

    sockets: list[socket.socket] = field(default_factory=list)
    closed_by_server: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def trickle(self, byte: bytes) -> None:
        def run() -> None:
            while not self._stop.wait(1.0):
                for sock in list(self.sockets):
                    try:
                        sock.sendall(byte)
                    except OSError:
                        self.sockets.remove(sock)
                        self.closed_by_server += 1

        threading.Thread(target=run, daemon=True).start()

    def count_closed(self) -> int:
        """How many of the sockets the server has answered or closed (a probe looks at each)."""
        closed = self.closed_by_server
        for sock in self.sockets:
            try:
                sock.settimeout(0.2)
                closed += sock.recv(1, socket.MSG_PEEK) is not None
            except TimeoutError:
                pass  # still open, nothing sent
            except OSError:
                closed += 1
        return closed

    def close(self) -> None:
        self._stop.set()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()


def slowloris(base_url: str, count: int) -> Slow:
    """`count` connections that send a request line and then headers one byte a second."""
    slow = Slow()
    for _ in range(count):
        sock = socket.create_connection(address(base_url), timeout=5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        slow.sockets.append(sock)
    slow.trickle(b"a")
    return slow


def slow_bodies(base_url: str, count: int, token: str) -> Slow:
    """`count` POSTs announcing a 100 KB body and sending it one byte a second."""
    slow = Slow()
    head = (
        "POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nContent-Length: 100000\r\n\r\n"
    ).encode()
    for _ in range(count):
        sock = socket.create_connection(address(base_url), timeout=5)
        sock.sendall(head + b'{"text": "')
        slow.sockets.append(sock)
    slow.trickle(b"a")
    return slow


def read_reply(sock: socket.socket, timeout: float) -> bytes:
    """What the server sent on a raw socket until it closed it (or `timeout` passed)."""
    sock.settimeout(timeout)
    chunks = []
    with contextlib.suppress(OSError):
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run work(0..count-1) on `count` threads at once; results in order (exceptions included)."""
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001  # reported to the caller as a result
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


@contextlib.contextmanager
def probing(
    base_url: str, paths: list[tuple[str, str]], token: str, every_s: float = 0.05
) -> Iterator[dict[str, list[float]]]:
    """Meanwhile, call each (method, path) in a loop and collect latencies (or inf on failure)."""
    seen: dict[str, list[float]] = {f"{m} {p}": [] for m, p in paths}
    stop = threading.Event()

    def loop(method: str, path: str) -> None:
        body = (
            {"text": "Presiden Joko Widodo berkunjung ke Surabaya pada Senin pagi."}
            if method == "POST"
            else None
        )
        while not stop.is_set():
            try:
                reply = call(base_url, method, path, body, token=token, timeout=10)
                ok = reply.status < 500
                seen[f"{method} {path}"].append(reply.seconds if ok else math.inf)
            except OSError:
                seen[f"{method} {path}"].append(math.inf)
            stop.wait(every_s)

    threads = [threading.Thread(target=loop, args=pair, daemon=True) for pair in paths]
    for thread in threads:
        thread.start()
    try:
        yield seen
    finally:
        stop.set()
        for thread in threads:
            thread.join(15)


@contextlib.contextmanager
def probing_apart(
    base_url: str, paths: list[tuple[str, str]], token: str, every_s: float = 0.05
) -> Iterator[dict[str, list[float]]]:
    """`probing` in a child process, so that the latencies it measures are the server's, not the
    wait for this process's GIL among the many client threads a probe runs here."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    stop = context.Event()

    def child() -> None:
        with probing(base_url, paths, token, every_s) as seen:
            stop.wait(600)
        results.put(seen)

    process = context.Process(target=child, daemon=True)
    process.start()
    collected: dict[str, list[float]] = {}
    try:
        yield collected
    finally:
        stop.set()
        collected.update(results.get(timeout=60))
        process.join(10)


def children(pid: int) -> list[int]:
    """Direct children of a process, from /proc (Linux)."""
    found: list[int] = []
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in listing.read_text().split()]
    return found


def long_article(texts: Iterable[str], copies: int) -> str:
    """The texts' lines, each repeated `copies` times with a number so that every paragraph is
    distinct (the boilerplate stage keeps a repeated one once): seconds of work for a worker."""
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    return "\n".join(f"{line} (salinan {copy})." for copy in range(copies) for line in lines)
