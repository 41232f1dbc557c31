"""Per-client request limit, counted in Redis so it holds across API replicas."""

from __future__ import annotations

import time

from redis import Redis

from service.queue.keys import Keys

WINDOW_S = 60


class RateLimiter:
    def __init__(self, redis: Redis, keys: Keys, per_minute: int) -> None:
        self.redis, self.keys, self.per_minute = redis, keys, per_minute

    def allow(self, client: str, now: float | None = None) -> int:
        """Count one request for `client`; 0 if allowed, else seconds until it may retry.

        A fixed one-minute window: one INCR per request, no sorted sets to trim."""
        now = time.time() if now is None else now
        window = int(now // WINDOW_S)
        key = self.keys.rate(client, window)
        with self.redis.pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, 2 * WINDOW_S)
            count = int(pipe.execute()[0])
        if count <= self.per_minute:
            return 0
        return max(1, int((window + 1) * WINDOW_S - now))
