"""Start and stop the real processes the tests talk to: redis-server, an RQ worker, gunicorn.

Every process is started here, remembered by PID and stopped by that PID; every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(
    check: Callable[[], bool], timeout: float, what: str, proc: subprocess.Popen | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what}: process exited with {proc.returncode}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{what} not ready after {timeout} s")


def stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def start_redis(
    workdir: Path, port: int | None = None, appendonly: bool = False, *extra: str
) -> tuple[subprocess.Popen, str]:
    """redis-server on 127.0.0.1 (a free port unless given: a restart reuses its port), without
    persistence unless `appendonly`; `extra` are more redis-server arguments (--maxmemory ...)."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server not found: run scripts/setup.sh (it installs Debian's redis-server)")
    port = port or free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "yes" if appendonly else "no", "--dir", str(workdir), *extra],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip

    def ping() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    wait_until(ping, 10, "redis-server", proc)
    return proc, f"redis://127.0.0.1:{port}/0"


def service_env(redis_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "ENRICH_REDIS_URL": redis_url,
        "PYTHONUNBUFFERED": "1",
        "ENRICH_AUTH": "disabled",
        **extra,
    }
    env["PYTHONPATH"] = str(ROOT)
    return env


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "service.worker.main"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def start_gunicorn(
    env: dict[str, str], log: Path, app: str = "service.wsgi:app"
) -> tuple[subprocess.Popen, str]:
    """gunicorn with the service's gunicorn.conf.py on a free port, serving `app` (the service
    unless told otherwise: bench/ingest.py serves its yardstick app under the same settings)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            app,
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        with urllib.request.urlopen(base + "/readyz", timeout=1) as response:
            return response.status == 200

    wait_until(healthy, 30, "gunicorn", proc)
    return proc, base


def wait_for_job(
    jobs: Any, job_id: str, statuses: tuple[str, ...] = ("finished", "failed"), timeout: float = 120
) -> dict:
    """Poll a service.queue.jobs.JobQueue until the job reaches one of `statuses` (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = jobs.fetch(job_id)
        if job and job["status"] in statuses:
            return job
        time.sleep(0.05)
    raise TimeoutError(f"{job_id} not {statuses} after {timeout} s: {jobs.fetch(job_id)}")
