"""The web process's Redis client checks pooled connections with the operating system's poll(),
and its check answers as redis-py's own does: nothing pending, a reply pending, closed."""

from __future__ import annotations

import time

import pytest
from redis import Redis
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError

from service.queue import redisconn


def _wait_readable(conn: Connection) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            if conn.can_read():
                return
        except RedisConnectionError:
            return
        time.sleep(0.01)


@pytest.mark.parametrize("client", ["service", "redis-py"])
def test_the_pool_check_answers_as_redis_py_does(redis_url: str, client: str) -> None:
    redis = redisconn.connect(redis_url) if client == "service" else Redis.from_url(redis_url)
    conn = redis.connection_pool.get_connection()
    conn.connect()
    if client == "service":
        assert isinstance(conn._parser, redisconn._PoolCheckParser)
    assert conn.can_read() is False  # nothing pending
    conn.send_command("ECHO", "left-behind")  # a reply nobody read
    _wait_readable(conn)
    assert conn.can_read() is True
    assert conn.read_response() == b"left-behind"
    assert conn.can_read() is False
    # Closed by the server: reported as an error, so the pool reconnects.
    conn.send_command("CLIENT", "ID")
    Redis.from_url(redis_url).client_kill_filter(_id=conn.read_response())
    _wait_readable(conn)
    with pytest.raises(RedisConnectionError):
        conn.can_read()
    redis.connection_pool.release(conn)
    assert redis.ping()
