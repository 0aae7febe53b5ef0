"""The demo catalog's reference data: collections, keywords, places, people, artists, events.

Keyword, collection and location ids depend on the vocabulary only, so they stay
the same across seeds and catalog sizes; people, artists and events are drawn
from the seed. Besides the records the store keeps, the world holds what the
asset generator needs to stay consistent (who attends which event, which
collections an artist supplies).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from photobank.catalog.model import Collection, Event, Keyword, Location, Person
from photobank.demo import vocab
from photobank.demo.editorial import EDITORIAL, FILL, KINDS, EventKind
from photobank.demo.subjects import CREATIVE, Subject

# Every creative date falls in these twenty years; archival events are older.
START = datetime(2006, 1, 1, tzinfo=UTC)
END = datetime(2025, 12, 31, tzinfo=UTC)
SUBJECTS: tuple[Subject, ...] = CREATIVE + EDITORIAL

_DOMAIN_SIZES = {"sport": 160, "entertainment": 160, "news": 60, "royalty": 16}
_ARTIST_SIZES = {
    "photo": 210, "art": 60, "news": 30, "sport": 30, "entertainment": 36, "royalty": 8,
    "archive": 8,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Artist:
    name: str
    title: str
    collections: tuple[vocab.CollectionSpec, ...]


@dataclass(frozen=True, slots=True)
class DemoEvent:
    """An event plus what its pictures need: its place, its people, its name parts."""

    event: Event
    kind: EventKind
    location: Location
    fill: dict[str, str]
    cast: tuple[Person, ...]


@dataclass(slots=True)
class World:
    collections: list[Collection] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    keyword_ids: dict[str, int] = field(default_factory=dict)  # casefolded text -> id
    locations_by_tag: dict[str, list[Location]] = field(default_factory=dict)
    people_by_domain: dict[str, list[Person]] = field(default_factory=dict)
    artists_by_domain: dict[str, list[Artist]] = field(default_factory=dict)
    events_by_kind: dict[str, list[DemoEvent]] = field(default_factory=dict)

    def keyword_id(self, text: str) -> int:
        return self.keyword_ids[text.casefold()]


def keyword_id(text: str) -> int:
    """A keyword's id: a hash of its text, so ids survive vocabulary changes."""
    digest = hashlib.blake2b(text.casefold().encode(), digest_size=8).digest()
    return 10_000_000 + int.from_bytes(digest, "big") % 90_000_000


def cumulative(weights: list[float]) -> list[float]:
    """Cumulative weights for ``random.choices(..., cum_weights=...)``."""
    return list(accumulate(weights))


