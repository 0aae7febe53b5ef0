"""The change generation in Redis: one counter every node of a deployment reads.

A write bumps it with ``INCR`` (the answer says whether anyone else moved it
meanwhile); each request begins with one ``GET`` of it, answered from Redis's
memory (about 60 µs on loopback, see docs/deployment.md). That ``GET`` goes over
a connection of its own, sent ready-encoded: the client's pool, retries and
command dispatch cost about 45 µs of CPU more per request, on the event loop.
Pub/sub would make the check free but late: a node could answer the request
that follows another node's write before the message arrives. The ``GET`` is
exact: a change committed through one node is seen by every other on its next
request. A throttled v3 request reads it in the throttle's script instead
(:mod:`.redis_checkpoint`): one round trip for both. If Redis cannot be
reached, the node counts itself stale and forgets its caches: it answers from
the store, slower but never from the past.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import redis

KEY = "generation"


class RedisGeneration:
    """A :class:`~photobank.state.generation.Generation` under ``<prefix>generation``."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._client = client
        self._key = f"{prefix}{KEY}"
        self._lock = threading.Lock()
        self._reading = threading.Lock()
        # (its process, the connection, the GET as sent); redis-py's connections are untyped
        self._reader: tuple[int, Any, Any] | None = None
        self._seen = self._read()

    def _read(self) -> int:
        try:
            with self._reading:
                try:
                    value = self._fetch()
                except redis.ConnectionError:  # dropped (Redis restarted): again, reconnected
                    value = self._fetch()
        except (redis.RedisError, OSError):
            return -1  # unknown: never equal to what was seen
        return int(value) if value is not None else 0

    def _fetch(self) -> bytes | None:
        """The ``GET`` over this process's own connection (a forked worker opens its own);
        one that fails is closed, and the next read connects again."""
        if self._reader is None or self._reader[0] != os.getpid():
            made: Any = self._client.connection_pool.make_connection()
            self._reader = (os.getpid(), made, made.pack_command("GET", self._key))
        _pid, reader, get = self._reader
        try:
            reader.send_packed_command(get, check_health=False)
            value: bytes | None = reader.read_response()
        except BaseException:
            reader.disconnect()
            raise
        return value

    def stale(self) -> bool:
        return self.moved_to(self._read())

    @property
    def seen(self) -> int:
        """The generation this process last caught up with (-1: unknown)."""
        return self._seen

    def moved_to(self, now: int) -> bool:
        """Whether ``now``, the generation read from Redis (-1: unreadable), is not the one
        last seen; the answer counts as caught up, as :meth:`stale`'s does."""
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
        """The client belongs to the shared state, which closes it; the reader is ours."""
        with self._reading:
            if self._reader is not None and self._reader[0] == os.getpid():
                self._reader[1].disconnect()
            self._reader = None
