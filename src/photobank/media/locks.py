"""One lock per key, alive only while someone holds or waits for it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from photobank.media.storage import MediaStorage, StoredObject


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


def stored_once(
    storage: MediaStorage, locks: KeyedLocks, key: str, make: Callable[[], bytes]
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
