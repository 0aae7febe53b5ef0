"""A byte-bounded memory tier for small, often-requested media files.

Thumbs and previews of a busy search page are requested again and again;
serving them from memory saves a worker-thread hop and a file read per request
(the difference between a media request costing about as much as a trivial
route and costing twice that). Memory stays bounded: only files up to
``max_item`` bytes are kept, the least recently used go first, and the total
never exceeds ``budget`` bytes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class HotObjects:
    def __init__(self, budget: int, max_item: int = 512 * 1024) -> None:
        self._budget = budget
        self._max_item = min(max_item, budget)
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def wants(self, size: int) -> bool:
        return 0 < size <= self._max_item

    def get(self, tag: str) -> bytes | None:
        with self._lock:
            data = self._items.get(tag)
            if data is not None:
                self._items.move_to_end(tag)
            return data

    def put(self, tag: str, data: bytes) -> None:
        if not self.wants(len(data)):
            return
        with self._lock:
            old = self._items.pop(tag, None)
            if old is not None:
                self._total -= len(old)
            self._items[tag] = data
            self._total += len(data)
            while self._total > self._budget:
                _, evicted = self._items.popitem(last=False)
                self._total -= len(evicted)

    @property
    def total(self) -> int:
        return self._total

    def __len__(self) -> int:
        return len(self._items)
