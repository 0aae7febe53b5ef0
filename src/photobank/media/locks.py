"""One lock per key, alive only while someone holds or waits for it: in this process
(:class:`KeyedLocks`), or across every node of a deployment (:class:`RedisLocks`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import redis

    from photobank.media.storage import MediaStorage, StoredObject

_log = logging.getLogger(__name__)
# A node that dies holding a lock frees it after LEASE seconds; a waiter gives up
# waiting after WAIT and makes the object itself (a duplicate, never a loss).
LEASE, WAIT = 60.0, 30.0


class Locks(Protocol):
    def hold(self, key: str) -> AbstractContextManager[None]:
        """Hold ``key``'s lock for the block; others asking for it wait."""
        ...


class _Entry:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0


class KeyedLocks:
    """Threads asking for the same key queue behind one another; different keys
    never wait for each other (unlike striped locks), and idle keys cost nothing."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._entries: dict[str, _Entry] = {}

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._guard:
            entry = self._entries.get(key)
            if entry is None:
                entry = self._entries[key] = _Entry()
            entry.users += 1
        try:
            with entry.lock:
                yield
        finally:
            with self._guard:
                entry.users -= 1
                if entry.users == 0:
                    del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)


class RedisLocks:
    """Locks every node shares, so one node makes a rendition while the others wait for
    it: threads of a process queue locally first, then one of them takes the Redis
    lock ``<prefix>lock:<key>`` (``SET NX`` with a lease, released by its token)."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._client = client
        self._prefix = f"{prefix}lock:"
        self._local = KeyedLocks()

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        import redis  # the distributed extra: an embedded install has no redis

        with self._local.hold(key):
            lock = self._client.lock(
                self._prefix + key, timeout=LEASE, sleep=0.01, blocking_timeout=WAIT
            )
            try:
                held = lock.acquire()
            except redis.RedisError as exc:  # Redis away: this node works on its own
                _log.warning("lock %s not taken (%s); going on without it", key, exc)
                held = False
            try:
                yield
            finally:
                if held:
                    try:
                        lock.release()
                    except redis.RedisError as exc:  # its lease ran out or Redis went away
                        _log.warning("lock %s not released (%s)", key, exc)


def stored_once(
    storage: MediaStorage, locks: Locks, key: str, make: Callable[[], bytes]
) -> StoredObject:
    """The object at ``key``, made and stored first if there is none: one thread makes
    it while others asking for the same key wait and then find it."""
    found = storage.stat(key)
    if found is not None:
        return found
    with locks.hold(key):
        found = storage.stat(key)
        if found is None:
            found = storage.put_bytes(key, make())
    return found
