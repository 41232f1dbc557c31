"""What clients see while Redis restarts, and whether accepted jobs survive it. 127.0.0.1 only.

    .venv/bin/python bench/reliability_redis_restart.py [--outage 5] [--rate 5] [--settle 10]

redis-server runs with appendonly yes / appendfsync everysec. What that promises: every write is
appended to the AOF file (write(2)) before Redis answers, and fsynced about once a second; so a
crash of the *Redis process* (SIGKILL, OOM) loses nothing that was acknowledged, while a crash of
the *machine* (power, kernel) may lose up to ~1 s (rarely ~2 s) of writes. A clean SHUTDOWN
(SIGTERM) flushes and fsyncs the AOF and loses nothing.

The API runs under gunicorn with one RQ worker. Client threads POST articles (and GET the jobs they
were given) at --rate requests/s each, bounded by the run's duration. Redis is stopped with
SIGTERM, restarted on the same port and dir after --outage seconds; after --settle seconds the
same with SIGKILL. Every response is counted by phase and status; expected: 503 problem+json with
Retry-After while Redis is down, never 500, no hang, the API recovering by itself, and every job
that got 202 ending `finished`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import servers

SEEDS = [p.read_text(encoding="utf-8") for p in sorted((servers.ROOT / "seeds").glob("*.txt"))]
CLIENT_TIMEOUT_S = 15  # a request slower than this counts as a hang


@dataclass
class Outcome:
    t: float  # monotonic start of the request
    method: str
    status: int | str  # HTTP status, or the exception's name
    seconds: float
    problem_ok: bool = True  # 503s only: problem+json with a Retry-After header
    job_id: str | None = None
    job_status: str | None = None  # GET /v1/jobs/{id} 200s only


@dataclass
class Timeline:
    events: list[tuple[float, str]] = field(default_factory=list)

    def mark(self, name: str) -> None:
        self.events.append((time.monotonic(), name))
        print(f"  {name}", flush=True)

    def phase(self, t: float) -> str:
        current = "before"
        for at, name in self.events:
            if t >= at:
                current = name
        return current


def start_redis(port: int, workdir: Path) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server not found")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
         "--appendfsync", "everysec", "--dir", str(workdir)],
        stdout=(workdir / "redis.log").open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    servers.wait_until(lambda: ping(port), 20, "redis-server", proc)
    return proc


def ping(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")


class Client:
    """One keep-alive connection; reconnects after any failure."""

    def __init__(self, base: str):
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)
        self.conn: http.client.HTTPConnection | None = None

    def call(self, method: str, path: str, body: bytes | None = None) -> Outcome:
        t0 = time.monotonic()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=CLIENT_TIMEOUT_S)
            headers = {"Content-Type": "application/json"} if body is not None else {}
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn = None
            return Outcome(t0, method, type(exc).__name__, time.monotonic() - t0)
        outcome = Outcome(t0, method, response.status, time.monotonic() - t0)
        if response.status == 503:
            outcome.problem_ok = (
                response.getheader("Content-Type", "").startswith("application/problem+json")
                and response.getheader("Retry-After", "").isdigit()
                and json.loads(data).get("status") == 503
            )
        if response.status == 202 and method == "POST":
            outcome.job_id = json.loads(data)["id"]
        if response.status == 200 and method == "GET" and path.startswith("/v1/jobs/"):
            outcome.job_status = json.loads(data)["status"]
        return outcome


def post_loop(base: str, rate: float, stop: threading.Event, out: list[Outcome]) -> None:
    client = Client(base)
    i = 0
    while not stop.is_set():
        body = json.dumps({"text": SEEDS[i % len(SEEDS)]}).encode()
        out.append(client.call("POST", "/v1/articles", body))
        i += 1
        stop.wait(1 / rate)


def get_loop(base: str, rate: float, stop: threading.Event, posts: list[Outcome], out: list[Outcome]) -> None:
    client = Client(base)
    while not stop.is_set():
        ids = [o.job_id for o in posts[-20:] if o.job_id]
        if ids:
            out.append(client.call("GET", f"/v1/jobs/{ids[len(out) % len(ids)]}"))
        stop.wait(1 / rate)


def outage(proc: subprocess.Popen, sig: signal.Signals, port: int, workdir: Path, seconds: float,
           timeline: Timeline) -> subprocess.Popen:  # fmt: skip
    label = "SIGTERM" if sig == signal.SIGTERM else "SIGKILL"
    timeline.mark(f"redis down ({label})")
    proc.send_signal(sig)
    proc.wait(20)
    time.sleep(seconds)
    new = start_redis(port, workdir)
    timeline.mark(f"redis up after {label}")
    return new


def wait_jobs(base: str, ids: list[str], timeout: float) -> Counter:
    """Final state of every accepted job, waiting (bounded) for the worker to drain the queue."""
    client = Client(base)
    deadline = time.monotonic() + timeout
    final: dict[str, str] = {}
    pending = list(ids)
    while pending and time.monotonic() < deadline:
        still = []
        for job_id in pending:
            o = client.call("GET", f"/v1/jobs/{job_id}")
            state = o.job_status or str(o.status)
            final[job_id] = state
            if state not in ("finished", "failed", "404"):
                still.append(job_id)
        pending = still
        if pending:
            time.sleep(1)
    return Counter(final.values())


def summarize(outcomes: list[Outcome], timeline: Timeline) -> None:
    by_phase: dict[str, Counter] = {}
    for o in outcomes:
        by_phase.setdefault(timeline.phase(o.t), Counter())[f"{o.method} {o.status}"] += 1
    for phase in ["before"] + [name for _, name in timeline.events]:
        print(f"  {phase:28s} {dict(sorted(by_phase.get(phase, Counter()).items()))}")
    bad_503 = sum(1 for o in outcomes if o.status == 503 and not o.problem_ok)
    five_hundreds = sum(
        1 for o in outcomes if isinstance(o.status, int) and o.status >= 500 and o.status != 503
    )
    slow = max((o.seconds for o in outcomes), default=0)
    errors = sum(1 for o in outcomes if isinstance(o.status, str))
    print(f"  totals: {len(outcomes)} requests; 5xx other than 503: {five_hundreds}; "
          f"503 without problem+json/Retry-After: {bad_503}; transport errors/timeouts: {errors}; "
          f"slowest response {slow:.2f} s")  # fmt: skip


def recovery_times(posts: list[Outcome], timeline: Timeline) -> None:
    for at, name in timeline.events:
        if name.startswith("redis up"):
            first = next((o for o in posts if o.t >= at and o.status == 202), None)
            delay = f"{first.t + first.seconds - at:.2f} s" if first else "never"
            print(f"  first 202 after '{name}': {delay}")


def run(args: argparse.Namespace, tmp: Path) -> bool:
    port = servers.free_port()
    redis = start_redis(port, tmp)
    env = servers.service_env(f"redis://127.0.0.1:{port}/0", ENRICH_QUEUE_NAME="restart")
    worker = servers.start_worker(env, tmp / "worker.log")
    web, base = servers.start_gunicorn(env, tmp / "web.log")
    print(f"gunicorn {base} (ENRICH_WEB_WORKERS={env.get('ENRICH_WEB_WORKERS', '2')}, "
          f"gevent, ENRICH_WEB_CONNECTIONS={env.get('ENRICH_WEB_CONNECTIONS', '1000')}); redis :{port} AOF everysec")  # fmt: skip
    posts: list[Outcome] = []
    gets: list[Outcome] = []
    stop = threading.Event()
    timeline = Timeline()
    threads = [
        threading.Thread(target=post_loop, args=(base, args.rate, stop, posts), daemon=True),
        threading.Thread(target=get_loop, args=(base, args.rate, stop, posts, gets), daemon=True),
    ]
    try:
        for t in threads:
            t.start()
        time.sleep(args.settle)
        redis = outage(redis, signal.SIGTERM, port, tmp, args.outage, timeline)
        time.sleep(args.settle)
        redis = outage(redis, signal.SIGKILL, port, tmp, args.outage, timeline)
        time.sleep(args.settle)
        timeline.mark("clients stopped")
        stop.set()
        for t in threads:
            t.join(CLIENT_TIMEOUT_S + 5)
        print("responses by phase (phase = what had last happened when the request started):")
        summarize(posts + gets, timeline)
        recovery_times(posts, timeline)
        accepted = [o.job_id for o in posts if o.job_id]
        t_drain = time.monotonic()
        final = wait_jobs(base, accepted, args.drain)
        print(f"accepted (202) jobs: {len(accepted)}; final states: {dict(final)} "
              f"({time.monotonic() - t_drain:.0f} s after the clients stopped)")  # fmt: skip
        lost = len(accepted) - final["finished"]
        print(f"accepted jobs not finished (lost, failed or still pending): {lost}")
        worker_alive = worker.poll() is None
        print(f"worker process still running: {worker_alive}")
        bad = [o for o in posts + gets if isinstance(o.status, str) or (o.status >= 500 and o.status != 503)]
        return lost == 0 and not bad and all(o.problem_ok for o in posts + gets) and worker_alive
    finally:
        stop.set()
        servers.stop(web)
        servers.stop(worker)
        servers.stop(redis)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--outage", type=float, default=5, help="seconds Redis stays down each time")
    parser.add_argument("--settle", type=float, default=10, help="seconds of normal traffic around outages")
    parser.add_argument("--rate", type=float, default=5, help="requests/s per client thread")
    parser.add_argument("--drain", type=float, default=180, help="max seconds to wait for accepted jobs")
    parser.add_argument("--show-logs", action="store_true", help="print the worker log's last lines")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="redis-restart-") as tmp:
        ok = run(args, Path(tmp))
        if args.show_logs:
            for name in ("worker.log", "web.log"):
                lines = (Path(tmp) / name).read_text(errors="replace").splitlines()
                interesting = [
                    ln
                    for ln in lines
                    if any(m in ln for m in ('"level": "warning"', '"level": "error"', "Error"))
                ]
                print(f"--- {name}: {len(interesting)} warning/error lines, last 15:")
                print("\n".join(interesting[-15:]))
    print("RESULT:", "PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
