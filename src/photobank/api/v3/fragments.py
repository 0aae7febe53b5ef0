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

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import orjson

from photobank.api.v3.fields import FieldPlan
from photobank.api.v3.projection import project
from photobank.api.v3.projection_context import ProjectionContext
from photobank.catalog.model import Asset
from photobank.lru import LruCache

# A stored item's key beside its bytes: the key tuple and the Python bytes header
# (the view tuple is shared by every item of a plan and caller).
_KEY_BYTES = 56 + 33 + 33

_CUSTOMER_FIELDS = frozenset({"download_product", "largest_downloads"})

_View = tuple[FieldPlan, str, int, Any]


@lru_cache(maxsize=4096)  # bounded: plans follow whatever fields clients combine
def _shows_products(plan: FieldPlan) -> bool:
    return not _CUSTOMER_FIELDS.isdisjoint(plan.properties)


def _weigh(key: tuple[str, _View], encoded: bytes) -> int:
    return len(key[0]) + len(encoded) + _KEY_BYTES


def view_of(plan: FieldPlan, ctx: ProjectionContext) -> _View:
    """What an item's bytes depend on besides the asset."""
    # Licensing fields show the signed-in customer's own products: key those by customer.
    products = ctx.entitlements.key if ctx.entitlements and _shows_products(plan) else None
    return (plan, ctx.base_url, ctx.watermarks.mask, products)


class FragmentCache:
    """Encoded v3 items by (asset, :func:`view_of`), bounded in bytes."""

    def __init__(self, budget: int) -> None:
        """``budget``: bytes the stored items may weigh in all."""
        self._encoded: LruCache[tuple[str, _View], bytes] = LruCache(budget, _weigh)
        self.generation = 0  # counts clears: an item projected from older data is not kept

    def encoded(
        self, assets: Iterable[Asset], plan: FieldPlan, ctx: ProjectionContext
    ) -> list[bytes]:
        """The JSON of each asset's item, in order; new ones are kept unless the
        catalog changed since ``ctx`` was made (it may have read older assets)."""
        view = view_of(plan, ctx)
        keep = ctx.generation == self.generation
        get, put = self._encoded.get, self._encoded.put
        found = []
        for asset in assets:
            key = (asset.id, view)
            data = get(key)
            if data is None:
                data = orjson.dumps(project(asset, plan, ctx))
                if keep:
                    put(key, data)
            found.append(data)
        return found

    def clear(self) -> None:
        self.generation += 1
        self._encoded.clear()

    @property
    def weight(self) -> int:
        return self._encoded.weight

    def __len__(self) -> int:
        return len(self._encoded)
