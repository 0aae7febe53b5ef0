"""Search by image: rank the catalog by visual likeness to a signature.

The signatures of the whole catalog are held in one :class:`SignatureMatrix`,
loaded from the store on first use and dropped whenever the catalog changes
(the next search loads it again). A search ranks every asset passing the
filters and keeps the ``RESULTS`` nearest; facets count those.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine

from photobank.catalog.service import CatalogService
from photobank.errors import AssetNotFound
from photobank.search.service import FacetEntry, SearchPage
from photobank.visual.matrix import Filters, SignatureMatrix
from photobank.visual.signature import Signature
from photobank.visual.store import signature_of_asset, signed_assets

RESULTS = 1000  # a by-image search answers at most this many assets, nearest first


def searchable(
    asset_type: str,
    *,
    product_types: frozenset[str] = frozenset(),
    exclude_editorial_use_only: bool = False,
    exclude_id: str | None = None,
) -> Filters:
    """What a by-image search may answer, as on Getty: creative assets of
    ``asset_type``, never nudity; narrowed by the caller's own options."""
    return Filters(
        asset_type=asset_type,
        asset_families=frozenset({"creative"}),
        product_types=product_types,
        exclude_nudity=True,
        exclude_editorial_use_only=exclude_editorial_use_only,
        exclude_id=exclude_id,
    )


@dataclass(frozen=True, slots=True)
class VisualQuery:
    signature: Signature
    filters: Filters
    offset: int = 0
    limit: int = 30
    facet_fields: tuple[str, ...] = ()  # "artists", "locations"
    facet_max_count: int = 300


class VisualSearch:
    def __init__(self, engine: Engine, catalog: CatalogService) -> None:
        self._engine = engine
        self._catalog = catalog
        self._matrix: SignatureMatrix | None = None
        self._lock = threading.Lock()
        catalog.on_change(self.clear)

    def clear(self) -> None:
        self._matrix = None

    def matrix(self) -> SignatureMatrix:
        matrix = self._matrix
        if matrix is None:
            with self._lock:
                matrix = self._matrix
                if matrix is None:
                    matrix = self._matrix = SignatureMatrix(signed_assets(self._engine))
        return matrix

    def asset_signature(self, asset_id: str) -> Signature:
        """The signature of a catalog asset, to search by an ``asset_id``."""
        signature = signature_of_asset(self._engine, asset_id)
        if signature is None or not self._catalog.get_assets([asset_id]):
            raise AssetNotFound(f"Asset not found: {asset_id}")
        return signature

    def search(self, query: VisualQuery) -> SearchPage:
        matrix = self.matrix()
        ranked = matrix.rank(query.signature, query.filters, RESULTS)
        chosen = [matrix.ids[row] for row in ranked[query.offset : query.offset + query.limit]]
        found = self._catalog.get_assets(chosen)
        facets = {
            name: self._facet(matrix, ranked, name, query.facet_max_count)
            for name in query.facet_fields
        }
        return SearchPage(
            total=len(ranked), assets=[found[i] for i in chosen if i in found], facets=facets
        )

    def _facet(
        self, matrix: SignatureMatrix, ranked: NDArray[np.intp], name: str, most: int
    ) -> list[FacetEntry]:
        entries: list[FacetEntry] = []
        if name == "artists":
            counts = Counter(matrix.artist_names[code] for code in matrix.artists[ranked].tolist())
            entries = [FacetEntry(None, artist, n) for artist, n in counts.items() if artist]
        elif name == "locations":
            locations = self._catalog.reference().locations
            counts_by_id = Counter(matrix.locations[ranked].tolist())
            entries = [
                FacetEntry(place.id, place.name, n)
                for location_id, n in counts_by_id.items()
                if (place := locations.get(location_id)) is not None
            ]
        entries.sort(key=lambda e: (-e.count, e.name))
        return entries[:most]
