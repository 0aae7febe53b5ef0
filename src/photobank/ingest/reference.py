"""Reference rows a batch of drafts names that the catalog lacks, created on first mention."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time

from photobank import errors
from photobank.catalog.model import Collection, Event, Keyword, KeywordTag, Location, Person
from photobank.catalog.names import event_key, keyword_key, location_key, name_key, person_key
from photobank.catalog.repository import Reference
from photobank.demo.world import keyword_id
from photobank.ingest.drafts import CollectionMention, EventMention, KeywordMention, Place

_FIRST_COLLECTION_ID = 9_000  # above the demo's collections
_DEFAULT_COLLECTION = ("PBFX", "Photobank fixtures")


class NewReference:
    """Looks names up in the catalog's reference data, adding what is missing to ``added``."""

    def __init__(self, ref: Reference, product_types: dict[str, tuple[str, ...]]) -> None:
        """``product_types``: what a new collection of each family is licensable with."""
        self._ref = ref
        self._product_types = product_types
        self.added = Reference()
        # Ids by name key (photobank.catalog.names): the first stored of a key wins.
        self._keyword_ids = _ids_by_key(ref.keywords)
        self._people_ids = _ids_by_key(ref.people)
        self._event_ids = _ids_by_key(ref.events)
        self._location_ids = _ids_by_key(ref.locations)
        # Collections by id, by code and each family's first: made on first use.
        self._by_id: dict[int, Collection] | None = None
        self._by_code: dict[str, Collection] | None = None
        self._first: dict[str, Collection] | None = None

    def collection(
        self, mention: CollectionMention, family: str, license_model: str, where: str
    ) -> Collection:
        """By id (which must exist) or code (created if new); None: the family's first."""
        wanted = mention.wanted
        if isinstance(wanted, int):
            found = self._collections_by_id().get(wanted)
            if found is None:
                raise errors.InvalidParameter(
                    f"{where}.collection", f"{where}.collection: no collection {wanted}"
                )
            return found
        if wanted is not None:
            code = wanted.strip()
            found = self._collections_by_code().get(code.casefold())
            name = mention.name or code
            return found or self._add_collection(code, name, family, license_model, mention.id)
        family_first = self._family_first().get(family)
        return family_first or self._add_collection(*_DEFAULT_COLLECTION, family, license_model)

    def _known_collections(self) -> list[Collection]:
        return [*self._ref.collections.values(), *self.added.collections.values()]

    def _collections_by_id(self) -> dict[int, Collection]:
        if self._by_id is None:
            self._by_id = {c.id: c for c in reversed(self._known_collections())}
        return self._by_id

    def _collections_by_code(self) -> dict[str, Collection]:
        """The first collection of each code (case aside), as a scan in order finds it."""
        if self._by_code is None:
            self._by_code = {c.code.casefold(): c for c in reversed(self._known_collections())}
        return self._by_code

    def _family_first(self) -> dict[str, Collection]:
        """Each family's collection of the lowest id (the first of them on a tie)."""
        if self._first is None:
            self._first = {}
            for c in self._known_collections():
                first = self._first.get(c.asset_family)
                if first is None or c.id < first.id:
                    self._first[c.asset_family] = c
        return self._first

    def _add_collection(
        self, code: str, name: str, family: str, license_model: str, wanted: int | None = None
    ) -> Collection:
        taken = {*self._ref.collections, *self.added.collections}
        new_id = max(taken | {_FIRST_COLLECTION_ID}) + 1
        if wanted and wanted > 0 and wanted not in taken:
            new_id = wanted
        model = license_model or ("royaltyfree" if family == "creative" else "rightsmanaged")
        collection = Collection(new_id, code[:16], name, family, model, self._product_types[family])
        self.added.collections[new_id] = collection
        self._by_id = self._by_code = self._first = None  # looked up afresh
        return collection

    def keyword(self, mention: KeywordMention) -> KeywordTag:
        key = keyword_key(mention.text)
        found = self._keyword_ids.get(key)
        if found is None:
            found = keyword_id(mention.text)
            while found in self._ref.keywords or found in self.added.keywords:
                found += 1
            self.added.keywords[found] = Keyword(found, mention.text, mention.type)
            self._keyword_ids[key] = found
        return KeywordTag(found, mention.relevance)

    def event(
        self, mention: EventMention, location_id: int | None, segments: tuple[str, ...]
    ) -> int:
        """The event of that name on that day (the mention's calendar day, kept as its
        UTC midnight); a new one is held where the asset was taken."""
        day = datetime.combine(mention.date.date(), time(), UTC)
        key = event_key(mention.name, day)
        found = self._event_ids.get(key)
        if found is None:
            taken = {*self._ref.events, *self.added.events}
            free = mention.id is not None and mention.id > 0 and mention.id not in taken
            found = mention.id if free and mention.id else max([*taken, 0]) + 1
            event = Event(found, mention.name, day, None, "", location_id, segments)
            self.added.events[found] = event
            self._event_ids[key] = found
        return found

    def person(self, name: str) -> int:
        key = person_key(name)
        found = self._people_ids.get(key)
        if found is None:
            found = max([*self._ref.people, *self.added.people, 0]) + 1
            self.added.people[found] = Person(found, name)
            self._people_ids[key] = found
        return found

    def location(self, place: Place) -> int:
        """The location of ``place``; a new one is named as the demo's are (``Paris, France``),
        with the sublocation first when there is one."""
        head = place.city or place.state_province or place.country
        name = ", ".join(dict.fromkeys(p for p in (place.sublocation, head, place.country) if p))
        key = location_key(name, place.city, place.state_province, place.country)
        found = self._location_ids.get(key)
        if found is None:
            found = max([*self._ref.locations, *self.added.locations, 0]) + 1
            self.added.locations[found] = Location(
                found, name, place.city, place.state_province, place.country
            )
            self._location_ids[key] = found
        return found


def _ids_by_key(rows: Mapping[int, Keyword | Person | Location | Event]) -> dict[str, int]:
    """Each name key's id: the lowest of the rows holding it, as the store's unique
    key is the first stored's (:func:`~photobank.catalog.names.duplicate_key`)."""
    found: dict[str, int] = {}
    for row_id, row in rows.items():
        key = name_key(row)
        if found.get(key, row_id) >= row_id:
            found[key] = row_id
    return found
