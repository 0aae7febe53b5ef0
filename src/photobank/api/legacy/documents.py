"""The cache of serialised legacy image documents, shared by every call of one app.

A plain dict bounded first-in-first-out in bytes (``PHOTOBANK_LEGACY_DOCUMENT_CACHE_MB``):
a search page looks up two dozen documents, and a dict lookup is several times
cheaper than a locked LRU's. Reads and writes happen on the event loop (legacy
reads run there); ``clear`` may come from a writer's thread, so it swaps in a
new dict instead of emptying the one the loop may be iterating, and counts its
clears: a document built from assets read before the last clear is not kept.
"""

from __future__ import annotations

from collections.abc import Hashable

from photobank.lru import ENTRY_OVERHEAD, weigh_bytes


class DocumentCache:
    def __init__(self, budget: int) -> None:
        """``budget``: bytes the documents (with their keys) may weigh in all."""
        self._items: dict[Hashable, tuple[bytes, int]] = {}
        self._budget = budget
        self._total = 0
        self.generation = 0  # counts clears: see put

    def get(self, key: Hashable) -> bytes | None:
        entry = self._items.get(key)
        return entry[0] if entry is not None else None

    def put(self, key: Hashable, document: bytes, generation: int) -> None:
        """Keep ``document``, built from assets read at ``generation``, unless the
        catalog changed since (it may be older than the catalog's present state)."""
        items = self._items
        weight = weigh_bytes(key, document) + ENTRY_OVERHEAD
        if key in items or weight > self._budget // 4 or generation != self.generation:
            return
        while items and self._total + weight > self._budget:
            self._total -= items.pop(next(iter(items)))[1]  # the oldest
        items[key] = (document, weight)
        self._total += weight

    def clear(self) -> None:
        self.generation += 1
        self._items = {}
        self._total = 0

    @property
    def weight(self) -> int:
        return self._total

    def __len__(self) -> int:
        return len(self._items)
