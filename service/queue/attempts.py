"""Attempts and fencing: each run of a job takes the next attempt number, and only the run that
holds the latest number may write the job's progress, error or result.

A worker paused (SIGSTOP, a long GC, a frozen VM) past the liveness TTL has its job handed to
another worker; when it wakes up it still believes it runs the job. Its number is then no longer
the latest, so its writes are refused (compare-and-set in one Lua script) and the worker discards
its late result instead of overwriting the newer run's. The counter only ever goes up: `attempts`
in the job resource never goes backwards.

The fields live in RQ's job hash, beside RQ's own, so they expire with the job.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

from redis import Redis

ATTEMPT = "enrich_attempt"  # the latest attempt's number
STAGE = "enrich_stage"  # the stage the latest attempt is in
ERROR = "enrich_error"  # JSON {code, message} of the latest failed attempt

# Only for a job that still exists: HINCRBY on a deleted (expired) job would recreate a stub.
_BEGIN = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
"""
_WRITE_IF_CURRENT = """
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
return 1
"""


class StaleAttempt(Exception):
    """A later attempt of this job has started: this run's writes and result are discarded."""


@dataclass(frozen=True)
class Attempt:
    redis: Redis
    job_key: str
    job_id: str
    number: int

    def is_current(self) -> bool:
        return self.redis.hget(self.job_key, ATTEMPT) == str(self.number).encode()

    def write(self, field: str, value: str) -> None:
        """Set one field of the job, or raise StaleAttempt if a later attempt owns the job."""
        script = self.redis.register_script(_WRITE_IF_CURRENT)
        if not script(keys=[self.job_key], args=[ATTEMPT, self.number, field, value]):
            raise StaleAttempt(f"job {self.job_id}: attempt {self.number} was superseded")


def begin(redis: Redis, job_key: str, job_id: str) -> Attempt | None:
    """Take the next attempt number for a job; None if the job no longer exists."""
    number = int(redis.register_script(_BEGIN)(keys=[job_key], args=[ATTEMPT]))
    return Attempt(redis, job_key, job_id, number) if number else None


# The attempt the worker is running in this thread (set by the worker around each job).
_current: contextvars.ContextVar[Attempt | None] = contextvars.ContextVar("attempt", default=None)


def current() -> Attempt | None:
    return _current.get()


def set_current(attempt: Attempt | None) -> None:
    _current.set(attempt)
