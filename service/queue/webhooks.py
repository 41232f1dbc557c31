"""Webhook deliveries in Redis, as the API shows them and the workers drain them.

One delivery is one event (a job or a batch ended) for one URL. Due deliveries wait in a sorted
set scored by the Unix time of their next attempt; a worker claims the due ones by pushing their
score a lease ahead, atomically, so two workers never take the same one, and one that dies
mid-attempt leaves it to come due again when the lease runs out (at least once, never lost).
Why a sorted set rather than RQ jobs with retries on a second queue: a receiver that hangs then
ties up a delivery thread, never a worker that enriches articles; the next attempt's time is one
score the API can show; and no extra worker process has to be deployed and scaled.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from redis import Redis
from redis.typing import EncodableT, FieldT

from service.queue.keys import Keys

SUBJECTS = ("job", "batch")
_FIELDS = (
    "owner",
    "event",
    "subject",
    "subject_id",
    "url",
    "created_at",
    "status",
    "first_attempt_at",
    "next_attempt_at",
)
# A delivery and its attempts stay readable this long after their last change (the retries last
# 24 h at most; a week after that a client can still see why a webhook never arrived).
RECORD_TTL_S = 7 * 24 * 3600

# Claims the due deliveries: their score moves to the lease's end in the same step.
_CLAIM = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
return due
"""


@dataclass(frozen=True)
class Delivery:
    id: str
    owner: str
    event: str  # job.finished, job.failed, batch.ended
    subject: str  # "job" or "batch"
    subject_id: str
    url: str
    created_at: float
    status: str  # pending, delivered, failed
    first_attempt_at: float | None
    next_attempt_at: float | None
    body: bytes | None  # the resource as it stood at the first attempt; every retry sends it again


@dataclass(frozen=True)
class Attempt:
    at: float
    status_code: int | None
    error: str | None
    duration_ms: float


class DeliveryStore:
    def __init__(self, redis: Redis, keys: Keys) -> None:
        self.redis, self.keys = redis, keys
        self._claim = redis.register_script(_CLAIM)

    def schedule(self, *, owner: str, event: str, subject: str, subject_id: str, url: str, now: float) -> str:
        """A new delivery, due at once. Returns its id."""
        assert subject in SUBJECTS
        delivery_id = str(uuid.uuid4())
        record: dict[FieldT, EncodableT] = {
            "owner": owner,
            "event": event,
            "subject": subject,
            "subject_id": subject_id,
            "url": url,
            "created_at": now,
            "status": "pending",
            "next_attempt_at": now,
        }
        with self.redis.pipeline() as pipe:
            pipe.hset(self.keys.webhook(delivery_id), mapping=record)
            pipe.expire(self.keys.webhook(delivery_id), RECORD_TTL_S)
            pipe.rpush(self.keys.webhooks_of(subject, subject_id), delivery_id)
            pipe.expire(self.keys.webhooks_of(subject, subject_id), RECORD_TTL_S)
            pipe.zadd(self.keys.webhooks_due(), {delivery_id: now})
            pipe.execute()
        return delivery_id

    def claim(self, now: float, lease_s: float, limit: int) -> list[str]:
        """Up to `limit` due deliveries, now this caller's until `now + lease_s`."""
        ids = self._claim(keys=[self.keys.webhooks_due()], args=[now, now + lease_s, limit])
        return [i.decode() if isinstance(i, bytes) else str(i) for i in ids]

    def get(self, delivery_id: str, *, with_body: bool = True) -> Delivery | None:
        """The delivery; its body (a batch's may be a megabyte) only when asked for."""
        names = [*_FIELDS, "body"] if with_body else list(_FIELDS)
        values: list[bytes | None] = self.redis.hmget(self.keys.webhook(delivery_id), names)  # type: ignore[assignment]
        found = dict(zip(names, values, strict=True))
        if found["owner"] is None:
            return None
        text = {name: (value or b"").decode() for name, value in found.items() if name != "body"}

        def number(name: str) -> float | None:
            return float(text[name]) if text[name] else None

        return Delivery(
            id=delivery_id,
            owner=text["owner"],
            event=text["event"],
            subject=text["subject"],
            subject_id=text["subject_id"],
            url=text["url"],
            created_at=float(text["created_at"]),
            status=text["status"],
            first_attempt_at=number("first_attempt_at"),
            next_attempt_at=number("next_attempt_at"),
            body=found.get("body"),
        )

    def set_body(self, delivery_id: str, body: bytes, now: float) -> None:
        """Keep the body the first attempt sends, so that every retry sends the same one."""
        self.redis.hset(self.keys.webhook(delivery_id), mapping={"body": body, "first_attempt_at": now})

    def postpone(self, delivery_id: str, until: float) -> None:
        """Not an attempt: try again at `until` (the job's end is not stored yet)."""
        self.redis.zadd(self.keys.webhooks_due(), {delivery_id: until}, xx=True)

    def forget(self, delivery_id: str) -> None:
        """Drop a due entry whose record is gone."""
        self.redis.zrem(self.keys.webhooks_due(), delivery_id)

    def record(self, delivery_id: str, attempt: Attempt, *, delivered: bool, next_at: float | None) -> None:
        """An attempt's outcome; due again at `next_at`, else done (delivered, or given up)."""
        status = "delivered" if delivered else ("pending" if next_at is not None else "failed")
        key = self.keys.webhook(delivery_id)
        with self.redis.pipeline() as pipe:
            pipe.rpush(self.keys.webhook_attempts(delivery_id), json.dumps(attempt.__dict__))
            pipe.hset(key, mapping={"status": status, "next_attempt_at": "" if next_at is None else next_at})
            if next_at is None:
                pipe.zrem(self.keys.webhooks_due(), delivery_id)
            else:
                pipe.zadd(self.keys.webhooks_due(), {delivery_id: next_at}, xx=True)
            for name in (key, self.keys.webhook_attempts(delivery_id)):
                pipe.expire(name, RECORD_TTL_S)
            pipe.execute()

    def attempts(self, delivery_id: str) -> list[Attempt]:
        raw: list[bytes] = self.redis.lrange(self.keys.webhook_attempts(delivery_id), 0, -1)  # type: ignore[assignment]
        return [Attempt(**json.loads(item)) for item in raw]

    def of(self, subject: str, subject_id: str) -> list[dict[str, Any]]:
        """The deliveries about one job or batch, oldest first, as the API shows them."""
        raw: list[bytes] = self.redis.lrange(self.keys.webhooks_of(subject, subject_id), 0, -1)  # type: ignore[assignment]
        shown = []
        for delivery_id in (item.decode() for item in raw):
            delivery = self.get(delivery_id, with_body=False)
            if delivery is not None:
                shown.append(self.describe(delivery))
        return shown

    def describe(self, delivery: Delivery) -> dict[str, Any]:
        return {
            "id": delivery.id,
            "event": delivery.event,
            "url": delivery.url,
            "status": delivery.status,
            "created_at": iso(delivery.created_at),
            "next_attempt_at": iso(delivery.next_attempt_at) if delivery.status == "pending" else None,
            "attempts": [
                {
                    "at": iso(a.at),
                    "status_code": a.status_code,
                    "error": a.error,
                    "duration_ms": a.duration_ms,
                }
                for a in self.attempts(delivery.id)
            ],
        }


def iso(moment: float | None) -> str | None:
    if moment is None:
        return None
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
