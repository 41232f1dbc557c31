"""The delivery threads a worker runs beside its jobs: claim due deliveries, build the body at the
first attempt, sign it, POST it, record the attempt, and schedule the next one with backoff until
the receiver answers 2xx or the retry window (24 h by default) has passed."""

from __future__ import annotations

import json
import logging
import random
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

from redis import Redis

from service.config import QueueSettings, WebhookSettings
from service.queue.batches import BatchStore
from service.queue.jobs import JobQueue
from service.queue.keys import Keys
from service.queue.reports import WorkerReports
from service.queue.webhooks import Attempt, Delivery, DeliveryStore
from service.webhooks import signing
from service.webhooks.addresses import Resolver
from service.webhooks.delivery import Outcome, post

log = logging.getLogger("service.webhooks")

THREADS = 4  # deliveries in flight per worker: each waits on the network, not on the CPU
POLL_S = 0.5  # an idle dispatcher looks for due deliveries this often: a webhook's added latency
OUTAGE_WAIT_S = 5.0  # after a failed look (Redis unreachable), before the next
NOT_ENDED_S = 1.0  # the job's end is not stored yet (RQ stores it after the completion hook): wait
LEASE_MARGIN_S = 30  # a claim outlives the longest attempt by this much before another worker may retry
JITTER = 0.1  # up to 10 % added to each backoff, so retries to one receiver that was down spread out


class Dispatcher:
    def __init__(
        self,
        redis: Redis,
        queue: QueueSettings,
        webhooks: WebhookSettings,
        *,
        resolver: Resolver = socket.getaddrinfo,
        clock: Callable[[], float] = time.time,
    ) -> None:
        keys = Keys(queue.queue_name)
        self.store = DeliveryStore(redis, keys)
        self.jobs = JobQueue(redis, queue)
        self.batches = BatchStore(redis, keys, queue)
        self.reports = WorkerReports(redis, keys)
        self.settings = webhooks
        self.allowed = webhooks.allowed_networks()
        self.resolver, self.clock = resolver, clock
        self._pool = ThreadPoolExecutor(THREADS, thread_name_prefix="webhook")
        self._in_flight = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True)  # attempts in flight end within their timeout

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.dispatch() > 0
            except Exception:  # a Redis outage must not end the thread (nor fill the log)
                log.warning("webhook dispatch failed", exc_info=True)
                self._stop.wait(OUTAGE_WAIT_S)
                continue
            if not busy:
                self._stop.wait(POLL_S)

    def dispatch(self) -> int:
        """Claim as many due deliveries as there are free threads and start them. Returns how many."""
        with self._lock:
            free = THREADS - self._in_flight
        if free <= 0:
            time.sleep(0.05)
            return 0
        lease_s = self.settings.webhook_timeout_s + LEASE_MARGIN_S
        claimed = self.store.claim(self.clock(), lease_s, free)
        for delivery_id in claimed:
            with self._lock:
                self._in_flight += 1
            self._pool.submit(self._attempt_in_thread, delivery_id)
        return len(claimed)

    def _attempt_in_thread(self, delivery_id: str) -> None:
        try:
            self.attempt(delivery_id)
        except Exception:  # its lease runs out and another attempt follows
            log.warning("webhook attempt failed", exc_info=True, extra={"delivery_id": delivery_id})
        finally:
            with self._lock:
                self._in_flight -= 1

    def attempt(self, delivery_id: str) -> Outcome | None:
        """One attempt at a claimed delivery; None when there was nothing to send yet."""
        delivery = self.store.get(delivery_id)
        if delivery is None or delivery.status != "pending":
            self.store.forget(delivery_id)
            return None
        now = self.clock()
        body, first_at = delivery.body, delivery.first_attempt_at or now
        if body is None:
            resource, ended = self._resource(delivery)
            if resource is None:
                outcome = Outcome(None, f"the {delivery.subject} no longer exists", 0.0, permanent=True)
                return self._record(delivery, now, first_at, outcome)
            if not ended:
                self.store.postpone(delivery_id, now + NOT_ENDED_S)
                return None
            body = json.dumps(resource, separators=(",", ":"), ensure_ascii=False).encode()
            self.store.set_body(delivery_id, body, now)
        secrets = self.settings.secrets_for(delivery.owner)
        if not secrets:
            outcome = Outcome(None, "no webhook secret is configured for this API key", 0.0, permanent=True)
            return self._record(delivery, now, first_at, outcome)
        headers = {
            signing.HEADER: signing.signature_header(secrets, int(self.clock()), body),
            "Enrich-Event": delivery.event,
            "Enrich-Delivery": delivery.id,  # the same on every retry: receivers skip repeats by it
        }
        outcome = post(
            delivery.url,
            body,
            headers,
            allowed=self.allowed,
            timeout_s=self.settings.webhook_timeout_s,
            resolver=self.resolver,
        )
        return self._record(delivery, now, first_at, outcome)

    def _resource(self, delivery: Delivery) -> tuple[dict[str, Any] | None, bool]:
        """The job or batch as the API shows it now, and whether it has ended."""
        if delivery.subject == "job":
            job = self.jobs.fetch(delivery.subject_id, owner=delivery.owner)
            return job, job is not None and job["status"] in ("finished", "failed")
        batch = self.batches.resource(delivery.subject_id, owner=delivery.owner)
        return batch, batch is not None and batch["status"] == "ended"

    def _record(self, delivery: Delivery, at: float, first_at: float, outcome: Outcome) -> Outcome:
        made = len(self.store.attempts(delivery.id)) + 1
        next_at = None
        if not outcome.delivered and not outcome.permanent:
            next_at = self.next_attempt(first_at, made, self.clock())
        self.store.record(
            delivery.id,
            Attempt(at, outcome.status_code, outcome.error, outcome.duration_ms),
            delivered=outcome.delivered,
            next_at=next_at,
        )
        result = "delivered" if outcome.delivered else ("retrying" if next_at else "gave_up")
        self.reports.record_webhook(result)
        context = {
            "delivery_id": delivery.id,
            "event": delivery.event,
            "subject_id": delivery.subject_id,
            "host": urlsplit(delivery.url).hostname,  # not the URL: it may carry a token
            "attempt": made,
            "status_code": outcome.status_code,
            "outcome": result,
        }
        if outcome.delivered:
            log.info("webhook delivered", extra=context)
        else:
            log.warning("webhook attempt failed", extra={**context, "error": outcome.error})
        return outcome

    def next_attempt(self, first_at: float, made: int, now: float) -> float | None:
        """When to try again after `made` attempts, or None once past the retry window."""
        s = self.settings
        delay = float(min(s.webhook_backoff_s * 2 ** (made - 1), s.webhook_backoff_max_s))
        delay *= 1 + random.uniform(0, JITTER)
        if now + delay > first_at + s.webhook_retry_for_s:
            return None
        return now + delay
