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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from itertools import count
from typing import Any

import orjson

from photobank.api.v3.fields import FieldPlan
from photobank.api.v3.projection import project
from photobank.api.v3.projection_context import ProjectionContext
from photobank.catalog.model import Asset
from photobank.lru import LruCache

# A stored item's key beside its bytes: the key tuple, the id's str header, the
# view's number and the Python bytes header.
_KEY_BYTES = 56 + 49 + 28 + 33
# Views numbered at most (each holds a base URL from a Host header), in bytes.
_VIEWS_BUDGET = 256 * 1024

_CUSTOMER_FIELDS = frozenset({"download_product", "largest_downloads"})

_View = tuple[FieldPlan, str | None, str, int, Any]


@lru_cache(maxsize=4096)  # bounded: plans follow whatever fields clients combine
def _shows_products(plan: FieldPlan) -> bool:
    return not _CUSTOMER_FIELDS.isdisjoint(plan.properties)


def _weigh(key: tuple[str, int], encoded: bytes) -> int:
    return len(key[0]) + len(encoded) + _KEY_BYTES


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
        self._encoded: LruCache[tuple[str, int], bytes] = LruCache(budget, _weigh)
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
        listed = list(assets)
        kept = self._encoded.get_many([(a.id, view) for a in listed])
        return [
            data if data is not None else self._new(asset, view, plan, ctx)
            for asset, data in zip(listed, kept, strict=True)
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
        view = self._number(view_of(plan, ctx, kind))
        kept = self._encoded.get_many([(i, view) for i in ids])
        missing = [i for i, data in zip(ids, kept, strict=True) if data is None]
        found = load(missing) if missing else {}
        items = {}
        for asset_id, data in zip(ids, kept, strict=True):
            if data is None and (asset := found.get(asset_id)) is not None:
                data = self._new(asset, view, plan, ctx)
            if data is not None:
                items[asset_id] = data
        return items

    def _new(self, asset: Asset, view: int, plan: FieldPlan, ctx: ProjectionContext) -> bytes:
        data = orjson.dumps(project(asset, plan, ctx))
        if ctx.generation == self.generation:
            self._encoded.put((asset.id, view), data)
        return data

    def clear(self) -> None:
        self.generation += 1
        self._encoded.clear()

    @property
    def weight(self) -> int:
        return self._encoded.weight

    def __len__(self) -> int:
        return len(self._encoded)
