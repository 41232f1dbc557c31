"""Each owner's failed jobs, indexed by owner, so that listing one key's failures costs the same
however many failures the other keys have (RQ's FailedJobRegistry is one set for everyone)."""

from __future__ import annotations

import time

from redis import Redis
from redis.client import Pipeline

from service.queue.keys import Keys

# Newest failures kept per owner; the listing shows at most 100. Bounded so that a key failing
# millions of jobs costs its own index a fixed size.
KEEP = 1000


class FailedIndex:
    def __init__(self, redis: Redis, keys: Keys, ttl_s: int) -> None:
        self.redis, self.keys, self.ttl_s = redis, keys, ttl_s

    def add(self, owner: str, job_id: str, pipeline: Pipeline | None = None) -> None:
        pipe = pipeline if pipeline is not None else self.redis.pipeline(transaction=False)
        key = self.keys.failed(owner)
        pipe.zadd(key, {job_id: time.time()})
        pipe.zremrangebyrank(key, 0, -(KEEP + 1))
        pipe.expire(key, self.ttl_s)  # a failure is readable this long; so is its index
        if pipeline is None:
            pipe.execute()

    def remove(self, owner: str, job_id: str, pipeline: Pipeline | None = None) -> None:
        (pipeline if pipeline is not None else self.redis).zrem(self.keys.failed(owner), job_id)

    def newest(self, owner: str, limit: int) -> list[str]:
        ids: list[bytes] = self.redis.zrevrange(self.keys.failed(owner), 0, limit - 1)  # type: ignore[assignment]
        return [job_id.decode() for job_id in ids]

    def forget(self, owner: str, job_ids: list[str]) -> None:
        """Drop entries whose jobs expired or are no longer failed (found while listing)."""
        if job_ids:
            self.redis.zrem(self.keys.failed(owner), *job_ids)
