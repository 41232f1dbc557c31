"""Queue one job in one Lua script, and count its request against its key's rate limit there too.

POST /v1/articles without an Idempotency-Key made two round trips to Redis: the gate's script
(service.queue.ratelimit) before the view, then a MULTI/EXEC of six commands for the job. redis-py
spends most of a round trip's CPU on its own bookkeeping (checking a pooled connection out with a
poll(), packing each command, parsing each QUEUED reply of a transaction), not on the bytes: the
two were about a third of the web worker's CPU per POST (profiles of seed 000, issue 12). This
script does both in one EVALSHA, atomically like the transaction it replaces: the request is
counted (unless its address is blocked), and only if it is admitted the job is written (RQ's job
hash from service.queue.rqhash, the queue registered and pushed to, the id remembered for 410)
and the job store's marker read back.
"""

from __future__ import annotations

from typing import Any

from redis import Redis
from rq.job import Job
from rq.queue import Queue

from service.queue.keys import Keys
from service.queue.ratelimit import ADMIT_FUNCTION, Count

# KEYS: 1 RQ's set of queues, 2 the job hash, 3 the queue, 4 the job's "known" key, 5 the job
# store's marker, and with a count 6, 7 the admit function's (failures, counted).
# ARGV: 1 the queue's key (a member of KEYS[1]), 2 the job id, 3 its owner, 4 the known key's TTL,
# 5 the key's requests a minute, 6, 7 the admit function's (limit, ttl) (5 to 7 read only with a
# count), 8... the job hash's field, value pairs that differ from the script's own (FIXED_FIELDS,
# written first: a field sent overrides it). Returns {count, marker}: count 0 when not counted, -1
# when the address is blocked, above ARGV[5] when the key is past its limit (nothing is written).
_SUBMIT = (
    ADMIT_FUNCTION
    + """
local count = 0
if #KEYS == 7 then
  count = admit(KEYS[6], KEYS[7], ARGV[6], ARGV[7])
  if count < 0 or count > tonumber(ARGV[5]) then return {count, false} end
end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], FIXED_FIELDS unpack(ARGV, 8))
redis.call('RPUSH', KEYS[3], ARGV[2])
redis.call('SET', KEYS[4], ARGV[3], 'EX', ARGV[4])
return {count, redis.call('GET', KEYS[5])}
"""
)


class Submission:
    """The script, registered once per process (redis-py loads it again after a Redis restart).

    `fixed` is a job hash as this process writes it (rqhash.job_hash's fields): most fields (the
    callbacks, timeouts, TTLs, queue, status) are the same for every job of a process, so they are
    written into the script as Lua literals, and each call sends only the fields that differ from
    them (the article, its meta, the time stamps). Each argument costs redis-py an isinstance() and
    hiredis a conversion, and Redis a parse: 22 pairs were about a fifth of the script's call."""

    def __init__(
        self, redis: Redis, queue: Queue, keys: Keys, known_ttl_s: int, fixed: dict[str, Any]
    ) -> None:
        self.queue, self.keys, self.known_ttl_s = queue, keys, known_ttl_s
        self.fixed = fixed
        literals = "".join(f"{_lua(field)}, {_lua(value)}, " for field, value in fixed.items())
        self._script = redis.register_script(_SUBMIT.replace("FIXED_FIELDS ", literals))

    def __call__(
        self, job_id: str, fields: dict[str, Any], owner: str, count: Count | None
    ) -> tuple[int, bytes | None]:
        """Write the job (fields: rqhash.job_hash's) unless its count refuses it. Returns what
        the admit function returned (0 without a count) and the job store's marker (None when
        refused, or when missing)."""
        keys = [self.queue.redis_queues_keys, Job.key_for(job_id), self.queue.key]
        keys += [self.keys.known(job_id), self.keys.store()]
        args: list[Any] = [self.queue.key, job_id, owner, self.known_ttl_s]
        if count is None:
            args += [0, 0, 0]
        else:
            keys += count.keys
            args += [count.per_minute, *count.args]
        fixed = self.fixed
        for field, value in fields.items():
            if field not in fixed or fixed[field] != value:
                args += (field, value)
        counted, marker = self._script(keys=keys, args=args)
        return int(counted), marker


def _lua(value: Any) -> str:
    """A Lua string literal of the bytes redis-py would send for `value` (bytes as they are, str as
    UTF-8, numbers as their text), every byte outside printable ASCII as a decimal escape."""
    if isinstance(value, str):
        data = value.encode()
    elif isinstance(value, bytes):
        data = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        data = repr(value).encode()
    else:
        raise TypeError(f"not a Redis value: {value!r}")
    return '"' + "".join(chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\{b:03d}" for b in data) + '"'
