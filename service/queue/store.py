"""Has the job store (Redis) lost its data? A marker key written at first start says.

Redis restarted without persistence (or with a lost volume) comes back empty: every job and
every Idempotency-Key is gone, and without this marker the API could only answer 404 and quietly
make new jobs for replayed keys. The marker holds an *epoch*, 8 random hex digits that begin every
job id handed out under it. A process that had seen another epoch before records the loss in the
new marker: when (`lost_at`, which the API reports on submissions that could be replays) and the
lost epochs (`previous`), so that any process knows a job id of a lost store from one never
issued (404). A loss no running process saw cannot be told from a fresh start.
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from redis import Redis

from service.queue.keys import Keys

EPOCH_HEX = 8  # the first group of a UUID's text form


@dataclass(frozen=True)
class Epoch:
    id: str  # 8 hex digits
    lost_at: str | None = None  # when a process found the store emptied; None: never seen lost
    previous: tuple[str, ...] = ()  # epochs of stores known to have been lost

    def new_job_id(self) -> str:
        """A UUID-shaped id whose first group is this epoch (the other 90 bits stay random)."""
        return self.id + str(uuid.uuid4())[EPOCH_HEX:]

    def lost(self, job_id: str) -> bool:
        """Whether a job id was issued by a store since lost."""
        return epoch_of(job_id) in self.previous


def epoch_of(job_id: str) -> str | None:
    """The epoch a job id was issued under, if it has the shape this service hands out."""
    try:
        uuid.UUID(job_id)
    except ValueError:
        return None
    return job_id[:EPOCH_HEX].lower()


class JobStore:
    """Reads (and on first use writes) the marker. One per process: it remembers the epoch it saw,
    so that finding the marker gone or replaced is recognised as a loss."""

    def __init__(self, redis: Redis, keys: Keys) -> None:
        self.redis, self.key = redis, keys.store()
        self._seen: str | None = None
        self._last: Epoch | None = None

    def epoch(self) -> Epoch:
        return self.observe(self.redis.get(self.key))

    def last_seen(self) -> Epoch:
        """The epoch as this process last read it, without a round trip (read now if never).
        Whoever uses it reads the marker again in the same transaction as its write and hands it
        to observe(), so a loss is noticed at once all the same."""
        return self._last or self.epoch()

    def observe(self, raw: bytes | str | None) -> Epoch:
        """The epoch of a marker read by the caller (None: missing, and created now); a marker
        this process had not seen before is recorded as a loss, as epoch() does."""
        if raw is None:
            raw = self._create()
        marker = json.loads(raw)
        previous = list(marker.get("previous") or [])
        if self._seen is not None and self._seen != marker["epoch"] and self._seen not in previous:
            # Recreated by a process that had not seen the old store: record the loss now.
            marker.update(lost_at=marker.get("lost_at") or _now(), previous=[*previous, self._seen])
            self.redis.set(self.key, json.dumps(marker), xx=True)
        self._seen = marker["epoch"]
        self._last = Epoch(marker["epoch"], marker.get("lost_at"), tuple(marker.get("previous") or ()))
        return self._last

    def _create(self) -> bytes:
        lost = self._seen is not None  # this process saw a marker before: the store lost it
        marker = {
            "epoch": secrets.token_hex(EPOCH_HEX // 2),
            "created_at": _now(),
            "lost_at": _now() if lost else None,
            "previous": [self._seen] if lost else [],
        }
        # NX: of several processes finding it missing at once, one writes; all read the same.
        self.redis.set(self.key, json.dumps(marker), nx=True)
        return self.redis.get(self.key) or json.dumps(marker).encode()  # type: ignore[return-value]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
