"""EnrichClient: the public HTTP API (POST /v1/articles, GET /v1/jobs/{id}?wait=) over httpx.

One method per operation; every request goes through `_send`, which adds the API key, retries 429
and 503 after their Retry-After (and network failures, when repeating the request is safe), and
turns error answers into typed `ApiProblem`s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import quote

import httpx

from service.client import errors
from service.client.models import Article, Batch, BatchItem, BatchSubmission, Job, Submission
from service.client.retry import RETRY_STATUSES, RetryPolicy, parse_retry_after

# The API holds a GET ?wait= at most this long (README: "wait is capped at 30 s").
MAX_SERVER_WAIT_S = 30.0
# Read timeout beyond the wait asked for: the server answers when the wait ends, plus its own latency.
WAIT_SLACK_S = 15.0
USER_AGENT = f"enrich-client/0.1 httpx/{httpx.__version__}"


class EnrichClient:
    """A client for one API base URL and key; safe to share between threads."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        timeout_s: float = 30.0,
        retry: RetryPolicy | None = None,
        max_connections: int = 16,
        transport: httpx.BaseTransport | None = None,
    ):
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self.retry = retry or RetryPolicy()
        self._http = httpx.Client(
            base_url=base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            transport=transport,
            follow_redirects=False,  # the API never redirects; a redirect would carry the key elsewhere
        )
        self._timeout_s = timeout_s

    def __enter__(self) -> EnrichClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def check(self) -> None:
        """Raise ConnectionFailed at once (no retries) unless the service answers GET /healthz."""
        try:
            self._http.get("/healthz", timeout=min(self._timeout_s, 10.0)).raise_for_status()
        except httpx.HTTPError as exc:
            raise errors.ConnectionFailed(f"GET {self._url('/healthz')}: {exc}") from exc

    def submit(self, article: Article, idempotency_key: str | None = None) -> Submission:
        """Queue one article. With an Idempotency-Key (e.g. `article.content_key()`) a repeat of
        the same request returns the same job, so network failures are retried too; without one
        only 429 and 503 are (their request never reached the queue)."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        response = self._send(
            "POST", "/v1/articles", json=article.to_payload(), headers=headers, safe=bool(idempotency_key)
        )
        job = Job.from_json(_json_object(response))
        location = response.headers.get("Location") or f"/v1/jobs/{quote(job.id, safe='')}"
        return Submission(job, location, replayed=response.headers.get("Idempotent-Replayed") == "true")

    def get_job(self, job_id: str, wait: float = 0.0) -> Job:
        """The job now, or, with `wait` > 0, as soon as it ends (the server holds up to 30 s)."""
        wait = min(max(wait, 0.0), MAX_SERVER_WAIT_S)
        params = {"wait": f"{wait:g}"} if wait else None
        timeout = httpx.Timeout(self._timeout_s + wait + WAIT_SLACK_S, connect=min(self._timeout_s, 10.0))
        response = self._send(
            "GET", f"/v1/jobs/{quote(job_id, safe='')}", params=params, timeout=timeout, safe=True
        )
        return Job.from_json(_json_object(response))

    def wait(self, job_id: str, timeout_s: float = 300.0) -> Job:
        """The job once finished or failed; WaitTimedOut (with the last state) after `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            job = self.get_job(job_id, wait=max(remaining, 0.0))
            if job.done:
                return job
            if deadline - time.monotonic() <= 0:
                raise errors.WaitTimedOut(job, timeout_s)

    def enrich(self, article: Article, timeout_s: float = 300.0, idempotency_key: str | None = None) -> Job:
        """Submit and wait: the finished (or failed) job."""
        submission = self.submit(article, idempotency_key=idempotency_key)
        if submission.job.done:
            return submission.job
        return self.wait(submission.job.id, timeout_s=timeout_s)

    def submit_batch(
        self,
        articles: Sequence[Article],
        *,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> BatchSubmission:
        """Queue up to 100 articles in one request. Invalid ones come back in `batch.rejected`
        (by index) and the rest are queued; with `callback_url` the batch is POSTed there, signed,
        once its last job ends. An Idempotency-Key makes a repeat return the same batch."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        response = self._send(
            "POST",
            "/v1/batches",
            json=[article.to_payload() for article in articles],
            headers=headers,
            params={"callback_url": callback_url} if callback_url else None,
            safe=bool(idempotency_key),
        )
        batch = Batch.from_json(_json_object(response))
        location = response.headers.get("Location") or f"/v1/batches/{quote(batch.id, safe='')}"
        return BatchSubmission(
            batch, location, replayed=response.headers.get("Idempotent-Replayed") == "true"
        )

    def get_batch(self, batch_id: str, *, cursor: str | None = None, limit: int | None = None) -> Batch:
        """The batch's counts and one page of its jobs (pass the previous page's `next_cursor`)."""
        params = {"cursor": cursor} if cursor else {}
        if limit is not None:
            params["limit"] = str(limit)
        response = self._send(
            "GET", f"/v1/batches/{quote(batch_id, safe='')}", params=params or None, safe=True
        )
        return Batch.from_json(_json_object(response))

    def batch_items(self, batch_id: str, page_size: int = 100) -> Iterator[BatchItem]:
        """Every accepted article of the batch with its job, in request order, a page at a time."""
        cursor: str | None = None
        while True:
            page = self.get_batch(batch_id, cursor=cursor, limit=page_size)
            yield from page.items
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def wait_batch(self, batch_id: str, timeout_s: float = 600.0, poll_s: float = 1.0) -> Batch:
        """The batch once every job has ended (polled); TimeoutError with the counts after `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while True:
            batch = self.get_batch(batch_id, limit=1)
            if batch.done:
                return batch
            if time.monotonic() >= deadline:
                raise TimeoutError(
                    f"batch {batch_id} still {batch.status} after {timeout_s:.0f} s: {batch.counts}"
                )
            time.sleep(min(poll_s, max(deadline - time.monotonic(), 0.0)))

    def _url(self, path: str) -> str:
        return str(self._http.base_url).rstrip("/") + path

    def _send(
        self,
        method: str,
        path: str,
        *,
        safe: bool,
        json: Any = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> httpx.Response:
        """One API call with bounded retries; returns a 2xx response or raises an EnrichError.

        `safe`: sending the request twice does no harm, so a network failure may be retried."""
        attempt = 0
        while True:
            try:
                response = self._http.request(
                    method,
                    path,
                    json=json,
                    headers=headers,
                    params=params,
                    timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
                )
            except httpx.TransportError as exc:
                if not safe or attempt >= self.retry.max_retries:
                    raise errors.ConnectionFailed(
                        f"{method} {self._url(path)}: {exc or type(exc).__name__}"
                    ) from exc
                self.retry.sleep(self.retry.delay(attempt, None))
                attempt += 1
                continue
            if response.is_success:
                return response
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if response.status_code in RETRY_STATUSES and attempt < self.retry.max_retries:
                self.retry.sleep(self.retry.delay(attempt, retry_after))
                attempt += 1
                continue
            raise errors.problem_error(response.status_code, _problem(response), retry_after)


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict) or "id" not in data or "status" not in data:
        raise errors.UnexpectedResponse(
            f"{response.request.method} {response.request.url} answered {response.status_code} "
            f"without the resource it documents: {response.text[:200]!r}"
        )
    return data


def _problem(response: httpx.Response) -> dict[str, Any]:
    """The problem+json body; anything else (a proxy's HTML page) becomes a minimal problem."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict):
        return data
    return {"status": response.status_code, "detail": response.text.strip()[:500] or response.reason_phrase}
