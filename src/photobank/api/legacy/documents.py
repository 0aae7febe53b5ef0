"""The cache of serialised legacy image documents, shared by every call of one app.

A plain dict bounded first-in-first-out: a search page looks up two dozen
documents, and a dict lookup is several times cheaper than a locked LRU's.
Reads and writes happen on the event loop (legacy reads run there); ``clear``
may come from a writer's thread, so it swaps in a new dict instead of emptying
the one the loop may be iterating.
"""

from __future__ import annotations

from collections.abc import Hashable


class DocumentCache:
    def __init__(self, size: int) -> None:
        self._items: dict[Hashable, bytes] = {}
        self._size = size

    def get(self, key: Hashable) -> bytes | None:
        return self._items.get(key)

    def put(self, key: Hashable, document: bytes) -> None:
        items = self._items
        if len(items) >= self._size:
            del items[next(iter(items))]  # the oldest
        items[key] = document

    def clear(self) -> None:
        self._items = {}

    def __len__(self) -> int:
        return len(self._items)
