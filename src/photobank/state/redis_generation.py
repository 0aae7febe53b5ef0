"""The change generation in Redis: one counter every node of a deployment reads.

A write bumps it with ``INCR`` (the answer says whether anyone else moved it
meanwhile); each request begins with one ``GET`` of it, answered from Redis's
memory over a pooled socket (about 60 µs on loopback, see docs/deployment.md).
Pub/sub would make the check free but late: a node could answer the request
that follows another node's write before the message arrives. The ``GET`` is
exact: a change committed through one node is seen by every other on its next
request. If Redis cannot be reached, the node counts itself stale and forgets
its caches: it answers from the store, slower but never from the past.
"""

from __future__ import annotations

import threading

import redis

KEY = "generation"


class RedisGeneration:
    """A :class:`~photobank.state.generation.Generation` under ``<prefix>generation``."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._client = client
        self._key = f"{prefix}{KEY}"
        self._lock = threading.Lock()
        self._seen = self._read()

    def _read(self) -> int:
        try:
            value = self._client.get(self._key)
        except redis.RedisError:
            return -1  # unknown: never equal to what was seen
        return int(value) if value is not None else 0

    def stale(self) -> bool:
        now = self._read()
        if now == self._seen and now >= 0:
            return False
        with self._lock:
            self._seen = now
        return True

    def bump(self) -> None:
        try:
            after = int(self._client.incr(self._key))
        except redis.RedisError:
            with self._lock:
                self._seen = -1  # this node cannot tell others; it at least re-reads
            return
        with self._lock:
            if after - 1 == self._seen:  # nobody else changed anything meanwhile
                self._seen = after

    def close(self) -> None:
        """The client belongs to the shared state, which closes it."""
