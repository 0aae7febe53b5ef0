"""Images like a given one: "similar" by shared keywords, "same series" by event or shoot.

Similar is a more-like-this over keywords: the index finds every asset of the
same type and family sharing at least one of the source's most relevant
keywords (most popular first, capped), and those are ranked here by how much
keyword relevance they share. Same series is what one shoot produced: the
assets of the source's events or, for assets outside any event (creative
shoots), those of the same artist on the same day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from photobank.catalog.model import Asset
from photobank.catalog.service import CatalogService
from photobank.lru import LruCache, weigh_key
from photobank.search.query import SearchBackend, SearchQuery

SOURCE_KEYWORDS = 12  # the source's most relevant keywords that seed the candidates
CANDIDATES = 400  # assets the index returns for ranking (most popular first)
SERIES_MAX = 1000
_STR_OVERHEAD = 57  # a str object and its list slot, beyond its characters


@dataclass(frozen=True, slots=True)
class RelatedPage:
    total: int
    assets: list[Asset]


def _weigh_ids(key: tuple[str, str], ids: list[str]) -> int:
    return weigh_key(key) + sum(len(i) + _STR_OVERHEAD for i in ids)


class RelatedImages:
    def __init__(self, catalog: CatalogService, backend: SearchBackend, cache_budget: int) -> None:
        """``cache_budget``: bytes the ranked id lists may weigh in all."""
        self._catalog = catalog
        self._backend = backend
        self._ranked: LruCache[tuple[str, str], list[str]] = LruCache(cache_budget, _weigh_ids)
        catalog.on_change(self._ranked.clear)

    def similar(self, asset: Asset, offset: int, limit: int) -> RelatedPage:
        return self._page(("similar", asset.id), lambda: self._rank_similar(asset), offset, limit)

    def same_series(self, asset: Asset, offset: int, limit: int) -> RelatedPage:
        return self._page(("series", asset.id), lambda: self._series(asset), offset, limit)

    def _page(
        self, key: tuple[str, str], build: Callable[[], list[str]], offset: int, limit: int
    ) -> RelatedPage:
        ids = self._ranked.get_or_build(key, build)
        chosen = ids[offset : offset + limit]
        found = self._catalog.get_assets(chosen)
        return RelatedPage(len(ids), [found[i] for i in chosen if i in found])

    def _rank_similar(self, asset: Asset) -> list[str]:
        weights = {
            tag.keyword_id: tag.relevance
            for tag in sorted(asset.keywords, key=lambda k: -k.relevance)[:SOURCE_KEYWORDS]
        }
        if not weights:
            return []
        result = self._backend.search(
            SearchQuery(
                asset_type=asset.asset_type,
                asset_families=frozenset({asset.asset_family}),
                any_keyword_ids=frozenset(weights),
                sort_order="most_popular",
                limit=CANDIDATES,
            )
        )
        candidates = self._catalog.get_assets([i for i in result.ids if i != asset.id])

        def score(other: Asset) -> tuple[int, int, str]:
            shared = sum(
                min(weights[tag.keyword_id], tag.relevance)
                for tag in other.keywords
                if tag.keyword_id in weights
            )
            return (-shared, -other.popularity, other.id)

        return [a.id for a in sorted(candidates.values(), key=score)]

    def _series(self, asset: Asset) -> list[str]:
        if asset.event_ids:
            query = SearchQuery(asset_type=asset.asset_type, event_ids=frozenset(asset.event_ids))
        elif asset.artist:
            day = datetime.combine(asset.date_created.astimezone(UTC).date(), datetime.min.time())
            start = day.replace(tzinfo=UTC)
            query = SearchQuery(
                asset_type=asset.asset_type,
                artists=frozenset({asset.artist.lower()}),
                date_from=start,
                date_to=start + timedelta(days=1) - timedelta(microseconds=1),
            )
        else:
            return []
        ordered = replace(query, sort_order="newest", limit=SERIES_MAX)
        return [i for i in self._backend.search(ordered).ids if i != asset.id]
