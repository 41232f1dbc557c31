"""Ingest speed of the API against a minimal Flask app, side by side in one run (issue 12).

    PYTHONPATH=. .venv/bin/python bench/ingest.py [--duration 10] [--connections 32] [--rounds 1]

Starts its own redis-server, and two gunicorns on free ports of 127.0.0.1, both with the
service's gunicorn.conf.py (WebSettings: ENRICH_WEB_WORKERS, default 2; the gevent worker
service.api.server.Worker; the JSON access log):
- the service (service.wsgi:app), auth required with one API key whose rate limit is set high
  enough never to refuse (every request is still counted in Redis), and
- the yardstick, bench/ingest_baseline.py: parse the JSON and LPUSH it; GET a stored job.
One RQ worker runs seed 000 once, so that GET reads a real finished job with its result; the
yardstick stores that same job resource under its own key and answers it.

Then, for each round, wrk (Debian's `wrk`, scripts/setup.sh dev) drives each target for
--duration seconds over --connections keep-alive connections, after a short warm-up:
  POST /v1/articles          seed 000 (about 3 KB) as {"text": ...}
  POST /v1/articles + Idempotency-Key, a new key per request (the claim path; no yardstick)
  POST yardstick
  GET /v1/jobs/{id}          the finished job
  GET yardstick
and prints requests/s and the web workers' CPU time per request (from /proc) for each, the
medians over the rounds, the ratios service/yardstick (the issue's targets: >= 0.5x) both by
requests/s and by CPU per request, and the load average. wrk shares the CPUs with both servers;
the ratio, taken in one run under the same conditions, is the figure that matters on a busy
machine, and the CPU ratio is the less disturbed by other load. Every process it starts is
stopped by its PID; every wait is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from redis import Redis

from bench.ingest_baseline import JOB_PREFIX, QUEUE_KEY
from tests import servers

SEED = next((servers.ROOT / "seeds").glob("000_*.txt")).read_text(encoding="utf-8")
BODY = json.dumps({"text": SEED})
API_KEY = "bench-ingest-secret"
QUEUE = "ingest-bench"

# wrk scripts: a fixed POST, and one with a new Idempotency-Key per request.
POST_LUA = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
{auth}
"""
IDEMPOTENT_LUA = (
    POST_LUA
    + """
local n = 0
local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1, 1e9)) .. "-"
request = function()
    n = n + 1
    wrk.headers["Idempotency-Key"] = prefix .. n
    return wrk.format()
end
"""
)
GET_LUA = """
{auth}
"""


