"""A thread-safe least-recently-used cache bounded in bytes.

Every cache in the server is one of these (or :class:`~photobank.media.hot.HotObjects`
for media files), so no caller can make the server keep more than the budget
its setting gives: each entry is weighed when it is stored, by a function that
knows what the entries are (encoded bytes are their length; Python objects an
estimate checked against ``tracemalloc`` in the tests), and the least recently
used entries go until the total fits. An entry heavier than a quarter of the
budget is not kept at all: it would push out a crowd of useful ones.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

ENTRY_OVERHEAD = 200  # an OrderedDict slot, the key tuple and the weight, bytes


class LruCache(Generic[K, V]):
    def __init__(self, budget: int, weigh: Callable[[K, V], int]) -> None:
        """``budget``: bytes the entries may weigh in all; ``weigh``: one entry's bytes."""
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._budget = budget
        self._max_item = budget // 4
        self._weigh = weigh
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            self._items.move_to_end(key)
            return entry[0]

    def get_many(self, keys: Iterable[K]) -> list[V | None]:
        """:meth:`get` of each key, under one hold of the lock (a page of items at once)."""
        found: list[V | None] = []
        with self._lock:
            items, used = self._items, self._items.move_to_end
            for key in keys:
                entry = items.get(key)
                if entry is None:
                    found.append(None)
                else:
                    used(key)
                    found.append(entry[0])
        return found

    def put(self, key: K, value: V) -> None:
        weight = self._weigh(key, value) + ENTRY_OVERHEAD
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._total -= old[1]
            if weight > self._max_item:
                return
            self._items[key] = (value, weight)
            self._total += weight
            while self._total > self._budget:
                _, (_, evicted) = self._items.popitem(last=False)
                self._total -= evicted

    def get_or_build(self, key: K, build: Callable[[], V]) -> V:
        value = self.get(key)
        if value is None:
            value = build()
            self.put(key, value)
        return value

    def discard(self, key: K) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._total -= old[1]

    def discard_where(self, stale: Callable[[V], bool]) -> None:
        with self._lock:
            for key in [k for k, (v, _) in self._items.items() if stale(v)]:
                self._total -= self._items.pop(key)[1]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._total = 0

    @property
    def weight(self) -> int:
        """Bytes the entries weigh now (never more than the budget)."""
        return self._total

    def __len__(self) -> int:
        return len(self._items)


def weigh_key(key: Hashable) -> int:
    """The bytes of the strings in a key (a tuple of strings, bytes, numbers and
    tuples of those): what varies with the request; the rest is ENTRY_OVERHEAD."""
    if isinstance(key, str | bytes):
        return len(key)
    if isinstance(key, tuple):
        return sum(weigh_key(part) for part in key) + 8 * len(key)
    return 16


def weigh_bytes(key: Hashable, value: bytes) -> int:
    return weigh_key(key) + len(value)


def compact(data: bytes | memoryview) -> bytes:
    """``data`` in a buffer of its own length, to keep in a cache that weighs it by its
    length: ``orjson.dumps`` answers bytes that hold on to the whole buffer it reserved
    while encoding (measured with orjson 3.13: 4 KiB for a 100-byte document, 8 KiB
    for a 1.5 KB item), so kept as they are they weigh several times what is counted."""
    return bytes(memoryview(data))
