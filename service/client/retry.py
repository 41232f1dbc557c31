"""When to send a request again: 429 and 503 after their Retry-After, network failures with backoff."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries. The API's Retry-After is a few seconds (5 while Redis is down, up to 60 for
    the per-minute rate limit), so the default of 6 retries capped at 60 s rides out about a minute
    of trouble, several minutes at worst, and never loops for ever."""

    max_retries: int = 6
    max_delay_s: float = 60.0
    # Without a Retry-After (network failures): 1, 2, 4, ... seconds, capped at max_delay_s.
    first_backoff_s: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def backoff(self, attempt: int) -> float:
        """Delay before retry number `attempt` (0-based) when the server named none."""
        return min(self.first_backoff_s * 2.0**attempt, self.max_delay_s)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is None:
            return self.backoff(attempt)
        return min(max(retry_after, 0.0), self.max_delay_s)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header: delay-seconds or an HTTP date (RFC 9110 10.2.3)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)
