"""bench/chaos.py's probes of jobs and the job store: a killed gunicorn worker mid-burst, a full
Redis, a paused worker, heavy HTML, hostile characters, parallel retries, other keys' failures,
an expired replay, memory per article, the earlier reliability scripts, and last a Redis that
restarts without its data (issue 14 rows 1, 2, 5, 6, 7, 8, 14, 16, 17, 20)."""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from rq.registry import FailedJobRegistry

from bench.chaos import KEY_A, KEY_B, Line, Stack, account, meanwhile
from service.queue.failures import FailedIndex
from service.queue.keys import Keys
from tests import probes, servers

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
LINES = [line for text in SEEDS for line in text.splitlines() if line.strip()]


def article(i: int) -> dict[str, str]:
    return {"text": f"Artikel {i}. " + SEEDS[i % len(SEEDS)][:1500]}


def post(stack: Stack, body: object, key: str | None = None, token: str = KEY_A) -> probes.Reply:
    headers = {"Idempotency-Key": key} if key else {}
    return probes.call(stack.base, "POST", "/v1/articles", body, token=token, headers=headers)


def killed_gunicorn_worker(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 1: 800 POSTs with their own Idempotency-Key, a gunicorn worker SIGKILLed 1 s in; then
    all 800 replayed: a replay must never point at a job that does not exist."""
    line = Line("1 idempotency + kill")
    started = time.monotonic()
    victim = probes.children(stack.web.pid)[0]  # type: ignore[attr-defined]

    def send(i: int) -> probes.Reply:
        if i % 32 == 0 and time.monotonic() - started > 1 and probes.children(stack.web.pid)[:1] == [victim]:  # type: ignore[attr-defined]
            try:
                os.kill(victim, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return post(stack, article(i), key=f"burst-{i}")

    first = []
    for batch in range(25):  # 800 requests, 32 at a time
        first += probes.in_threads(32, lambda j, b=batch: send(b * 32 + j))
    time.sleep(3)  # gunicorn starts a new worker
    dangling, ids = 0, []
    for i in range(800):
        replay = post(stack, article(i), key=f"burst-{i}")
        line.count(first[i])
        line.count(replay)
        if replay.status == 202:
            ids.append(replay.json()["id"])
            dangling += probes.call(stack.base, "GET", f"/v1/jobs/{ids[-1]}", token=KEY_A).status != 200
    line.jobs(stack, ids, KEY_A, 120)
    refused = sum(1 for r in first if not isinstance(r, probes.Reply) or r.status != 202)
    line.note = f"{refused} first sends cut by the kill; {dangling} replays pointing at no job (expected 0)"
    return line


def full_redis(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 2: Redis at maxmemory (noeviction) while 400 POSTs arrive, then memory again."""
    line = Line("2 redis full")
    redis = stack.redis
    redis.config_set("maxmemory", int(redis.info("memory")["used_memory"]))
    retry_after = ready = 0
    accepted: list[str] = []  # Redis frees a little now and then (expiring keys): some get in
    try:
        with meanwhile(stack, line, post=False):
            for i in range(400):
                reply = post(stack, article(i), key=f"full-{i}" if i % 2 else None)
                line.count(reply)
                retry_after += reply.status == 503 and "Retry-After" in reply.headers
                if reply.status == 202:
                    accepted.append(reply.json()["id"])
            ready = probes.call(stack.base, "GET", "/readyz").status
            time.sleep(5)  # workers meet the full Redis too
    finally:
        redis.config_set("maxmemory", 0)
    alive = sum(worker.poll() is None for worker in stack.workers)
    after = [post(stack, article(i), key=f"full-{i}").json()["id"] for i in range(20)]
    line.jobs(stack, accepted + after, KEY_A, 60)
    line.note = (
        f"{retry_after}/400 answered 503 with Retry-After, {len(accepted)} accepted while full; /readyz "
        f"while full: {ready}; workers alive after: {alive}/2; jobs: those and 20 posted after memory came back"
    )
    return line


def paused_worker(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 5: the worker running a long job is SIGSTOPped for --pause-s, then SIGCONT."""
    line = Line(f"5 worker paused {args.pause_s:g} s")
    long_text = probes.long_article(SEEDS, 25)
    job_id = post(stack, {"text": long_text, "features": ["entities"]}).json()["id"]
    redis = stack.redis
    servers.wait_until(lambda: redis.hget(f"rq:job:{job_id}", "status") == b"started", 60, "job started")
    name = redis.hget(f"rq:job:{job_id}", "worker_name") or b""
    pid = int(redis.hget(f"rq:worker:{name.decode()}", "pid") or 0)
    os.kill(pid, signal.SIGSTOP)
    time.sleep(args.pause_s)
    os.kill(pid, signal.SIGCONT)
    time.sleep(15)  # the paused worker finishes its (stale) run
    job = probes.call(stack.base, "GET", f"/v1/jobs/{job_id}?wait=30", token=KEY_A).json()
    line.jobs(stack, [job_id], KEY_A, 60)
    results = redis.xlen(f"rq:results:{job_id}")
    line.note = f"status {job['status']}, attempts {job['attempts']}, stored results {results} (expected finished, 2, 1)"
    return line


def heavy_html(stack: Stack, args: argparse.Namespace) -> Line:
    """Rows 6 and 17: 880 KB of 110k <p>, 259 KB with 30k attributes, 1 MB with 110k attributes."""
    line = Line("6,17 heavy HTML")
    pages = [
        "<html><body>" + "<p>x</p>" * 110_000 + "</body></html>",
        "<html><body><div "
        + " ".join(f'a{i}="v{i}"' for i in range(30_000))
        + ">Presiden berkunjung.</div></body></html>",
        "<html><body>"
        + "".join(f'<span data-x{i % 50}="2024-01-0{i % 9 + 1}">t</span>' for i in range(22_000))
        + "</body></html>",
    ]
    ids = []
    with meanwhile(stack, line):
        for page in pages:
            reply = post(stack, {"html": page})
            line.count(reply)
            line.p99_ms[f"post_{len(page) // 1000}KB"] = round(reply.seconds * 1000, 1)
            ids.append(reply.json()["id"])
        time.sleep(10)
    final = account(stack, ids, KEY_A, args.heavy_wait)
    line.accepted, line.finished, line.lost, line.twice = (
        len(ids),
        final["finished"],
        final["lost"],
        final["twice"],
    )
    line.pending = final["pending"]
    line.note = f"parsed by the workers, not the API; {final['failed']} failed; bound {args.heavy_wait:g} s"
    return line


def hostile_characters(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 8: NUL, controls and lone surrogates in text, title and HTML."""
    line = Line("8 hostile characters")
    raws = [
        b'{"text": "Presiden Joko Widodo \\u0000 meresmikan jalan tol \\ud800 baru di Semarang pada Senin.\\u0007"}',
        b'{"text": "\\ud800\\n\\nGubernur Jawa Tengah hadir dalam acara peresmian jalan tol itu.", "title": "\\u0000"}',
        b'{"html": "<p>Presiden Joko Widodo \\u0000 meresmikan \\udfff jalan tol baru di Semarang.</p>"}',
    ]
    ids = []
    for i in range(30):
        reply = probes.call(stack.base, "POST", "/v1/articles", raws[i % 3], token=KEY_A)
        line.count(reply)
        if reply.status == 202:
            ids.append(reply.json()["id"])
    final = account(stack, ids, KEY_A, 60)
    line.accepted, line.finished, line.lost, line.twice = (
        len(ids),
        final["finished"],
        final["lost"],
        final["twice"],
    )
    line.note = f"{final['failed']} accepted jobs failed (expected 0)"
    return line


def parallel_retries(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 14: three trials of 20 parallel retries of one failed job."""
    line = Line("14 parallel retries")
    wins, extra_runs = [], 0
    for _ in range(3):
        job_id = post(stack, {"text": "Baca Juga\nloading...\nA\nA", "features": ["entities"]}).json()["id"]
        before = account_attempts(stack, job_id)
        replies = probes.in_threads(
            20, lambda i, j=job_id: probes.call(stack.base, "POST", f"/v1/jobs/{j}/retry", token=KEY_A)
        )
        for reply in replies:
            line.count(reply)
        wins.append(sum(1 for r in replies if isinstance(r, probes.Reply) and r.status == 202))
        time.sleep(3)
        extra_runs += account_attempts(stack, job_id) - before - 1
    line.note = (
        f"202s per trial {wins} (expected [1, 1, 1]); runs beyond the one retry: {extra_runs}; others 409"
    )
    line.twice = extra_runs
    return line


def account_attempts(stack: Stack, job_id: str) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = probes.call(stack.base, "GET", f"/v1/jobs/{job_id}?wait=5", token=KEY_A).json()
        if job["status"] == "failed":
            return int(job["attempts"])
    return -1


def other_keys_failures(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 16: key B has 10,000 failed jobs (written straight into RQ's failed registry and B's
    index); key A lists its own failures."""
    line = Line("16 failed listing")
    redis = stack.redis
    registry = FailedJobRegistry("chaos", connection=redis)
    index = FailedIndex(redis, Keys("chaos"), 3600)
    template = post(stack, article(0), token=KEY_B).json()["id"]
    now = time.time()
    with redis.pipeline(transaction=False) as pipe:
        for i in range(10_000):
            fake = f"{i:08x}-0000-4000-8000-{template[-12:]}"
            pipe.zadd(registry.key, {fake: now + 3600})
            pipe.zadd(Keys("chaos").failed("b"), {fake: now})
        pipe.execute()
    index.add("a", template)  # not A's: must not be listed to A
    mine = post(stack, {"text": "Baca Juga\nloading...\nA\nA", "features": ["entities"]}).json()["id"]
    account_attempts(stack, mine)
    times = []
    for _ in range(20):
        reply = probes.call(stack.base, "GET", "/v1/jobs?status=failed", token=KEY_A)
        line.count(reply)
        times.append(reply.seconds)
    listed = [job["id"] for job in reply.json()["jobs"]]
    line.p99_ms["list_failed"] = round(probes.p99(times) * 1000, 1)
    line.note = f"key A sees {len(listed)} job(s), its own: {mine in listed and template not in listed}"
    return line


def expired_replay(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 20: a job's result expired, then its Idempotency-Key is replayed."""
    line = Line("20 expired replay")
    job_id = post(stack, article(1), key="will-expire").json()["id"]
    account(stack, [job_id], KEY_A, 30)
    stack.redis.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")  # what the result TTL does
    get = probes.call(stack.base, "GET", f"/v1/jobs/{job_id}", token=KEY_A)
    replay = post(stack, article(1), key="will-expire")
    line.count(get)
    line.count(replay)
    line.note = f"GET {get.status} {get.json()['code']}; replay {replay.status} {replay.json().get('code')} (expected both 410)"
    return line


def memory_per_article(stack: Stack, args: argparse.Namespace) -> Line:
    """README figure: Redis memory one stored article takes while its job is kept."""
    line = Line("memory per article")
    redis = stack.redis
    notes = []
    for copies in (1, 80):
        text = "\n".join(f"{t} ({c})." for c in range(copies) for t in LINES)[:890_000]
        reply = post(stack, {"text": text}, key=f"memory-{copies}")
        job_id = reply.json()["id"]
        line.jobs(stack, [job_id], KEY_A, 120)
        keys = [f"rq:job:{job_id}", f"rq:results:{job_id}", f"enrich:chaos:known:{job_id}"]
        keys += [k.decode() for k in redis.scan_iter("enrich:chaos:idempotency:a:*", count=1000)][:1]
        used = sum(redis.memory_usage(k) or 0 for k in keys)
        notes.append(
            f"{len(text.encode()) // 1000} KB article: {used / 1e6:.2f} MB ({used / len(text.encode()):.1f} B/B)"
        )
    line.note = "; ".join(notes) + " (job hash, result, id and Idempotency-Key, kept for the result TTL)"
    return line


def earlier_scripts(stack: Stack, args: argparse.Namespace) -> Line:
    """bench/reliability_sigkill.py and bench/reliability_redis_restart.py, shortened."""
    line = Line("sigkill + redis restart")
    found = []
    for script, extra in (("reliability_sigkill.py", ["--jobs", "12", "--wait", "120"]),
                          ("reliability_redis_restart.py", ["--outage", "3", "--settle", "5", "--drain", "120"])):  # fmt: skip
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / script), *extra],
            capture_output=True,
            text=True,
            timeout=420,
        )
        out = done.stdout
        recovery = re.search(r"recovery: .*|accepted \(202\) jobs: .*", out)
        result = re.search(r"RESULT: \w+", out)
        found.append(
            f"{script}: {result.group() if result else 'no RESULT'} ({recovery.group() if recovery else out[-200:]})"
        )
    line.note = "; ".join(found)
    return line


def redis_lost_its_data(stack: Stack, args: argparse.Namespace) -> Line:
    """Row 7: Redis killed and restarted on the same port without its data (AOF gone)."""
    line = Line("7 redis restarted empty")
    old = post(stack, article(2), key="before-loss").json()["id"]
    account(stack, [old], KEY_A, 30)
    stack.redis_proc.kill()  # type: ignore[attr-defined]
    stack.redis_proc.wait(10)  # type: ignore[attr-defined]
    for leftover in stack.tmp.glob("appendonly*"):
        subprocess.run(["rm", "-rf", str(leftover)], check=True)
    stack.redis_proc, _ = servers.start_redis(stack.tmp, stack.port, True)
    servers.wait_until(lambda: probes.call(stack.base, "GET", "/readyz").status == 200, 30, "readyz")
    get = probes.call(stack.base, "GET", f"/v1/jobs/{old}", token=KEY_A)
    replay = post(stack, article(2), key="before-loss")
    line.count(get)
    line.count(replay)
    new = [replay.json()["id"]] if replay.status == 202 else []
    line.jobs(stack, new, KEY_A, 90)
    line.note = (
        f"old job: {get.status} {get.json().get('code')}; replayed key: {replay.status} "
        f"Job-Store-Lost-At={replay.headers.get('Job-Store-Lost-At')}; workers alive "
        f"{sum(w.poll() is None for w in stack.workers)}/2"
    )
    return line


PROBES = [
    ("killed_gunicorn_worker", killed_gunicorn_worker),
    ("hostile_characters", hostile_characters),
    ("parallel_retries", parallel_retries),
    ("other_keys_failures", other_keys_failures),
    ("expired_replay", expired_replay),
    ("full_redis", full_redis),
    ("paused_worker", paused_worker),
    ("memory_per_article", memory_per_article),
    ("heavy_html", heavy_html),
    ("earlier_scripts", earlier_scripts),
    ("redis_lost_its_data", redis_lost_its_data),
]
