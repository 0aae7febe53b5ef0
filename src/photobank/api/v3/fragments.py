"""Each asset's v3 document, encoded once per field plan and caller's view.

Nothing in an item of a search or by-id answer depends on the request beyond
the field plan and what the caller sees (link base, watermark decisions and, for
licensing fields, the customer's usable products): display URLs are signed
without expiry (:mod:`photobank.media.urls`), the rest is the asset's own. So an
item is projected and encoded once and kept as JSON bytes; an answer is the
stored items spliced into the answer as :class:`orjson.Fragment` values, which
``orjson.dumps`` copies verbatim, so the bytes are those of the plain projection.
The bytes are bounded by ``PHOTOBANK_PROJECTION_CACHE_MB`` and forgotten on
every catalog change (and, under ``--workers``, when another worker changed it:
``Services.clear_caches`` runs the catalog's listeners).

A page's items are read with one dictionary lookup each, without a lock or any
reordering: items are kept by caller's view, then by asset id, and the first
kept go first when the budget is reached (first in, first out). A locked LRU
cost more per page than assembling the answer around its items.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from itertools import count
from typing import Any, cast

import orjson
from anyio import to_thread

from photobank.api.v3.fields import FieldPlan
from photobank.api.v3.projection import project
from photobank.api.v3.projection_context import ProjectionContext
from photobank.catalog.model import Asset
from photobank.lru import ENTRY_OVERHEAD, compact

# A kept item's bookkeeping beside its bytes and ENTRY_OVERHEAD (its slots in the
# two dictionaries): the (view, id) tuple, the id's str header, the view's number
# and the Python bytes header.
_KEY_BYTES = 56 + 49 + 28 + 33
# Views numbered at most (each holds a base URL from a Host header), in bytes.
_VIEWS_BUDGET = 256 * 1024

_CUSTOMER_FIELDS = frozenset({"download_product", "largest_downloads"})

_View = tuple[FieldPlan, str | None, str, int, Any]


@lru_cache(maxsize=4096)  # bounded: plans follow whatever fields clients combine
def _shows_products(plan: FieldPlan) -> bool:
    return not _CUSTOMER_FIELDS.isdisjoint(plan.properties)


_NOTHING: Mapping[str, bytes] = {}


class _KeptItems:
    """Encoded items by view number, then asset id, bounded in bytes (first in, first
    out). Reads take no lock: each is one atomic dictionary lookup, and :meth:`clear`
    swaps in new dictionaries rather than emptying those a reader may hold."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._by_view: dict[int, dict[str, bytes]] = {}
        self._order: dict[tuple[int, str], int] = {}  # every item, oldest first: its weight
        self.weight = 0
        self._lock = threading.Lock()  # writers: new items and clears

    def of_view(self, view: int) -> Mapping[str, bytes]:
        return self._by_view.get(view, _NOTHING)

    def put(self, view: int, asset_id: str, encoded: bytes) -> None:
        weight = len(asset_id) + len(encoded) + _KEY_BYTES + ENTRY_OVERHEAD
        if weight > self._budget // 4:  # it would push out a crowd of useful ones
            return
        with self._lock:
            order = self._order
            self.weight -= order.pop((view, asset_id), 0)
            self._by_view.setdefault(view, {})[asset_id] = encoded
            order[view, asset_id] = weight
            self.weight += weight
            while self.weight > self._budget:
                (old_view, old_id), old_weight = next(iter(order.items()))
                del order[old_view, old_id]
                self.weight -= old_weight
                items = self._by_view[old_view]
                del items[old_id]
                if not items:
                    del self._by_view[old_view]

    def clear(self) -> None:
        with self._lock:
            self._by_view, self._order, self.weight = {}, {}, 0

    def __len__(self) -> int:
        return len(self._order)


def view_of(plan: FieldPlan, ctx: ProjectionContext, kind: str | None = None) -> _View:
    """What an item's bytes depend on besides the asset (``kind``: see
    :meth:`FragmentCache.of_ids`)."""
    # Licensing fields show the signed-in customer's own products: key those by customer.
    products = ctx.entitlements.key if ctx.entitlements and _shows_products(plan) else None
    return (plan, kind, ctx.base_url, ctx.watermarks.mask, products)


