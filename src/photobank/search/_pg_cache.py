"""What searches on PostgreSQL reuse until the table changes: exact totals and facets.

An exact total visits every hit's row, and facets read every hit's values; the
same conditions come back often (the next page, another order, the same search
from another client or node's caller), so both are kept per condition for the
table's present state: the last change applied (``search_state.last_seq``),
which every statement of a search reads with its answer (:data:`STATE`, no round
trip of its own), so what is kept names the state it was counted in. Another
state drops everything kept. Bounded in bytes (:class:`~photobank.lru.LruCache`).
"""

from __future__ import annotations

import threading
from typing import Any

from photobank.lru import LruCache, weigh_key
from photobank.search._pg_query import Conditions
from photobank.search.query import FacetValue

DEFAULT_BUDGET = 4 << 20  # bytes: some 20,000 totals of typical searches
STATE = "COALESCE((SELECT last_seq FROM search_state WHERE id = 1), -1)"  # with each answer

Facets = dict[str, list[FacetValue]]
_Key = tuple[Any, ...]


def _condition_key(seq: int, found: Conditions) -> _Key:
    return (seq, found.where(), repr(sorted(found.bound().items())))


def _weigh_facets(key: _Key, value: tuple[Facets, int]) -> int:
    facets, _total = value
    values = sum(len(v.key) + 64 for bucket in facets.values() for v in bucket)
    return weigh_key(key) + values + 64 * len(facets)


class SearchCache:
    """Totals and facet counts by the table's state and condition. Entries name the
    state they were counted in, and another state (a change applied, or a store
    restored under the table) drops what was kept."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self._totals: LruCache[_Key, int] = LruCache(budget // 2, lambda k, _v: weigh_key(k))
        self._facets: LruCache[_Key, tuple[Facets, int]] = LruCache(budget // 2, _weigh_facets)
        self._seq = -1
        self._lock = threading.Lock()

    def _key(self, seq: int, found: Conditions) -> _Key:
        with self._lock:
            if seq != self._seq:
                self._seq = seq
                self.clear()
        return _condition_key(seq, found)

    def total(self, seq: int, found: Conditions) -> int | None:
        return self._totals.get(self._key(seq, found))

    def keep_total(self, seq: int, found: Conditions, total: int) -> None:
        self._totals.put(self._key(seq, found), total)

    def facets(
        self, seq: int, found: Conditions, names: tuple[str, ...], most: int
    ) -> tuple[Facets, int] | None:
        return self._facets.get((*self._key(seq, found), names, most))

    def keep_facets(
        self,
        seq: int,
        found: Conditions,
        names: tuple[str, ...],
        most: int,
        counted: tuple[Facets, int],
    ) -> None:
        key = self._key(seq, found)
        self._facets.put((*key, names, most), counted)
        self._totals.put(key, counted[1])

    def clear(self) -> None:
        self._totals.clear()
        self._facets.clear()
