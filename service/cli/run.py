"""Enrich many articles: N requests in flight, a progress bar, one results line per article.

Worker threads each take an article, submit it (content-hash Idempotency-Key) and wait for its job;
only the main thread writes the results file, so a Ctrl-C never leaves half a line. Threads are
daemons: an interrupted run exits at once, and what was in flight is replayed by the next run.
"""

from __future__ import annotations

import queue
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from service.cli.inputs import Item
from service.cli.results import ResultsFile
from service.client import ApiProblem, EnrichClient, EnrichError, WaitTimedOut, errors

# Answers that sending again later may fix: the record is "error" and a re-run retries it.
TRANSIENT = (errors.RateLimited, errors.ServiceUnavailable, errors.ServerError, errors.UnexpectedResponse)


class Fatal(Exception):
    """Every other article would fail the same way (wrong key, service unreachable): stop the run."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Outcome:
    counts: Counter[str]  # status -> articles, this run and earlier ones
    fatal: Fatal | None = None
    interrupted: bool = False


def enrich_one(client: EnrichClient, item: Item, wait_s: float) -> dict[str, Any]:
    """The results line for one article; raises Fatal for errors that doom the whole run."""
    record: dict[str, Any] = {"source": item.source, "key": item.key, "job_id": None}
    if item.article is None:
        return {**record, "status": "rejected", "result": None,
                "error": {"code": "invalid_input", "message": item.problem}}  # fmt: skip
    try:
        submission = client.submit(item.article, idempotency_key=item.key)
        record["job_id"] = submission.job.id
        job = submission.job
        if not job.done and wait_s > 0:
            job = client.wait(job.id, timeout_s=wait_s)
    except WaitTimedOut as exc:
        job = exc.job
    except errors.Unauthorized as exc:
        raise Fatal(f"the API refused the key ({exc.detail}); pass --key or set ENRICH_API_KEY", 3) from exc
    except errors.ConnectionFailed as exc:
        raise Fatal(f"cannot reach the API: {exc}", 4) from exc
    except TRANSIENT as exc:
        return {**record, "status": "error", "result": None, "error": _problem(exc)}
    except ApiProblem as exc:  # the request itself is wrong (4xx): sending it again cannot help
        return {**record, "status": "rejected", "result": None, "error": _problem(exc)}
    if job.done:
        error = None if job.error is None else {"code": job.error.code, "message": job.error.message}
        return {**record, "status": job.status, "result": job.result, "error": error}
    # Not ended within --wait (or --wait 0): a re-run replays the submission and waits again.
    return {**record, "status": "pending", "result": None, "error": None}


def _problem(exc: EnrichError) -> dict[str, Any]:
    if isinstance(exc, ApiProblem):
        problem: dict[str, Any] = {"code": exc.code, "message": exc.detail, "http_status": exc.status}
        if exc.errors:
            problem["errors"] = exc.errors
        return problem
    return {"code": type(exc).__name__, "message": str(exc)}


class RateColumn(ProgressColumn):
    """Articles per second over the whole run (steadier than rich's windowed speed)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f} articles/s", style="progress.data.speed")


def run(
    client: EnrichClient,
    items: list[Item],
    results: ResultsFile,
    *,
    concurrency: int,
    wait_s: float,
    console: Console,
) -> Outcome:
    counts: Counter[str] = Counter()
    todo: queue.SimpleQueue[Item] = queue.SimpleQueue()
    for item in items:
        earlier = results.done(item.source, item.key)
        if earlier is not None:
            counts[earlier["status"]] += 1
        else:
            todo.put(item)
    pending = todo.qsize()
    if counts:
        console.print(f"{sum(counts.values())} article(s) already done in {results.path}: skipped")
    outcome = Outcome(counts)
    if pending == 0:
        return outcome

    answers: queue.SimpleQueue[dict[str, Any] | Fatal] = queue.SimpleQueue()
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            try:
                item = todo.get_nowait()
            except queue.Empty:
                return
            try:
                answers.put(enrich_one(client, item, wait_s))
            except Fatal as fatal:
                answers.put(fatal)
                return
            except Exception as exc:  # noqa: BLE001 - a bug must end the run with a message, not hang it
                answers.put(Fatal(f"{item.source}: unexpected {type(exc).__name__}: {exc}", 1))
                return

    threads = [threading.Thread(target=work, daemon=True) for _ in range(min(concurrency, pending))]
    progress = Progress(
        TextColumn("enrich"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("[green]{task.fields[ok]} finished"),
        TextColumn("[red]{task.fields[bad]} failed"),
        RateColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    with progress:
        task = progress.add_task("enrich", total=pending, ok=0, bad=0)
        for thread in threads:
            thread.start()
        received, ok, bad = 0, 0, 0
        try:
            while received < pending:
                try:
                    answer = answers.get(timeout=0.5)
                except queue.Empty:
                    if not any(thread.is_alive() for thread in threads):
                        break  # every worker ended early (a Fatal already received, or none left)
                    continue
                if isinstance(answer, Fatal):
                    # Leave at once: requests still in flight would fail alike, and a re-run replays them.
                    outcome.fatal = answer
                    stop.set()
                    break
                received += 1
                results.append(answer)
                counts[answer["status"]] += 1
                ok += answer["status"] == "finished"
                bad += answer["status"] != "finished"
                progress.update(task, advance=1, ok=ok, bad=bad)
        except KeyboardInterrupt:
            stop.set()
            outcome.interrupted = True
        _keep_arrived(answers, results, counts)
    return outcome


def _keep_arrived(
    answers: queue.SimpleQueue[dict[str, Any] | Fatal], results: ResultsFile, counts: Counter[str]
) -> None:
    """Write the answers that arrived while the run was stopping; never wait for more."""
    while True:
        try:
            answer = answers.get_nowait()
        except queue.Empty:
            return
        if isinstance(answer, dict):
            results.append(answer)
            counts[answer["status"]] += 1
