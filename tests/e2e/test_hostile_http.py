"""Issue 14's probes that only need HTTP, short versions (bench/chaos.py runs the long ones):
slow clients, many waiters, a killed gunicorn worker, gunicorn's own errors, undrained bodies,
log lines, metric labels and key guessing, through gunicorn on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import math
import os
import signal
import time

import pytest

from tests import probes, servers
from tests.e2e.conftest import Stack
from tests.e2e.http import TOKEN

pytestmark = pytest.mark.e2e
ARTICLE = {"text": "Presiden Joko Widodo meresmikan jalan tol baru di Semarang, Jawa Tengah, pada Senin."}
# Kubernetes' liveness probe gives /healthz this long (timeoutSeconds in k8s/api.yaml, and more).
PROBE_TIMEOUT_S = 2.0


def test_slow_clients_do_not_starve_others(stack: Stack) -> None:
    """Row 3: slowloris and slow bodies are closed by the server and cost others nothing."""
    loris = probes.slowloris(stack.base_url, 40)
    bodies = probes.slow_bodies(stack.base_url, 20, TOKEN)
    try:
        with probes.probing(stack.base_url, [("GET", "/healthz"), ("POST", "/v1/articles")], TOKEN) as seen:
            time.sleep(2)
        for path, latencies in seen.items():
            assert latencies and max(latencies) < PROBE_TIMEOUT_S, (path, max(latencies))
        # Slow bodies get 408 once ENRICH_BODY_TIMEOUT_S (3 s here) has passed, then are closed.
        reply = probes.read_reply(bodies.sockets[0], timeout=10)
        assert reply.startswith(b"HTTP/1.1 408") and b"request_timeout" in reply
        assert b"Connection: close" in reply
        time.sleep(6)  # header reads are cut at ENRICH_WEB_KEEPALIVE_S (5 s)
        assert loris.closed_by_server == 40
    finally:
        loris.close()
        bodies.close()


def test_many_waiters_leave_probes_and_posts_alone(stack: Stack, seeds: dict[str, str]) -> None:
    """Row 4: 60 `?wait=30` on one running job; probes answer at once, waits right at its end."""
    long_text = probes.long_article(seeds.values(), 6)
    job_id = probes.call(stack.base_url, "POST", "/v1/articles", {"text": long_text}, token=TOKEN).json()[
        "id"
    ]
    probe_paths = [("GET", "/healthz"), ("GET", "/readyz"), ("POST", "/v1/articles")]
    with probes.probing(stack.base_url, probe_paths, TOKEN) as seen:
        waits = probes.in_threads(
            60, lambda i: probes.call(stack.base_url, "GET", f"/v1/jobs/{job_id}?wait=30", token=TOKEN)
        )
    answered = [time.time() - w.seconds for w in waits if isinstance(w, probes.Reply)]
    assert len(answered) == 60 and all(w.status == 200 for w in waits)
    job = waits[0].json()
    assert job["status"] == "finished"
    for path, latencies in seen.items():
        assert latencies and max(latencies) < PROBE_TIMEOUT_S, (path, max(latencies))
    assert not any(math.isinf(x) for latencies in seen.values() for x in latencies)


def test_a_gunicorn_worker_killed_mid_burst_loses_no_idempotent_article(stack: Stack) -> None:
    """Row 1: every Idempotency-Key sent while a worker died points at a real job on replay."""
    workers = probes.children(stack.web.pid)
    assert workers

    def post(i: int) -> probes.Reply:
        body = {"text": f"Artikel nomor {i}: Presiden Joko Widodo meresmikan jalan tol di Semarang."}
        return probes.call(
            stack.base_url,
            "POST",
            "/v1/articles",
            body,
            token=TOKEN,
            headers={"Idempotency-Key": f"burst-{i}"},
        )

    def send(i: int) -> probes.Reply:
        if i == 40:
            os.kill(workers[0], signal.SIGKILL)
        return post(i)

    first = probes.in_threads(120, send)
    servers.wait_until(
        lambda: len(probes.children(stack.web.pid)) == len(workers), 30, "gunicorn worker respawn"
    )
    for i, reply in enumerate(first):
        replay = post(i)
        assert replay.status == 202, replay.body
        if isinstance(reply, probes.Reply) and reply.status == 202:
            assert (
                replay.json()["id"] == reply.json()["id"] and replay.headers["Idempotent-Replayed"] == "true"
            )
        job = probes.call(stack.base_url, "GET", f"/v1/jobs/{replay.json()['id']}", token=TOKEN)
        assert job.status == 200, (i, job.body)


def test_gunicorns_own_errors_are_problems(stack: Stack) -> None:
    """Row 12."""
    host, port = probes.address(stack.base_url)
    for raw in (
        b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\n\r\n",
    ):
        with probes.socket.create_connection((host, port), timeout=5) as sock:
            sock.sendall(raw)
            reply = probes.read_reply(sock, timeout=5)
        head, _, body = reply.partition(b"\r\n\r\n")
        assert b"Content-Type: application/problem+json" in head, head
        problem = json.loads(body)
        assert problem["status"] in (400, 414) and problem["code"]


def test_an_unread_body_is_drained_and_the_connection_kept(stack: Stack) -> None:
    """Row 18: 401 and 415 on a large body; the next request on the same connection works."""
    host, port = probes.address(stack.base_url)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        big = json.dumps({"text": "x" * 900_000}).encode()
        for headers in (
            {"Authorization": "Bearer wrong-key-123"},
            {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"},
        ):
            conn.request("POST", "/v1/articles", body=big, headers=headers)
            response = conn.getresponse()
            response.read()
            assert response.status in (401, 415) and response.getheader("Connection") != "close"
        conn.request("GET", "/healthz")
        assert conn.getresponse().status == 200
    finally:
        conn.close()
    # Far larger than the limit: 413 before reading it, and the server says it closes.
    with probes.socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 5000000\r\n\r\n" + b"x" * 1000
        )
        head = probes.read_reply(sock, timeout=10).partition(b"\r\n\r\n")[0]
    assert head.startswith(b"HTTP/1.1 413") and b"Connection: close" in head


def test_access_log_lines_stay_json(stack: Stack) -> None:
    """Row 19: newlines, quotes and backslashes in the path and User-Agent."""
    log = stack.logs / "gunicorn.log"
    before = log.stat().st_size
    probes.call(
        stack.base_url, "GET", "/v1/jobs/a%0Ab%22c%5Cd", token=TOKEN, headers={"User-Agent": 'x\\y"z'}
    )
    probes.call(stack.base_url, "GET", '/healthz?q="\\', headers={"User-Agent": "\\\\"})
    time.sleep(0.5)
    with log.open("rb") as handle:
        handle.seek(before)
        lines = handle.read().decode().splitlines()
    paths = [json.loads(line).get("path") for line in lines]  # every line parses
    assert '/v1/jobs/a\nb"c\\d' in paths


def test_random_methods_do_not_grow_metrics(stack: Stack) -> None:
    """Row 15."""
    for i in range(100):
        probes.call(stack.base_url, f"M{i}X", "/v1/articles")
    metrics = probes.call(stack.base_url, "GET", "/metrics").body.decode()
    assert "M5X" not in metrics and 'method="other"' in metrics


def test_key_guessing_is_rate_limited_per_address(stack: Stack) -> None:
    """Row 11, from 127.0.0.2 so that this test's block does not reach the others' address."""
    statuses = [
        probes.call(
            stack.base_url, "GET", "/v1/jobs?status=failed", token=f"guess-{i:04d}", source="127.0.0.2"
        ).status
        for i in range(40)
    ]
    assert statuses[:30] == [401] * 30 and set(statuses[30:]) == {429}
    assert probes.call(stack.base_url, "GET", "/v1/jobs?status=failed", token=TOKEN).status == 200


@pytest.mark.parametrize(
    "body, status, code",
    [(b"[" * 100_000 + b"]" * 100_000, 400, "json_too_deep"),
     (json.dumps({"text": "x", "features": ["nope"] * 100_000}).encode(), 422, "validation_failed"),
     (json.dumps({"text": "x", "summary_sentences": "3"}).encode(), 422, "validation_failed")],
)  # fmt: skip
def test_hostile_bodies_get_their_problem(stack: Stack, body: bytes, status: int, code: str) -> None:
    """Rows 9, 10, 13."""
    reply = probes.call(stack.base_url, "POST", "/v1/articles", body, token=TOKEN)
    assert reply.status == status and reply.json()["code"] == code and len(reply.body) < 5000