@dataclass
class Figure:
    requests_per_s: float
    requests: int
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    cpu_ms: float = float("nan")  # CPU time of the server's worker processes per request


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def workers_cpu_s(master: subprocess.Popen) -> float:
    """User + system CPU seconds of a gunicorn master's worker processes (Linux /proc). Less
    noisy than requests/s on a shared machine: time spent waiting for a core is not counted."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    total = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for this text


def auth_line(authorised: bool) -> str:
    return f'wrk.headers["Authorization"] = "Bearer {API_KEY}"' if authorised else ""


def parse_wrk(output: str) -> Figure:
    def ms(label: str) -> float:
        match = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\b", output, re.M)
        if not match:
            return float("nan")
        return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    count = re.search(r"(\d+) requests in", output)
    if not rate or not count:
        raise RuntimeError(f"wrk printed no Requests/sec:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return Figure(
        requests_per_s=float(rate.group(1)),
        requests=int(count.group(1)),
        p50_ms=ms("50%"),
        p99_ms=ms("99%"),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
    )


def wrk(
    url: str, script: Path, args: argparse.Namespace, duration: float, server: subprocess.Popen
) -> Figure:
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration:g}s", "--timeout", "10s",
        "--latency", "-s", str(script), url,
    ]  # fmt: skip
    cpu_before = workers_cpu_s(server)
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 30, check=True)
    figure = parse_wrk(done.stdout)
    figure.cpu_ms = 1000 * (workers_cpu_s(server) - cpu_before) / max(1, figure.requests)
    return figure


def finished_job(base: str, env: dict[str, str], tmp: Path, redis: Redis) -> dict:
    """Seed 000 enriched by a real worker, read back through the API."""
    worker = servers.start_worker(env, tmp / "worker.log")
    try:
        servers.wait_until(lambda: redis.exists(f"enrich:{QUEUE}:backends") == 1, 180, "worker", worker)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {API_KEY}"}
        post = urllib.request.Request(base + "/v1/articles", BODY.encode(), headers, method="POST")
        with urllib.request.urlopen(post, timeout=10) as response:
            job_id = json.load(response)["id"]
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            get = urllib.request.Request(f"{base}/v1/jobs/{job_id}?wait=10", headers=headers)
            with urllib.request.urlopen(get, timeout=20) as response:
                job = json.load(response)
            if job["status"] in ("finished", "failed"):
                if job["status"] != "finished":
                    raise RuntimeError(f"seed 000 failed: {job['error']}")
                return dict(job)
        raise TimeoutError("seed 000 not enriched within 180 s")
    finally:
        servers.stop(worker)


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


# (service, yardstick) pairs whose ratio is reported; the targets are POST and GET >= 0.5x.
PAIRS = {
    "POST": ("POST /v1/articles", "POST yardstick (parse + LPUSH)"),
    "POST + Idempotency-Key": ("POST /v1/articles + Idempotency-Key", "POST yardstick (parse + LPUSH)"),
    "GET": ("GET /v1/jobs/{id}", "GET yardstick (GET + answer)"),
}


def summarise(figures: dict[str, list[Figure]]) -> None:
    rate = {name: statistics.median(f.requests_per_s for f in values) for name, values in figures.items()}
    cpu = {name: statistics.median(f.cpu_ms for f in values) for name, values in figures.items()}
    print("medians: requests/s, and the web workers' CPU per request")
    for name in figures:
        print(f"  {name:<40} {rate[name]:6.0f} req/s  {cpu[name]:5.2f} ms")
    by_rate = ", ".join(f"{pair} {ratio(rate[svc], rate[base])}" for pair, (svc, base) in PAIRS.items())
    print(f"ratio service/yardstick, requests/s: {by_rate} (target >= 0.5x for POST and GET)")
    # The yardstick's CPU per request over the service's: the requests/s ratio the two would have
    # with the cores to themselves, less disturbed by other load on a shared machine.
    by_cpu = ", ".join(f"{pair} {ratio(cpu[base], cpu[svc])}" for pair, (svc, base) in PAIRS.items())
    print(f"ratio by CPU per request:            {by_cpu}")


def run(args: argparse.Namespace, tmp: Path) -> int:
    redis_proc, redis_url = servers.start_redis(tmp)
    procs = [redis_proc]
    try:
        env = servers.service_env(
            redis_url,
            ENRICH_QUEUE_NAME=QUEUE,
            ENRICH_AUTH="required",
            ENRICH_API_KEYS=f"bench:{API_KEY}",
            # Counted on every request, never refused: the limit is part of the measured path.
            ENRICH_RATE_LIMIT_PER_MINUTE=str(10**9),
        )
        redis = Redis.from_url(redis_url)
        service, service_url = servers.start_gunicorn(env, tmp / "service.log")
        procs.append(service)
        baseline, baseline_url = servers.start_gunicorn(
            env, tmp / "baseline.log", app="bench.ingest_baseline:app"
        )
        procs.append(baseline)
        job = finished_job(service_url, env, tmp, redis)
        redis.set(JOB_PREFIX + job["id"], json.dumps(job))
        print(f"stored job {job['id']}: {len(json.dumps(job)):,} bytes of JSON")

        scripts = {
            "post": POST_LUA.format(body=lua_string(BODY), auth=auth_line(True)),
            "post_idempotent": IDEMPOTENT_LUA.format(body=lua_string(BODY), auth=auth_line(True)),
            "post_baseline": POST_LUA.format(body=lua_string(BODY), auth=auth_line(False)),
            "get": GET_LUA.format(auth=auth_line(True)),
            "get_baseline": GET_LUA.format(auth=auth_line(False)),
        }
        paths = {}
        for name, text in scripts.items():
            paths[name] = tmp / f"{name}.lua"
            paths[name].write_text(text, encoding="utf-8")
        targets = {
            "POST /v1/articles": (service, service_url + "/v1/articles", paths["post"]),
            "POST /v1/articles + Idempotency-Key": (
                service,
                service_url + "/v1/articles",
                paths["post_idempotent"],
            ),
            "POST yardstick (parse + LPUSH)": (
                baseline,
                baseline_url + "/v1/articles",
                paths["post_baseline"],
            ),
            "GET /v1/jobs/{id}": (service, f"{service_url}/v1/jobs/{job['id']}", paths["get"]),
            "GET yardstick (GET + answer)": (
                baseline,
                f"{baseline_url}/v1/jobs/{job['id']}",
                paths["get_baseline"],
            ),
        }
        print(
            f"seed 000: {len(BODY.encode()):,} bytes of JSON; wrk -t{args.threads} -c{args.connections}, "
            f"{args.duration:g} s each after {args.warmup:g} s warm-up, {args.rounds} round(s); "
            f"ENRICH_WEB_WORKERS={env.get('ENRICH_WEB_WORKERS', '2')}; {os.cpu_count()} CPUs; "
            f"load average at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )
        figures: dict[str, list[Figure]] = {name: [] for name in targets}
        failures = 0
        for round_no in range(1, args.rounds + 1):
            for name, (server, url, script) in targets.items():
                if args.warmup > 0:
                    wrk(url, script, args, args.warmup, server)
                figure = wrk(url, script, args, args.duration, server)
                figures[name].append(figure)
                failures += figure.non_2xx + figure.socket_errors
                print(
                    f"  round {round_no} {name:<38} {figure.requests_per_s:6.0f} req/s  CPU {figure.cpu_ms:5.2f} ms/req"
                    f"  p50 {figure.p50_ms:6.1f} ms"
                    f"  p99 {figure.p99_ms:6.1f} ms  non-2xx {figure.non_2xx}  socket errors {figure.socket_errors}",
                    flush=True,
                )
                redis.delete(QUEUE_KEY)  # the yardstick's list: no one drains it
        summarise(figures)
        print(f"load average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if failures:
            print(f"FAILED: {failures} non-2xx responses or socket errors (logs in {tmp})")
        return 1 if failures else 0
    finally:
        for proc in reversed(procs):
            servers.stop(proc)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of load before each measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (it shares the CPUs)")
    parser.add_argument("--rounds", type=int, default=1, help="each target this many times, interleaved")
    parser.add_argument("--keep-logs", action="store_true", help="keep the servers' logs (printed path)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: scripts/setup.sh dev installs Debian's wrk")
    if args.keep_logs:
        tmp = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
        print(f"logs in {tmp}")
        return run(args, tmp)
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
