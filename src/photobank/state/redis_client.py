"""One Redis client per process for the distributed deployment's shared state."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import redis

from photobank.errors import Unavailable

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


class RedisUnavailable(Unavailable):
    """Redis, where the nodes keep what they share, does not answer: a 503, not a 500."""

    code = "SharedStateUnavailable"


@contextmanager
def answering(what: str) -> Iterator[None]:
    """Turn Redis's failures in the block into :class:`RedisUnavailable` naming ``what``."""
    try:
        yield
    except redis.RedisError as exc:
        raise RedisUnavailable(f"Redis does not answer ({type(exc).__name__}): {what}.") from exc
