"""Issue 14's hostile and unlucky traffic, every probe, against a real stack on 127.0.0.1.

    .venv/bin/python bench/chaos.py [--only NAME,...] [--pause-s 30] [--heavy-wait 240]

Starts redis-server (AOF everysec, as scripts/run.sh), two RQ workers and gunicorn (2 gevent
workers) itself, then runs each probe in turn (bench/chaos_http.py, bench/chaos_jobs.py), each
bounded in time, and prints one line per probe:

    probe  requests N  errors {status: count}  p99 ms {what: ms}  jobs accepted/finished/lost/twice  note

`errors` counts answers >= 400 and failed connections ("conn") by status, expected or not (the
note says what was expected); p99s are of the probes' own requests and of /healthz, /readyz and
POST /v1/articles sent meanwhile; jobs: accepted (202), finished, lost (accepted, then 404 or
410 or never ended within the bound), run twice (more than one stored result). The project's
earlier scripts, bench/reliability_sigkill.py and bench/reliability_redis_restart.py, run too.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from redis import Redis

from tests import probes, servers

KEY_A, KEY_B = "chaos-key-a-0123", "chaos-key-b-4567"


@dataclass
class Stack:
    base: str
    redis_url: str
    port: int
    tmp: Path
    env: dict[str, str]
    web: object
    workers: list = field(default_factory=list)
    redis_proc: object = None

    @property
    def redis(self) -> Redis:
        return Redis.from_url(self.redis_url)


@dataclass
class Line:
    name: str
    requests: int = 0
    errors: Counter = field(default_factory=Counter)
    p99_ms: dict[str, float] = field(default_factory=dict)
    accepted: int = 0
    finished: int = 0
    lost: int = 0
    twice: int = 0
    pending: int = 0  # neither ended nor lost within the probe's bound
    note: str = ""

    def count(self, reply: object) -> None:
        self.requests += 1
        if not isinstance(reply, probes.Reply):
            self.errors["conn"] += 1
        elif reply.status >= 400:
            self.errors[reply.status] += 1

    def latencies(self, seen: dict[str, list[float]]) -> None:
        for what, values in seen.items():
            self.requests += len(values)
            self.errors["conn"] += sum(1 for v in values if v == float("inf"))
            self.p99_ms[what] = round(probes.p99(values) * 1000, 1)
        if not self.errors["conn"]:
            del self.errors["conn"]

    def jobs(self, stack: Stack, ids: list[str], token: str, wait_s: float) -> None:
        final = account(stack, ids, token, wait_s)
        self.accepted += len(ids)
        self.finished += final["finished"]
        self.lost += final["lost"]
        self.twice += final["twice"]
        self.pending += final["pending"]

    def __str__(self) -> str:
        p99 = " ".join(f"{k}={v:g}" for k, v in self.p99_ms.items()) or "-"
        errors = dict(sorted(self.errors.items(), key=str)) or "{}"
        pending = f" (+{self.pending} still running at the bound)" if self.pending else ""
        return (
            f"{self.name:<24} requests {self.requests:>5}  errors {errors}  p99 ms [{p99}]  "
            f"jobs {self.accepted}/{self.finished}/{self.lost}/{self.twice}{pending}  {self.note}"
        )


def account(stack: Stack, ids: list[str], token: str, wait_s: float) -> Counter:
    """Wait (bounded) for jobs to end; count finished, failed, lost (404/410), still pending at the
    bound, and run twice (more than one stored result)."""
    deadline = time.monotonic() + wait_s
    final: Counter = Counter()
    pending = list(dict.fromkeys(ids))
    while pending and time.monotonic() < deadline:
        still = []
        for job_id in pending:
            reply = probes.call(stack.base, "GET", f"/v1/jobs/{job_id}", token=token, timeout=30)
            if reply.status in (404, 410):
                final["lost"] += 1
            elif reply.status == 200 and reply.json()["status"] in ("finished", "failed"):
                final[reply.json()["status"]] += 1
            else:
                still.append(job_id)
        pending = still
        if pending:
            time.sleep(0.5)
    final["pending"] = len(pending)  # neither ended nor gone within the bound
    redis = stack.redis
    final["twice"] = sum(1 for job_id in dict.fromkeys(ids) if redis.xlen(f"rq:results:{job_id}") > 1)
    return final


@contextmanager
def meanwhile(stack: Stack, line: Line, post: bool = True) -> Iterator[None]:
    """Probe /healthz, /readyz (and POST /v1/articles) while the block runs; p99s into `line`."""
    paths = [("GET", "/healthz"), ("GET", "/readyz")] + ([("POST", "/v1/articles")] if post else [])
    with probes.probing_apart(stack.base, paths, KEY_A, every_s=0.02) as seen:
        yield
    line.latencies(seen)


def start(tmp: Path) -> Stack:
    redis_proc, url = servers.start_redis(tmp, None, True, "--appendfsync", "everysec")
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    env = servers.service_env(
        url, ENRICH_QUEUE_NAME="chaos", ENRICH_AUTH="required",
        ENRICH_API_KEYS=f"a:{KEY_A},b:{KEY_B}", ENRICH_RATE_LIMIT_PER_MINUTE="1000000",
    )  # fmt: skip
    workers = [servers.start_worker(env, tmp / f"worker-{i}.log") for i in (1, 2)]
    web, base = servers.start_gunicorn(env, tmp / "gunicorn.log")
    stack = Stack(base, url, port, tmp, env, web, workers, redis_proc)
    servers.wait_until(lambda: stack.redis.exists("enrich:chaos:backends") == 1, 180, "workers")
    time.sleep(5)  # both workers up (the second reports a moment after the first)
    return stack


def stop(stack: Stack) -> None:
    servers.stop(stack.web)  # type: ignore[arg-type]
    for worker in stack.workers:
        worker.send_signal(18)  # SIGCONT: a probe may have paused it
        servers.stop(worker)
    servers.stop(stack.redis_proc)  # type: ignore[arg-type]


def main() -> None:
    from bench import chaos_http, chaos_jobs

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default="", help="comma-separated probe names (default: all)")
    parser.add_argument("--pause-s", type=float, default=30, help="how long row 5 pauses a worker")
    parser.add_argument("--heavy-wait", type=float, default=240, help="bound on the heavy HTML jobs")
    parser.add_argument("--keep", action="store_true", help="keep the logs (the folder is printed)")
    args = parser.parse_args()
    probes_in_order: list[tuple[str, Callable[..., Line]]] = [
        *chaos_http.PROBES, *chaos_jobs.PROBES,
    ]  # fmt: skip
    wanted = set(filter(None, args.only.split(",")))
    with tempfile.TemporaryDirectory(prefix="chaos-") as scratch:
        tmp = tempfile.mkdtemp(prefix="chaos-logs-") if args.keep else scratch
        stack = start(Path(tmp))
        print(f"stack: gunicorn {stack.base} (2 gevent workers), 2 RQ workers, redis :{stack.port} AOF everysec"
              + (f"; logs in {tmp}" if args.keep else ""))  # fmt: skip
        print("line: probe  requests  errors by status  p99 ms  jobs accepted/finished/lost/run twice  note")
        try:
            for name, probe in probes_in_order:
                if wanted and name not in wanted:
                    continue
                started = time.monotonic()
                try:
                    line = probe(stack, args)
                except Exception as exc:  # noqa: BLE001  # one broken probe must not hide the rest
                    line = Line(name, note=f"PROBE ERROR {type(exc).__name__}: {exc}")
                line.note += f" ({time.monotonic() - started:.0f} s)"
                print(line, flush=True)
        finally:
            stop(stack)


if __name__ == "__main__":
    main()
