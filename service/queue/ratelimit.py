"""Request limits counted in Redis so they hold across API replicas: per API key, and failed
authentications per client address (key guessing)."""

from __future__ import annotations

import logging
import time

from redis import Redis
from redis.exceptions import OutOfMemoryError

from service.queue.keys import Keys

log = logging.getLogger("service.api")

WINDOW_S = 60


class RateLimiter:
    def __init__(self, redis: Redis, keys: Keys, per_minute: int) -> None:
        self.redis, self.keys, self.per_minute = redis, keys, per_minute

    def allow(self, client: str, now: float | None = None) -> int:
        """Count one request for `client`; 0 if allowed, else seconds until it may retry.

        A fixed one-minute window: one INCR per request, no sorted sets to trim. A full Redis
        (maxmemory) refuses the count: the request is let through, so reading jobs keeps working
        while new ones cannot be written."""
        now = time.time() if now is None else now
        window = int(now // WINDOW_S)
        count = _count(self.redis, self.keys.rate(client, window))
        if count <= self.per_minute:
            return 0
        return _until_next(window, now)


class AuthFailures:
    """Failed authentications per client address. Past the limit, every request from the address
    gets 429 until the window ends, without its key being looked at."""

    def __init__(self, redis: Redis, keys: Keys, per_minute: int) -> None:
        self.redis, self.keys, self.per_minute = redis, keys, per_minute

    def blocked(self, address: str, now: float | None = None) -> int:
        """0 if the address may try a key, else seconds until it may."""
        now = time.time() if now is None else now
        window = int(now // WINDOW_S)
        raw = self.redis.get(self.keys.auth_failures(address, window))
        return _until_next(window, now) if raw is not None and int(raw) >= self.per_minute else 0

    def failed(self, address: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        _count(self.redis, self.keys.auth_failures(address, int(now // WINDOW_S)))


def _count(redis: Redis, key: str) -> int:
    try:
        with redis.pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, 2 * WINDOW_S)
            return int(pipe.execute()[0])
    except OutOfMemoryError:
        log.warning("redis is full: request not counted")
        return 0


def _until_next(window: int, now: float) -> int:
    return max(1, int((window + 1) * WINDOW_S - now))
