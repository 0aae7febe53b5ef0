"""Events: search over the catalog's reference events, and what the index knows of each.

Events are a few thousand rows of reference data, so event search is an
in-memory word index over name, type and place, rebuilt whenever the reference
data is reloaded. Image counts and hero images come from the search backend
(editorial images linked by ``event_ids``), cached until the catalog changes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from photobank.catalog.model import Event
from photobank.catalog.repository import Reference
from photobank.catalog.service import CatalogService
from photobank.search.query import SearchBackend, SearchQuery

_WORD = re.compile(r"\w+")
EVENT_SORT_ORDERS = ("newest", "oldest")


@dataclass(frozen=True, slots=True)
class EventQuery:
    phrase: str = ""
    editorial_segment: str | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    sort_order: str = "newest"
    offset: int = 0
    limit: int = 30


@dataclass(frozen=True, slots=True)
class EventStats:
    image_count: int
    hero_asset_id: str | None  # the event's most popular editorial image
    child_event_count: int


@dataclass(frozen=True, slots=True)
class EventPage:
    total: int
    events: list[Event]


class _WordIndex:
    """Event ids by word of their name, type and location."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self.words: dict[str, set[int]] = {}
        self.children: dict[int, int] = {}
        for event in reference.events.values():
            location = reference.locations.get(event.location_id or -1)
            text = " ".join([event.name, event.type, location.name if location else ""])
            for word in _words(text):
                self.words.setdefault(word, set()).add(event.id)
            if event.parent_id is not None:
                self.children[event.parent_id] = self.children.get(event.parent_id, 0) + 1

    def matching(self, phrase: str) -> Iterable[int]:
        """Ids of events having every word of ``phrase`` (a word matches as a prefix too)."""
        found: set[int] | None = None
        for word in _words(phrase):
            ids = set(self.words.get(word, ()))
            for indexed, more in self.words.items():
                if indexed.startswith(word):
                    ids |= more
            found = ids if found is None else found & ids
        return self.reference.events if found is None else found


class EventService:
    def __init__(self, catalog: CatalogService, backend: SearchBackend) -> None:
        self._catalog = catalog
        self._backend = backend
        self._index: _WordIndex | None = None
        self._stats: dict[int, EventStats] = {}
        self._lock = threading.Lock()
        catalog.on_change(self.clear_caches)

    def clear_caches(self) -> None:
        self._index = None
        self._stats = {}

    def get(self, ids: Iterable[int]) -> dict[int, Event]:
        events = self._catalog.reference().events
        return {i: events[i] for i in ids if i in events}

    def search(self, query: EventQuery) -> EventPage:
        index = self._word_index()
        events = index.reference.events
        hits = [
            events[i]
            for i in index.matching(query.phrase)
            if _within(events[i], query)
        ]  # fmt: skip
        newest = query.sort_order == "newest"
        hits.sort(key=lambda e: (e.start_date, e.id), reverse=newest)
        return EventPage(len(hits), hits[query.offset : query.offset + query.limit])

    def stats(self, event: Event) -> EventStats:
        cached = self._stats.get(event.id)
        if cached is not None:
            return cached
        result = self._backend.search(
            SearchQuery(
                event_ids=frozenset({event.id}),
                asset_families=frozenset({"editorial"}),
                sort_order="most_popular",
                limit=1,
            )
        )
        children = self.child_count(event.id)
        stats = EventStats(result.total, result.ids[0] if result.ids else None, children)
        self._stats[event.id] = stats
        return stats

    def child_count(self, event_id: int) -> int:
        """How many events name ``event_id`` as their parent."""
        return self._word_index().children.get(event_id, 0)

    def _word_index(self) -> _WordIndex:
        reference = self._catalog.reference()
        index = self._index
        if index is None or index.reference is not reference:
            with self._lock:
                index = self._index = _WordIndex(reference)
        return index


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _within(event: Event, query: EventQuery) -> bool:
    if query.editorial_segment and query.editorial_segment not in event.editorial_segments:
        return False
    if query.date_from is not None and event.start_date < query.date_from:
        return False
    return query.date_to is None or event.start_date <= query.date_to
