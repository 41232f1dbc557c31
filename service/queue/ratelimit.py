"""Request limits counted in Redis so they hold across API replicas: per API key, and failed
authentications per client address (key guessing)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

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


# Unless the address is past its limit of failed authentications (`failures` at `limit` or more:
# -1), count one in `counted` (the key's requests, or `failures` itself for a failure) and return
# the count; the count's TTL is `ttl`, as _count sets it. A Lua function, so that a script that
# writes a job can count its request too (service.queue.submission).
ADMIT_FUNCTION = """
local function admit(failures, counted, limit, ttl)
  if tonumber(redis.call('GET', failures) or '0') >= tonumber(limit) then return -1 end
  local count = redis.call('INCR', counted)
  redis.call('EXPIRE', counted, ttl)
  return count
end
"""
_ADMIT = ADMIT_FUNCTION + "return admit(KEYS[1], KEYS[2], ARGV[1], ARGV[2])"


@dataclass(frozen=True)
class Admission:
    blocked: int = 0  # the address is past its failed authentications: seconds until it may try
    limited: int = 0  # the key is past its requests a minute: seconds until it may retry


@dataclass(frozen=True)
class Count:
    """One request to count, and what the decision needs: `keys` and `args` are the admit
    function's (failures, counted) and (limit, ttl); `per_minute` the key's limit."""

    address: str
    client: str | None
    now: float
    window: int
    keys: tuple[str, str]
    args: tuple[int, int]
    per_minute: int


class Gate:
    """What an authenticated request costs in Redis, in one round trip: the address's failed
    authentications are looked at, then one request of the key (or one failure of the address)
    is counted. The same decisions as AuthFailures and RateLimiter called one after the other,
    which are still used when Redis is full (it refuses scripts that write).

    A request that writes a job can instead have its count made by the script that writes it
    (count() here, the script in service.queue.submission, decide() on what it returned): one
    round trip for both. The gate remembers, per key, the last window in which the key reached
    half its limit: from then on its requests are counted before their body is read, so that a
    key at its limit is refused before its bodies cost anything (counting_early)."""

    def __init__(self, redis: Redis, keys: Keys, per_minute: int, failures_per_minute: int) -> None:
        self.keys = keys
        self.limiter = RateLimiter(redis, keys, per_minute)
        self.failures = AuthFailures(redis, keys, failures_per_minute)
        self._admit = redis.register_script(_ADMIT)
        self._busy: dict[str, int] = {}  # key name -> the last window it passed half its limit

    def count(self, address: str, client: str | None, now: float | None = None) -> Count:
        """The count of one request, to be made by admit() or by a script that calls `admit`."""
        now = time.time() if now is None else now
        window = int(now // WINDOW_S)
        failures = self.keys.auth_failures(address, window)
        counted = failures if client is None else self.keys.rate(client, window)
        args = (self.failures.per_minute, 2 * WINDOW_S)
        return Count(address, client, now, window, (failures, counted), args, self.limiter.per_minute)

    def admit(self, address: str, client: str | None, now: float | None = None) -> Admission:
        """`client` is the key's name, or None when the request's key was missing or wrong (a
        failure is counted for the address unless it is blocked already)."""
        return self.admit_count(self.count(address, client, now))

    def admit_count(self, count: Count) -> Admission:
        try:
            counted = int(self._admit(keys=list(count.keys), args=list(count.args)))
        except OutOfMemoryError:
            return self._admit_uncounted(count.address, count.client, count.now)
        return self.decide(count, counted)

    def decide(self, count: Count, counted: int) -> Admission:
        """The decision on a request, from what the admit function returned for it."""
        if counted < 0:
            return Admission(blocked=_until_next(count.window, count.now))
        if count.client is not None:
            if 2 * counted > self.limiter.per_minute:
                self._busy[count.client] = count.window
            if counted > self.limiter.per_minute:
                return Admission(limited=_until_next(count.window, count.now))
        return Admission()

    def counting_early(self, client: str, now: float | None = None) -> bool:
        """Whether this key's requests should be counted before their body is read: it passed
        half its limit in this window (as far as this process saw)."""
        now = time.time() if now is None else now
        return self._busy.get(client) == int(now // WINDOW_S)

    def _admit_uncounted(self, address: str, client: str | None, now: float) -> Admission:
        """A full Redis: the same decisions with reads only (what cannot be counted is let through)."""
        blocked = self.failures.blocked(address, now)
        if blocked:
            return Admission(blocked=blocked)
        if client is None:
            self.failures.failed(address, now)
            return Admission()
        return Admission(limited=self.limiter.allow(client, now))


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
