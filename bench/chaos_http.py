"""bench/chaos.py's probes of the HTTP layer: slow clients, waiters, hostile bodies, gunicorn's
own errors, undrained bodies, log lines, metric labels, key guessing (issue 14 rows 3, 4, 9-13,
15, 18, 19)."""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import signal
import socket
import threading
import time
from datetime import datetime
from pathlib import Path

from bench.chaos import KEY_A, Line, Stack, meanwhile
from tests import probes

SEEDS = [
    path.read_text(encoding="utf-8")
    for path in sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
]


def slow_clients(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 3: 100 slowloris and 100 slow-body connections held while others are served."""
    line = Line("3 slow clients")
    loris = probes.slowloris(stack.base, 100)
    bodies = probes.slow_bodies(stack.base, 100, KEY_A)
    try:
        with meanwhile(stack, line):
            time.sleep(12)
        line.note = (
            f"server closed {loris.count_closed()}/100 slowloris (header timeout) and answered or closed "
            f"{bodies.count_closed()}/100 slow bodies (408 after ENRICH_BODY_TIMEOUT_S) within 12 s"
        )
    finally:
        loris.close()
        bodies.close()
    return line


def _wait_batch(base: str, ids: list[str]) -> list[tuple[int, float, str | None, str | None, float]]:
    """One client process's share of the waits: (status, seconds, ended_at, job status, received)."""

    def one(i: int) -> tuple[int, float, str | None, str | None, float]:
        reply = probes.call(base, "GET", f"/v1/jobs/{ids[i]}?wait=30", token=KEY_A, timeout=40)
        job = reply.json()
        return reply.status, reply.seconds, job.get("ended_at"), job.get("status"), time.time()

    return probes.in_threads(len(ids), one)


def waiters(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 4: 200 `?wait=30` from one key and 100 slow connections at once; how soon each wait
    answers after its job ended. The workers are paused while the jobs are posted and the waits
    start, so every job ends during its wait; the waits come from 4 client processes."""
    line = Line("4 200 waiters + 100 slow")
    published: dict[str, float] = {}
    listening = threading.Event()

    def listen() -> None:  # when each job's end was published: the API's part starts there
        with stack.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
            pubsub.subscribe("enrich:chaos:ended")
            while not listening.is_set():
                message = pubsub.get_message(timeout=0.1)
                if message:
                    published.setdefault(message["data"].decode(), time.time())

    threading.Thread(target=listen, daemon=True).start()
    for worker in stack.workers:
        os.kill(worker.pid, signal.SIGSTOP)
    try:
        ids = [
            probes.call(
                stack.base,
                "POST",
                "/v1/articles",
                {"text": f"({i}) " + SEEDS[i % len(SEEDS)][:1500]},
                token=KEY_A,
            ).json()["id"]
            for i in range(200)
        ]
        loris = probes.slowloris(stack.base, 50)
        bodies = probes.slow_bodies(stack.base, 50, KEY_A)
        resume = threading.Timer(4, lambda: [os.kill(w.pid, signal.SIGCONT) for w in stack.workers])
        with meanwhile(stack, line), multiprocessing.get_context("fork").Pool(4) as pool:
            resume.start()
            batches = pool.starmap(_wait_batch, [(stack.base, ids[k::4]) for k in range(4)])
    finally:
        for worker in stack.workers:
            os.kill(worker.pid, signal.SIGCONT)
        loris.close()
        bodies.close()
    listening.set()
    waits = [w for batch in batches for w in batch]
    after_end, after_publish = [], []
    for job_id, (status, seconds, ended_at, _, received) in zip(
        [i for k in range(4) for i in ids[k::4]], waits, strict=True
    ):
        line.count(probes.Reply(status, {}, b"", seconds))
        if ended_at:
            after_end.append(received - datetime.fromisoformat(ended_at.replace("Z", "+00:00")).timestamp())
        if job_id in published:
            after_publish.append(received - published[job_id])
    line.p99_ms["answer_after_job_end"] = round(probes.p99(after_end) * 1000, 1)
    line.p99_ms["answer_after_end_published"] = round(probes.p99(after_publish) * 1000, 1)
    line.p99_ms["wait"] = round(probes.p99([w[1] for w in waits]) * 1000)
    ended = sum(1 for w in waits if w[3] in ("finished", "failed"))
    line.jobs(stack, ids, KEY_A, 60)
    line.note = f"{ended}/200 waits answered with the ended job"
    return line


def hostile_bodies(stack: Stack, args: argparse.Namespace) -> Line:
    """Rows 9, 10, 13: deep nesting, 100,000 invalid items, loose types."""
    line = Line("9,10,13 hostile bodies")
    bodies = {
        "deep_array": b"[" * 100_000 + b"]" * 100_000,
        "deep_object": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        "100k_items": json.dumps({"text": "x", "features": ["nope"] * 100_000}).encode(),
        "str_int": json.dumps({"text": "x", "summary_sentences": "3"}).encode(),
        "float_int": json.dumps({"text": "x", "summary_sentences": 2.5}).encode(),
    }
    sizes: dict[str, int] = {}
    codes: dict[str, str] = {}
    with meanwhile(stack, line, post=False):
        for name, body in bodies.items():
            for _ in range(10):
                reply = probes.call(stack.base, "POST", "/v1/articles", body, token=KEY_A)
                line.count(reply)
                sizes[name] = max(sizes.get(name, 0), len(reply.body))
                codes[name] = f"{reply.status} {reply.json().get('code')}"
    line.note = (
        "; ".join(f"{name}: {codes[name]}, {sizes[name]} B" for name in bodies) + " (expected 400/422)"
    )
    return line


def key_guessing(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 11: 700 wrong keys from one address (127.0.0.3)."""
    line = Line("11 700 wrong keys")
    for i in range(700):
        line.count(
            probes.call(
                stack.base, "GET", "/v1/jobs?status=failed", token=f"wrong-{i:05d}", source="127.0.0.3"
            )
        )
    other = probes.call(stack.base, "GET", "/v1/jobs?status=failed", token=KEY_A)
    line.note = f"expected 401 then 429 from that address; another address with a valid key: {other.status}"
    return line


def gunicorn_errors(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 12: requests gunicorn refuses before the app sees them."""
    line = Line("12 gunicorn's own 400s")
    bad = [b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\n\r\n",
           b"G\x00T / HTTP/1.1\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n"]  # fmt: skip
    problem_json = 0
    for raw in bad * 5:
        with socket.create_connection(probes.address(stack.base), timeout=5) as sock:
            sock.sendall(raw)
            head, _, body = probes.read_reply(sock, 5).partition(b"\r\n\r\n")
        status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/") else 0
        line.count(probes.Reply(status, {}, body, 0))
        problem_json += b"application/problem+json" in head and "code" in json.loads(body or b"{}")
    line.note = f"{problem_json}/{len(bad) * 5} answered application/problem+json"
    return line


def random_methods(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 15: 2,000 requests with random methods, no key; /metrics size and render time."""
    line = Line("15 random methods")
    before = probes.call(stack.base, "GET", "/metrics")
    for i in range(2000):
        line.count(probes.call(stack.base, f"M{os.urandom(4).hex().upper()}", f"/v1/x{i % 7}"))
    after = [probes.call(stack.base, "GET", "/metrics") for _ in range(20)]
    line.p99_ms["metrics"] = round(probes.p99([r.seconds for r in after]) * 1000, 1)
    line.note = f"/metrics {len(before.body)} B before, {len(after[-1].body)} B after"
    return line


def undrained_bodies(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 18: 900 KB bodies answered 401 and 415, then another request on the same connection."""
    line = Line("18 undrained bodies")
    big = json.dumps({"text": "x" * 900_000}).encode()
    reused = 0
    for i in range(20):
        conn = http.client.HTTPConnection(*probes.address(stack.base), timeout=30)
        try:
            headers = (
                {"Authorization": "Bearer wrong-key-xyz"}
                if i % 2
                else {"Authorization": f"Bearer {KEY_A}", "Content-Type": "text/plain"}
            )
            conn.request("POST", "/v1/articles", body=big, headers=headers)
            first = conn.getresponse()
            first.read()
            line.count(probes.Reply(first.status, {}, b"", 0))
            conn.request("GET", "/healthz")
            second = conn.getresponse()
            second.read()
            line.count(probes.Reply(second.status, {}, b"", 0))
            reused += second.status == 200
        except OSError:
            line.count(None)
        finally:
            conn.close()
    line.note = f"{reused}/20 connections served the next request after a 401/415 (expected 20)"
    return line


def log_lines(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 19: newlines, quotes and backslashes in paths and User-Agents; every log line JSON?"""
    line = Line("19 log injection")
    logs = [stack.tmp / "gunicorn.log", *stack.tmp.glob("worker-*.log")]
    for i in range(200):
        path = ["/v1/jobs/a%0Ab", "/v1/jobs/%22%5C", '/healthz?x="\\', "/v1/jobs/%0D%0A{}"][i % 4]
        line.count(probes.call(stack.base, "GET", path, token=KEY_A, headers={"User-Agent": 'a\\b"c'}))
    time.sleep(1)
    total = invalid = 0
    for log in logs:
        for text in log.read_text(errors="replace").splitlines():
            total += 1
            try:
                json.loads(text)
            except ValueError:
                invalid += 1
    line.note = f"{invalid} of {total} log lines are not JSON (gunicorn and worker logs, whole run so far)"
    return line


PROBES = [
    ("slow_clients", slow_clients),
    ("waiters", waiters),
    ("hostile_bodies", hostile_bodies),
    ("key_guessing", key_guessing),
    ("gunicorn_errors", gunicorn_errors),
    ("random_methods", random_methods),
    ("undrained_bodies", undrained_bodies),
    ("log_lines", log_lines),
]