class FragmentCache:
    """Encoded v3 items by (asset, :func:`view_of`), bounded in bytes."""

    def __init__(self, budget: int) -> None:
        """``budget``: bytes the stored items may weigh in all."""
        self._kept = _KeptItems(budget)
        self.generation = 0  # counts clears: an item projected from older data is not kept
        # Items are keyed by a number per view, never reused: an (id, int) key hashes
        # and compares far cheaper than one holding the field plan and the caller.
        self._views: dict[_View, int] = {}
        self._views_weight = 0
        self._numbers = count()

    def _number(self, view: _View) -> int:
        number = self._views.get(view)
        if number is None:
            if self._views_weight > _VIEWS_BUDGET:  # their items become unreachable, then go
                self._views.clear()
                self._views_weight = 0
            number = self._views[view] = next(self._numbers)
            self._views_weight += len(view[2]) + 200
        return number

    def encoded(
        self, assets: Iterable[Asset], plan: FieldPlan, ctx: ProjectionContext
    ) -> list[bytes]:
        """The JSON of each asset's item, in order; new ones are kept unless the
        catalog changed since ``ctx`` was made (it may have read older assets)."""
        view = self._number(view_of(plan, ctx))
        kept = self._kept.of_view(view)
        return [
            data if (data := kept.get(asset.id)) is not None else self._new(asset, view, plan, ctx)
            for asset in assets
        ]

    def of_ids(
        self,
        ids: list[str],
        plan: FieldPlan,
        ctx: ProjectionContext,
        load: Callable[[list[str]], Mapping[str, Asset]],
        kind: str | None = None,
    ) -> dict[str, bytes]:
        """The items of those of ``ids`` on offer, by id in order. A kept item needs no asset
        (it was dropped when the catalog last changed); the others' assets are read
        with ``load``, which leaves out those not on offer (or not of the ``kind``
        the answer lists: items are kept per kind for it)."""
        view, kept = self._looked_up(ids, plan, ctx, kind)
        return self._assembled(ids, kept, view, plan, ctx, load)

    async def read_of_ids(
        self,
        ids: list[str],
        plan: FieldPlan,
        ctx: ProjectionContext,
        load: Callable[[list[str]], Mapping[str, Asset]],
        must_wait: Callable[[list[str]], bool],
        kind: str | None = None,
    ) -> dict[str, bytes]:
        """:meth:`of_ids` for a caller on the event loop: the assets of the items not kept
        are read in a worker thread when ``must_wait`` says reading them would block
        (a database server's round trip), else here."""
        view, kept = self._looked_up(ids, plan, ctx, kind)
        missing = [i for i, data in zip(ids, kept, strict=True) if data is None]
        if missing and must_wait(missing):
            read = await to_thread.run_sync(load, missing)
            return self._assembled(ids, kept, view, plan, ctx, lambda _missing: read)
        return self._assembled(ids, kept, view, plan, ctx, load)

    def _assembled(
        self,
        ids: list[str],
        kept: list[bytes | None],
        view: int,
        plan: FieldPlan,
        ctx: ProjectionContext,
        load: Callable[[list[str]], Mapping[str, Asset]],
    ) -> dict[str, bytes]:
        """The items of ``ids``: those ``kept``, and the others projected from ``load``."""
        if None not in kept:
            return dict(zip(ids, cast("list[bytes]", kept), strict=True))
        found = load([i for i, data in zip(ids, kept, strict=True) if data is None])
        items = {}
        for asset_id, data in zip(ids, kept, strict=True):
            if data is None and (asset := found.get(asset_id)) is not None:
                data = self._new(asset, view, plan, ctx)
            if data is not None:
                items[asset_id] = data
        return items

    def _looked_up(
        self, ids: list[str], plan: FieldPlan, ctx: ProjectionContext, kind: str | None
    ) -> tuple[int, list[bytes | None]]:
        """The view's number and each of ``ids``'s kept item (``None``: not kept)."""
        view = self._number(view_of(plan, ctx, kind))
        return view, list(map(self._kept.of_view(view).get, ids))

    def _new(self, asset: Asset, view: int, plan: FieldPlan, ctx: ProjectionContext) -> bytes:
        data = compact(orjson.dumps(project(asset, plan, ctx)))
        if ctx.generation == self.generation:
            self._kept.put(view, asset.id, data)
        return data

    def clear(self) -> None:
        self.generation += 1
        self._kept.clear()

    @property
    def weight(self) -> int:
        return self._kept.weight

    def __len__(self) -> int:
        return len(self._kept)
