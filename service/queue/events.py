"""A job ended: workers publish it on a Redis pub/sub channel; `?wait` requests are woken by it.

Each API process holds one subscription (one connection, one listener thread; under gevent a
greenlet) and wakes every request waiting on the job, so a wait answers within milliseconds of
the job's end without polling Redis. A message lost while the subscription reconnects costs a
waiter at most SAFETY_POLL_S: waiters also look at the job that often.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator

from redis import Redis
from redis.exceptions import RedisError

from service.queue.keys import Keys

log = logging.getLogger("service.api")

SAFETY_POLL_S = 1.0  # longest a waiter goes without looking at its job itself
RECONNECT_S = 1.0


def publish_ended(redis: Redis, keys: Keys, job_id: str) -> None:
    """Tell waiting requests that a job finished or failed. Best effort: they poll as well."""
    try:
        redis.publish(keys.ended(), job_id)
    except RedisError:
        log.warning("could not publish the end of job %s", job_id, exc_info=True)


class EndedJobs:
    """Per-process registry of waiting requests, woken by the `ended` channel."""

    def __init__(self, redis: Redis, keys: Keys) -> None:
        self.redis, self.channel = redis, keys.ended()
        self._lock = threading.Lock()
        self._waiting: dict[str, set[threading.Event]] = {}
        self._listener_pid: int | None = None  # threads do not survive gunicorn's fork

    @contextlib.contextmanager
    def watch(self, job_id: str) -> Iterator[threading.Event]:
        """An event set when `job_id` ends. Register first, then read the job, then wait: a job
        ending in between is not missed."""
        self._ensure_listener()
        event = threading.Event()
        with self._lock:
            self._waiting.setdefault(job_id, set()).add(event)
        try:
            yield event
        finally:
            with self._lock:
                waiters = self._waiting.get(job_id)
                if waiters is not None:
                    waiters.discard(event)
                    if not waiters:
                        del self._waiting[job_id]

    def _ensure_listener(self) -> None:
        if self._listener_pid == os.getpid():
            return
        with self._lock:
            if self._listener_pid == os.getpid():
                return
            self._listener_pid = os.getpid()
        threading.Thread(target=self._listen, name="ended-jobs", daemon=True).start()

    def _wake(self, job_id: str) -> None:
        with self._lock:
            for event in self._waiting.get(job_id, ()):
                event.set()

    def _listen(self) -> None:
        stop = threading.Event()  # never set: the listener lives as long as its process
        failing = False
        while True:
            try:
                with self.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    pubsub.subscribe(self.channel)
                    if failing:
                        log.info("ended-jobs subscription restored")
                    failing = False
                    while True:
                        message = pubsub.get_message(timeout=SAFETY_POLL_S)
                        if message and message["type"] == "message":
                            self._wake(message["data"].decode())
            except Exception as exc:  # noqa: BLE001  # any failure: reconnect; waiters poll meanwhile
                if not failing:  # once per outage, not once a second
                    log.warning("ended-jobs subscription lost (%s); reconnecting", exc)
                failing = True
                stop.wait(RECONNECT_S)


class WaitSlots:
    """Bounds the requests of one process that hold a `?wait`, in all and per API key. A request
    that gets no slot is answered at once with the job as it is; its client polls again."""

    def __init__(self, total: int, per_key: int) -> None:
        self.total, self.per_key = total, per_key
        self._lock = threading.Lock()
        self._used = 0
        self._by_key: dict[str, int] = {}

    @contextlib.contextmanager
    def slot(self, key: str) -> Iterator[bool]:
        with self._lock:
            granted = self._used < self.total and self._by_key.get(key, 0) < self.per_key
            if granted:
                self._used += 1
                self._by_key[key] = self._by_key.get(key, 0) + 1
        try:
            yield granted
        finally:
            if granted:
                with self._lock:
                    self._used -= 1
                    self._by_key[key] -= 1
                    if not self._by_key[key]:
                        del self._by_key[key]

    @property
    def used(self) -> int:
        return self._used
