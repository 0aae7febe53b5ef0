"""One Redis client per process for the distributed deployment's shared state."""

from __future__ import annotations

import redis

# A node waits this long for Redis before the request fails: a lost Redis must not
# hang every worker's requests behind a dead socket.
TIMEOUT = 2.0


def connect(url: str) -> redis.Redis:
    """A client on ``url`` with its own connection pool (redis-py opens a new pool in a
    forked child, so a worker never shares the parent's sockets)."""
    client: redis.Redis = redis.Redis.from_url(
        url,
        socket_timeout=TIMEOUT,
        socket_connect_timeout=TIMEOUT,
        health_check_interval=30,
        decode_responses=False,
    )
    return client
