"""The web process's Redis client: redis-py's, with a cheaper check of a pooled connection.

redis-py checks every connection it takes from its pool for unread data (a reply left behind by an
interrupted command) with a poll() of timeout 0. Under gunicorn's gevent worker that is gevent's
poll(), which starts and stops a watcher on the event loop: about 30 µs of CPU per checkout,
against about 1.3 µs for the operating system's poll() (tests on the dev machine, issue 12),
and one checkout per request on POST /v1/articles. (redis-py 8.1 then ignores the answer while its
maintenance notifications are "auto", its default.) A poll() of timeout 0 never waits, so the
operating system's is safe in a greenlet; the check answers the same (tests/api/test_redisconn.py).
"""

from __future__ import annotations

import select
from typing import Any

from gevent.monkey import get_original
from redis import Redis
from redis._parsers import _HiredisParser
from redis.utils import HIREDIS_AVAILABLE

_os_poll = get_original("select", "poll")  # select.poll itself where gevent has not patched it


class _PoolCheckParser(_HiredisParser):
    def can_read(self, timeout: float = 0) -> bool:
        sock = getattr(self, "_sock", None)
        reader = getattr(self, "_reader", None)
        if timeout == 0 and sock is not None and reader is not None and not reader.has_data():
            poller = _os_poll()
            poller.register(sock, select.POLLIN)
            if not poller.poll(0):
                return False  # nothing to read: the answer redis-py's own check would give
        # Something to read, or buffered, or closed: redis-py tells these apart as it always does.
        return bool(super().can_read(timeout))


def connect(url: str, **options: Any) -> Redis:
    """Redis.from_url(url, **options), with the cheaper pool check where hiredis parses replies."""
    if HIREDIS_AVAILABLE:
        options.setdefault("parser_class", _PoolCheckParser)
    return Redis.from_url(url, **options)
