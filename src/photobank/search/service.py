"""Search service: one call from a skin gives a page of assets, facets and hints."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime

from photobank.catalog.model import Asset
from photobank.catalog.service import CatalogService
from photobank.search.query import Concurrency, FacetValue, SearchBackend, SearchQuery


@dataclass(frozen=True, slots=True)
class FacetEntry:
    """A facet bucket resolved for display: ``id`` is None for name-keyed facets."""

    id: int | None
    name: str
    count: int
    date: datetime | None = None


@dataclass(frozen=True, slots=True)
class SearchPage:
    total: int
    assets: list[Asset]
    facets: dict[str, list[FacetEntry]] = field(default_factory=dict)
    correction: str | None = None
    related_phrases: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # the hits, in order (SearchService.find)


def corrects_spelling(query: SearchQuery) -> bool:
    """Getty suggests a corrected phrase for creative searches only (images or videos)."""
    return bool(query.phrase) and query.asset_families == {"creative"}


class SearchService:
    def __init__(self, catalog: CatalogService, backend: SearchBackend) -> None:
        self._catalog = catalog
        self._backend = backend
        self._holds = 0  # held_sync blocks running
        self._holding = threading.Lock()

    @property
    def concurrency(self) -> Concurrency:
        """How many searches may run at once, and where (the backend's own)."""
        return self._backend.concurrency

    def search(self, query: SearchQuery, *, correct: bool = False, related: int = 0) -> SearchPage:
        """A page of ``query``'s assets; with ``correct`` (the caller shows corrections)
        a spelling correction where one is offered (:func:`corrects_spelling`), with
        ``related`` up to that many related searches."""
        page = self.find(query, correct=correct, related=related)
        found = self._catalog.get_assets(page.ids)
        return replace(page, assets=[found[i] for i in page.ids if i in found])

    def find(self, query: SearchQuery, *, correct: bool = False, related: int = 0) -> SearchPage:
        """As :meth:`search`, with the page's hits as ``ids`` only and no ``assets``: for a
        caller that keeps what it shows of assets (until the catalog changes) and reads
        the rest with ``CatalogService.get_assets``, which leaves out withdrawn ones."""
        result = self._backend.search(query)
        offered = correct and corrects_spelling(query)
        correction = self._backend.suggest(query.phrase) if offered else None
        phrases = self._backend.related_phrases(query, related) if related else []
        return SearchPage(
            total=result.total,
            assets=[],
            facets=self._resolve_facets(result.facets) if result.facets else {},
            correction=correction,
            related_phrases=phrases,
            ids=result.ids,
        )

    def _resolve_facets(self, facets: dict[str, list[FacetValue]]) -> dict[str, list[FacetEntry]]:
        ref = self._catalog.reference()
        resolved: dict[str, list[FacetEntry]] = {}
        for name, buckets in facets.items():
            entries: list[FacetEntry] = []
            for bucket in buckets:
                key, count = bucket.key, bucket.count
                if name == "artists":
                    entries.append(FacetEntry(None, key, count))
                elif name == "events" and (event := ref.events.get(int(key))):
                    entries.append(FacetEntry(event.id, event.name, count, event.start_date))
                elif name == "locations" and (location := ref.locations.get(int(key))):
                    entries.append(FacetEntry(location.id, location.name, count))
                elif name == "specific_people" and (person := ref.people.get(int(key))):
                    entries.append(FacetEntry(person.id, person.name, count))
            resolved[name] = entries
        return resolved

    def sync(self) -> int:
        """Bring the index in step with the catalog's change log; how many changes were
        applied (none while a :meth:`held_sync` block runs)."""
        if self._holds:
            return 0
        return self._backend.sync()

    @contextmanager
    def held_sync(self) -> Iterator[None]:
        """Leave the index behind the catalog during the block, then sync once (also if
        the block raised: what it stored is searchable). For a large import: the
        changes are applied together, which a PostgreSQL index does by rebuilding
        its table when they outnumber its rows. A kill meanwhile loses nothing: the
        change log holds what the index has not applied, and the next sync applies it.

        The sync runs as a catalog change's does, through the catalog's listeners, so
        the caches of answers given meanwhile from the index left behind are emptied."""
        with self._holding:
            self._holds += 1
        try:
            yield
        finally:
            with self._holding:
                self._holds -= 1
            if not self._holds:
                self._catalog.clear_caches()
