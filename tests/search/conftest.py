"""A small hand-made catalog in a temporary store, for search backend tests.

The store is the deployment's (SQLite, or a PostgreSQL database of its own in
the distributed run), and so is the ``backend`` searched: tantivy, or
PostgreSQL beside the store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from photobank.catalog.model import Asset, Collection, Event, Keyword, KeywordTag, Location, Person
from photobank.catalog.repository import CatalogRepository
from photobank.clock import ManualClock
from photobank.search.postgres_backend import PostgresSearchBackend
from photobank.search.query import SearchBackend, SearchIndex, SearchQuery
from photobank.search.tantivy_backend import TantivySearchBackend
from tests.deployment import migrated_engine

COLLECTIONS = [
    Collection(1, "STK", "Stock", "creative", "royaltyfree", ("easyaccess", "imagepack")),
    Collection(2, "PAN", "Panoramas", "creative", "royaltyfree", ("premiumaccess",)),
    Collection(3, "NEWS", "News", "editorial", "rightsmanaged", ("editorialsubscription",)),
]
KEYWORDS = [
    Keyword(1, "mountain", "Subject"),
    Keyword(2, "lake", "Subject"),
    Keyword(3, "dog", "Subject"),
    Keyword(4, "cat", "Subject"),
    Keyword(5, "beach", "Subject"),
    Keyword(6, "sunset", "Concept"),
    Keyword(7, "Horizontal", "Composition"),
    Keyword(8, "tennis", "Subject"),
    Keyword(9, "fashion", "Subject"),
]
PEOPLE = [Person(1, "Serena Williams"), Person(2, "Roger Federer")]
LOCATIONS = [
    Location(1, "Zürich, Switzerland", "Zürich", "Zurich", "Switzerland"),
    Location(2, "Paris, France", "Paris", "Île-de-France", "France"),
    Location(3, "London, United Kingdom", "London", "England", "United Kingdom"),
]
EVENTS = [
    Event(10, "Wimbledon 2024", datetime(2024, 7, 1, tzinfo=UTC), None, "sport", 3, ("sport",)),
    Event(
        11, "Paris Fashion Week", datetime(2023, 9, 25, tzinfo=UTC), None, "fashion", 2,
        ("entertainment",),
    ),
]  # fmt: skip


def tags(*ids: int) -> tuple[KeywordTag, ...]:
    return tuple(KeywordTag(i, 50) for i in ids)


def make_asset(asset_id: str, title: str, **fields: Any) -> Asset:
    """A creative royalty-free photo with neutral defaults; ``fields`` override."""
    values: dict[str, Any] = {
        "id": asset_id,
        "asset_type": "image",
        "asset_family": "creative",
        "title": title,
        "caption": "",
        "collection_id": 1,
        "license_model": "royaltyfree",
        "width": 3000,
        "height": 2000,
        "date_created": datetime(2020, 1, 1, tzinfo=UTC),
        "date_submitted": datetime(2025, 1, 1, tzinfo=UTC),
        "product_types": ("easyaccess", "imagepack"),
    }
    values.update(fields)
    return Asset(**values)


def editorial(asset_id: str, title: str, **fields: Any) -> Asset:
    base: dict[str, Any] = {
        "asset_family": "editorial",
        "license_model": "rightsmanaged",
        "collection_id": 3,
        "product_types": ("editorialsubscription",),
        "editorial_use_only": True,
    }
    base.update(fields)
    return make_asset(asset_id, title, **base)


ASSETS = [
    make_asset(
        "1001", "Snowy mountains above a lake", caption="A quiet morning in the Alps",
        keywords=tags(1, 2, 7), popularity=500, quality_rank=1,
        date_created=datetime(2020, 1, 1, tzinfo=UTC), dominant_color="1e90ff",
        width=6000, height=4000, location_id=1, artist="Anna Berg",
    ),
    make_asset(
        "1002", "Dog running on the beach", keywords=tags(3, 5), orientation="vertical",
        popularity=1000, date_created=datetime(2021, 5, 5, tzinfo=UTC),
        dominant_color="f4a460", width=800, height=1200, artist="Ben Cole",
    ),
    make_asset(
        "1003", "Cat sleeping", caption="A cat on a mountain hut windowsill",
        keywords=tags(4), orientation="square", graphical_style="illustration",
        popularity=10, quality_rank=3, date_created=datetime(2019, 3, 3, tzinfo=UTC),
        dominant_color="808080", width=400, height=400, artist="Anna Berg",
    ),
    editorial(
        "1004", "Serena Williams at Wimbledon", keywords=tags(8), people_ids=(1,),
        event_ids=(10,), location_id=3, editorial_segments=("sport",), popularity=2000,
        date_created=datetime(2024, 7, 1, tzinfo=UTC), artist="Carl Diaz",
        number_of_people="one", ages=("adult",), ethnicities=("black",),
        compositions=("waist_up",), dominant_color="228b22",
    ),
    editorial(
        "1005", "Roger Federer and Serena Williams shake hands", keywords=tags(8),
        people_ids=(1, 2), event_ids=(10,), location_id=3, editorial_segments=("sport",),
        popularity=1500, date_created=datetime(2024, 7, 2, tzinfo=UTC), artist="Carl Diaz",
        number_of_people="two", ages=("adult", "mature_adult"),
        ethnicities=("black", "caucasian"), embeddable=False, dominant_color="2e8b57",
    ),
    editorial(
        "1006", "Models on the runway at Paris Fashion Week", keywords=tags(9),
        event_ids=(11,), location_id=2, editorial_segments=("entertainment",),
        popularity=700, date_created=datetime(2023, 9, 30, tzinfo=UTC), artist="Dana Ek",
        number_of_people="group", compositions=("full_length",), nudity=True,
        collection_id=3, dominant_color="000000",
    ),
    make_asset(
        "1007", "Sunset over mountains illustration", keywords=tags(1, 6),
        graphical_style="vector", file_types=("eps", "jpg"), popularity=0,
        date_created=datetime(2018, 8, 8, tzinfo=UTC), dominant_color="ff4500",
        width=5000, height=5000, artist="Ben Cole",
    ),
    make_asset(
        "1008", "Mountain lake panorama", keywords=tags(1, 2), collection_id=2,
        orientation="panoramic_horizontal", product_types=("premiumaccess",), popularity=300,
        date_created=datetime(2022, 2, 2, tzinfo=UTC), dominant_color="1f8ef0",
        width=9000, height=2000, location_id=1, artist="Anna Berg",
    ),
    make_asset(
        "1009", "Drone flight over a mountain lake", asset_type="video", keywords=tags(1, 2),
        popularity=900, date_created=datetime(2022, 6, 6, tzinfo=UTC),
    ),
    make_asset(
        "1010", "Hot dog stand in the city", keywords=tags(3), popularity=50,
        date_created=datetime(2017, 4, 4, tzinfo=UTC), dominant_color="b22222",
        artist="Ben Cole",
    ),
]  # fmt: skip

HEAP = 50_000_000  # small writer memory keeps test indexes quick to open
IMAGES = [a for a in ASSETS if a.asset_type == "image"]


def hits(backend: SearchBackend, **fields: Any) -> list[str]:
    """Ids of a search's hits in order (the first 100 unless ``limit`` says otherwise)."""
    fields.setdefault("limit", 100)
    return backend.search(SearchQuery(**fields)).ids


