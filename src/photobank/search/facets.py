"""Facet counts over a whole result set, from one tantivy terms aggregation."""

from __future__ import annotations

from typing import Any

import tantivy

from photobank.search import _schema as f
from photobank.search._documents import artist_key
from photobank.search.query import FACET_FIELDS, FacetValue

# Facet name -> fast column counted; artists are keyed by name, the rest by id.
FACET_COLUMNS: dict[str, str] = {
    "artists": f.ARTIST_KEY,
    "events": f.EVENT_IDS,
    "locations": f.LOCATION_ID,
    "specific_people": f.PEOPLE_IDS,
}
assert set(FACET_COLUMNS) == set(FACET_FIELDS)

# Buckets kept per segment before merging. Large enough that every distinct
# value of a realistic catalog survives, so counts and the top-N are exact
# (tantivy reports doc_count_error_upper_bound 0); on integer columns this
# costs little more than the default.
_SEGMENT_SIZE = 50_000


class ArtistNames:
    """Artist facet keys back to names, learnt from the index's term dictionary.

    Hash to name is a pure function, so the table only needs refreshing when
    an unknown key shows up (an artist added since the last look).
    """

    def __init__(self) -> None:
        self._names: dict[int, str] = {}

    def lookup(self, searcher: tantivy.Searcher, keys: list[int]) -> dict[int, str]:
        if any(key not in self._names for key in keys):
            terms = searcher.terms_with_prefix(f.ARTIST_NAME, "")
            self._names = {artist_key(name): name for name, _count in terms}
        return self._names


def facet_request(fields: tuple[str, ...], max_count: int) -> dict[str, Any]:
    size = max(1, max_count)
    return {
        name: {
            "terms": {
                "field": FACET_COLUMNS[name],
                "size": size,
                "segment_size": max(size, _SEGMENT_SIZE),
                "order": {"_count": "desc"},
            }
        }
        for name in dict.fromkeys(fields)
        if name in FACET_COLUMNS
    }


def collect_facets(
    searcher: tantivy.Searcher,
    query: tantivy.Query,
    fields: tuple[str, ...],
    max_count: int,
    artists: ArtistNames,
) -> dict[str, list[FacetValue]]:
    """Counts per facet value, by count descending then key; absent facets are empty."""
    request = facet_request(fields, max_count)
    if not request or max_count <= 0:
        return {name: [] for name in fields if name in FACET_COLUMNS}
    result = searcher.aggregate(query, request)
    facets: dict[str, list[FacetValue]] = {}
    for name in request:
        buckets = [
            (int(b["key"]), int(b["doc_count"])) for b in result.get(name, {}).get("buckets", [])
        ]
        if name == "artists":
            names = artists.lookup(searcher, [key for key, _count in buckets])
            values = [FacetValue(names[key], n) for key, n in buckets if key in names]
        else:
            values = [FacetValue(str(key), n) for key, n in buckets]
        values.sort(key=lambda v: (-v.count, v.key))
        facets[name] = values[:max_count]
    return facets
