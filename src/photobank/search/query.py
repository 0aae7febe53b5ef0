"""What a search asks for, independent of any API's wire format.

Both skins (v3 query strings, legacy ``SearchForImages`` bodies) parse their
input into a :class:`SearchQuery`; a :class:`SearchBackend` answers it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

SORT_ORDERS = ("best_match", "most_popular", "newest", "oldest", "random")
SHUFFLES = 8  # fixed "random" orders: four keys, each either way
FACET_FIELDS = ("artists", "events", "locations", "specific_people")

# The dates a query may name: every backend filters on these (the tantivy index
# stops at 1677 and 2262); the skins refuse others as bad parameters.
EARLIEST = datetime(1700, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC) - timedelta(microseconds=1)

# Smallest long side, in pixels, of each ``minimum_size`` step.
MINIMUM_SIZES: dict[str, int] = {
    "x_small": 0,
    "small": 500,
    "medium": 1000,
    "large": 2000,
    "x_large": 3000,
    "xx_large": 5000,
}


def end_of_day(date_to: datetime | None) -> datetime | None:
    """The last moment a ``date_to`` filter takes in: a date without a time of day
    (midnight) means the whole of that day, so ``date_to=2016-12-31`` keeps what was
    made on New Year's Eve."""
    if date_to is None or date_to.hour or date_to.minute or date_to.second:
        return date_to
    return date_to + timedelta(days=1) - timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class SetFilter:
    """Match assets having any of ``values``; with ``exclude`` the opposite."""

    values: frozenset[str]
    exclude: bool = False


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A catalog search. Empty/None filters mean "no restriction"."""

    asset_type: str = "image"
    phrase: str = ""
    asset_families: frozenset[str] = frozenset()
    license_models: frozenset[str] = frozenset()
    ages: frozenset[str] = frozenset()
    ethnicities: frozenset[str] = frozenset()
    compositions: frozenset[str] = frozenset()
    number_of_people: frozenset[str] = frozenset()
    orientations: frozenset[str] = frozenset()
    file_types: frozenset[str] = frozenset()
    editorial_segments: frozenset[str] = frozenset()
    product_types: frozenset[str] = frozenset()
    graphical_styles: SetFilter | None = None
    collection_codes: SetFilter | None = None
    artists: frozenset[str] = frozenset()  # lower-cased artist names
    specific_people: frozenset[str] = frozenset()  # lower-cased person names
    event_ids: frozenset[int] = frozenset()
    keyword_ids: frozenset[int] = frozenset()
    exclude_keyword_ids: frozenset[int] = frozenset()
    any_keyword_ids: frozenset[int] = frozenset()  # at least one of these (similar images)
    color: str | None = None  # 6 hex digits, lower case, no '#'
    date_from: datetime | None = None
    date_to: datetime | None = None
    minimum_size: str | None = None  # key of MINIMUM_SIZES, or "vector"
    minimum_quality_rank: int | None = None  # 1 best .. 3
    exclude_nudity: bool = False
    exclude_editorial_use_only: bool = False
    embed_content_only: bool = False
    sort_order: str = "best_match"
    offset: int = 0
    limit: int = 30
    facet_fields: tuple[str, ...] = ()
    facet_max_count: int = 300
    # Videos only.
    video_formats: frozenset[str] = frozenset()
    frame_rates: frozenset[str] = frozenset()
    aspect_ratios: frozenset[str] = frozenset()
    techniques: frozenset[str] = frozenset()
    viewpoints: frozenset[str] = frozenset()
    release_statuses: frozenset[str] = frozenset()
    editorial_video_types: frozenset[str] = frozenset()
    min_clip_seconds: int | None = None
    max_clip_seconds: int | None = None


_PAGING_FIELDS = frozenset({"offset", "limit", "sort_order", "facet_fields", "facet_max_count"})


def shuffle_of(query: SearchQuery) -> int:
    """Which of the :data:`SHUFFLES` fixed shuffles a "random" search shows: chosen by
    everything it asks but its page, so its pages stay consistent."""
    parts = []
    for item in dataclasses.fields(query):
        if item.name in _PAGING_FIELDS:
            continue
        value = getattr(query, item.name)
        if isinstance(value, frozenset):
            value = sorted(value, key=str)
        elif isinstance(value, SetFilter):
            value = (sorted(value.values), value.exclude)
        elif isinstance(value, datetime):
            value = value.isoformat()
        parts.append((item.name, value))
    return hashlib.blake2b(repr(parts).encode(), digest_size=1).digest()[0] % SHUFFLES


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One facet bucket: ``key`` is an id (as text) or a name; ``count`` hits."""

    key: str
    count: int


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int
    ids: list[str]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Concurrency:
    """How a backend's searches share a server process: at most ``threads`` at once, and
    whether a quick one may run on the event loop (``inline``). A backend that computes
    (tantivy, which releases the GIL) wants a thread per core and may run inline; one
    that waits on a database wants a thread per connection and never runs inline, where
    its wait would hold up every other request."""

    threads: int
    inline: bool


class SearchBackend(Protocol):
    """A full-text index over the catalog; derived data, rebuildable from the store."""

    def search(self, query: SearchQuery) -> SearchResult: ...

    @property
    def concurrency(self) -> Concurrency: ...

    def suggest(self, phrase: str) -> str | None:
        """A spelling correction of ``phrase`` from indexed terms, or None."""
        ...

    def related_phrases(self, query: SearchQuery, limit: int) -> list[str]:
        """Phrases of related searches (co-occurring keywords of the top hits)."""
        ...

    def keyword_counts(self) -> dict[int, int]:
        """How many searchable assets carry each keyword, by keyword id."""
        ...

    def sync(self) -> int:
        """Bring the index in step with the store's change log; returns changes applied."""
        ...

    def rebuild(self) -> int:
        """Drop and rebuild the index from every asset in the store; returns its size."""
        ...

    def close(self) -> None: ...


class SearchIndex(SearchBackend, Protocol):
    """A backend the server maintains: its size (readiness) and re-reads after a restore."""

    @property
    def doc_count(self) -> int: ...

    def refresh(self, asset_ids: Sequence[str]) -> None:
        """Re-read ``asset_ids`` from a store restored under the index (an emulator reset)."""
        ...