def found(backend: SearchBackend, **fields: Any) -> set[str]:
    return set(hits(backend, **fields))


def by_id(asset_id: str) -> Asset:
    return next(a for a in ASSETS if a.id == asset_id)


def retitle(asset_id: str, title: str) -> Asset:
    return dataclasses.replace(by_id(asset_id), title=title)


def open_catalog(directory: Path) -> CatalogRepository:
    """A fresh store in ``directory`` holding the reference data and :data:`ASSETS`."""
    engine = migrated_engine(directory)
    repo = CatalogRepository(engine, ManualClock())
    repo.add_reference(
        collections=COLLECTIONS, keywords=KEYWORDS, people=PEOPLE, locations=LOCATIONS,
        events=EVENTS,
    )  # fmt: skip
    repo.save_assets(ASSETS)
    return repo


def open_backend(directory: Path, repository: CatalogRepository) -> SearchIndex:
    """The deployment's backend over ``repository``: PostgreSQL beside a PostgreSQL
    store, else tantivy in ``directory``."""
    if repository.engine.dialect.name == "postgresql":
        return PostgresSearchBackend(repository.engine, repository)
    return TantivySearchBackend(directory / "index", repository, build_heap=HEAP)


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    """The deployment's backend over the catalog, shared by tests that only search."""
    directory = tmp_path_factory.mktemp("search")
    repository = open_catalog(directory)
    opened = open_backend(directory, repository)
    yield opened
    opened.close()
    repository.engine.dispose()


@pytest.fixture
def repository(tmp_path: Path) -> Iterator[CatalogRepository]:
    opened = open_catalog(tmp_path)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def writable(index_dir: Path, repository: CatalogRepository) -> Iterator[TantivySearchBackend]:
    """A backend of the test's own, over ``repository``, for tests that change things."""
    opened = TantivySearchBackend(index_dir, repository, build_heap=HEAP)
    yield opened
    opened.close()