def build_world(seed: int, assets: int) -> World:
    rng = random.Random(f"photobank-demo-world-{seed}")
    world = World()
    world.collections = [
        Collection(c.id, c.code, c.name, c.asset_family, c.license_model, c.product_types)
        for c in vocab.COLLECTIONS
    ]
    _add_locations(world)
    _add_keywords(world)
    _add_people(world, rng)
    _add_artists(world, rng)
    _add_events(world, rng, count=min(8000, max(2 * len(KINDS), assets // 120)))
    return world


def _add_locations(world: World) -> None:
    for number, place in enumerate(vocab.PLACES, start=1):
        head = place.city or place.state_province or place.country
        name = ", ".join(dict.fromkeys((head, place.country)))
        location = Location(number, name, place.city, place.state_province, place.country)
        world.locations.append(location)
        for tag in place.tags:
            world.locations_by_tag.setdefault(tag, []).append(location)


def _add_keywords(world: World) -> None:
    vocabulary: list[tuple[str, str]] = []
    for subject in SUBJECTS:
        vocabulary.append((subject.name, "Subject"))
        vocabulary += [(word, "Subject") for word in subject.subjects]
        kind = "Event" if subject.event_kind else "Concept"
        vocabulary += [(word, kind) for word in subject.concepts]
    vocabulary += [(word, "Style") for word in vocab.STYLE_KEYWORDS]
    vocabulary += [(word, "Concept") for word in vocab.CONCEPT_KEYWORDS]
    vocabulary += [(word, "Composition") for word in vocab.COMPOSITION_KEYWORDS]
    vocabulary += [(word, "People") for word in vocab.PEOPLE_KEYWORDS]
    for location in world.locations:
        for word in (location.city, location.state_province, location.country):
            if word:
                vocabulary.append((word, "Location"))
    by_id: dict[int, str] = {}
    for text, kind in vocabulary:
        folded = text.casefold()
        if folded in world.keyword_ids:
            continue
        number = keyword_id(text)
        if number in by_id:
            raise ValueError(f"keyword ids of {text!r} and {by_id[number]!r} collide")
        by_id[number] = text
        world.keyword_ids[folded] = number
        world.keywords.append(Keyword(number, text, kind))


def _unique_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.LAST_NAMES)}"
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def _add_people(world: World, rng: random.Random) -> None:
    taken: set[str] = set()
    ids = iter(rng.sample(range(100_000, 1_000_000), sum(_DOMAIN_SIZES.values())))
    for domain, size in _DOMAIN_SIZES.items():
        if domain == "royalty":
            names = list(vocab.ROYALS[:size])
        else:
            names = _unique_names(rng, size, taken)
        people = [Person(next(ids), name) for name in names]
        world.people_by_domain[domain] = people
        world.people += people


def _add_artists(world: World, rng: random.Random) -> None:
    taken = {p.name for p in world.people}
    for domain, size in _ARTIST_SIZES.items():
        supplied = [c for c in vocab.COLLECTIONS if domain in c.domains]
        if domain == "archive":
            names = list(vocab.ARCHIVE_AGENCIES[:size])
        else:
            names = _unique_names(rng, size, taken)
        world.artists_by_domain[domain] = [
            Artist(
                name,
                rng.choice(vocab.ARTIST_TITLES[domain]),
                tuple(
                    dict.fromkeys(
                        rng.choices(supplied, [c.share for c in supplied], k=rng.choice((1, 1, 2)))
                    )
                ),
            )
            for name in names
        ]


def _add_events(world: World, rng: random.Random, count: int) -> None:
    total = sum(kind.weight for kind in KINDS)
    ids = iter(rng.sample(range(100_000_000, 1_000_000_000), count * 2))
    for kind in KINDS:
        size = max(2, round(count * kind.weight / total))
        parents = _parent_events(world, rng, kind, ids, max(1, size // 6))
        events = []
        for _ in range(size):
            parent = rng.choice(parents) if parents else None
            events.append(_event(world, rng, kind, next(ids), parent))
        events.sort(key=lambda e: (e.event.start_date, e.event.id))
        world.events_by_kind[kind.key] = events
        world.events += [e.event for e in events]


def _parent_events(
    world: World, rng: random.Random, kind: EventKind, ids: Iterator[int], count: int
) -> list[DemoEvent]:
    if kind.parent is None:
        return []
    parents = []
    for _ in range(count):
        location = rng.choice(world.locations_by_tag[kind.places])
        start = _start(rng, kind, days=10)
        fill = _fill(rng, location, start)
        event = Event(
            next(ids),
            kind.parent.format_map(fill),
            start,
            start + timedelta(days=10),
            "festival",
            location.id,
            kind.segments,
        )
        world.events.append(event)
        parents.append(DemoEvent(event, kind, location, fill, ()))
    return parents


def _event(
    world: World, rng: random.Random, kind: EventKind, number: int, parent: DemoEvent | None
) -> DemoEvent:
    if parent is None:
        location = rng.choice(world.locations_by_tag[kind.places])
        start = _start(rng, kind, kind.days)
    else:
        location = parent.location
        start = parent.event.start_date + timedelta(days=rng.randrange(9), hours=rng.randrange(24))
    fill = _fill(rng, location, start)
    if parent is not None:
        fill["season"] = parent.fill["season"]
    end = start + timedelta(days=rng.randint(1, kind.days)) if kind.days else None
    pool = world.people_by_domain.get(kind.domain, [])
    low, high = kind.cast
    cast = tuple(rng.sample(pool, min(len(pool), rng.randint(low, high)))) if pool else ()
    if cast:
        fill["lead"] = cast[0].name
    event = Event(
        number,
        rng.choice(kind.names).format_map(fill),
        start,
        end,
        kind.type,
        location.id,
        kind.segments,
        parent.event.id if parent else None,
    )
    return DemoEvent(event, kind, location, fill, cast)


def _start(rng: random.Random, kind: EventKind, days: int) -> datetime:
    first, last = kind.years
    begin = datetime(first, 1, 1, tzinfo=UTC)
    finish = min(datetime(last, 12, 31, tzinfo=UTC), END) - timedelta(days=days + 1)
    span = int((finish - begin).total_seconds()) // 3600
    return begin + timedelta(hours=rng.randrange(span))


def _fill(rng: random.Random, location: Location, start: datetime) -> dict[str, str]:
    fill = {key: rng.choice(values) for key, values in FILL.items()}
    fill["team2"] = rng.choice([t for t in FILL["team"] if t != fill["team"]])
    fill["club2"] = rng.choice([c for c in FILL["club"] if c != fill["club"]])
    fill["city"] = location.city or location.state_province or location.country
    fill["country"] = location.country
    fill["year"] = str(start.year)
    return fill
