"""A small thread-safe memory cache whose entries go stale after a few seconds.

Account and token look-ups run on every request, so they are answered from
memory. Entries expire quickly because another process (the CLI, another node)
may change the store; changes made through this process drop entries at once.
Entries are records of the store (no miss is remembered), bounded in bytes as
every cache is (:class:`~photobank.lru.LruCache`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from photobank.config import MIB, Settings
from photobank.lru import LruCache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

RECORD_WEIGHT = 1_000  # an account, customer or token record with its key, bytes
# Clients, customers, tokens, products and credential checks (verified
# credentials and failure counts) share PHOTOBANK_ACCOUNT_CACHE_MB evenly.
ACCOUNT_CACHES = 5


def account_cache_budget(settings: Settings) -> int:
    """The bytes each account cache may hold."""
    return settings.account_cache_mb * MIB // ACCOUNT_CACHES


class TtlCache(Generic[K, V]):
    """Entries trusted for ``seconds``, weighing ``budget`` bytes at most in all."""

    def __init__(
        self,
        seconds: float,
        budget: int,
        weigh: Callable[[K, V], int] = lambda _key, _value: RECORD_WEIGHT,
    ) -> None:
        self._seconds = seconds
        self._entries: LruCache[K, tuple[float, V]] = LruCache(
            budget, lambda key, entry: weigh(key, entry[1])
        )

    def get(self, key: K) -> V | None:
        """The cached value if it is still fresh."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        stored_at, value = entry
        if time.monotonic() - stored_at > self._seconds:
            self._entries.discard(key)
            return None
        return value

    def put(self, key: K, value: V) -> None:
        self._entries.put(key, (time.monotonic(), value))

    def discard(self, key: K) -> None:
        self._entries.discard(key)

    def discard_where(self, stale: Callable[[V], bool]) -> None:
        self._entries.discard_where(lambda entry: stale(entry[1]))

    def clear(self) -> None:
        self._entries.clear()
