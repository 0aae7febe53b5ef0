"""Writers in different processes or nodes adding reference rows (keywords, people,
collections, locations) at once or from a stale cache: each name is stored once, no
two rows share an id, and an operator's edit does not wait for an ingest's batch."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from photobank.catalog.model import Asset
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from photobank.ingest.edits import edit_of, update_asset
from photobank.ingest.manifest import row_of
from photobank.ingest.overrides import drawn
from photobank.ingest.writer import AssetWriter
from photobank.store import tables as t
from tests.conftest import START
from tests.deployment import deployed
from tests.ingest.conftest import Library
from tests.ingest.test_writing import (
    _WAIT,
    _photo,
    _wait_for_pending,
    paused_after_storing_originals,
)


@pytest.fixture
def other_node(library: Library) -> Iterator[Services]:
    """Services of a second process or node over the same store, its caches its own."""
    settings = deployed(data_dir=library.data_dir, hash_cost="fast", default_qps_limit=0)
    services = build_services(settings, ManualClock(START))
    try:
        yield services
    finally:
        services.close()


def _saved(services: Services, title: str, **fields: Any) -> Asset:
    """A new drawn asset naming ``fields`` (manifest fields), saved by ``services``."""
    row = row_of({"id": "1", "title": title, "width": 900, "height": 600, **fields}, title)
    draft = drawn(row, "LIBRARY", services.clock.now())
    draft = dataclasses.replace(draft, asset=dataclasses.replace(draft.asset, id=""))
    products = services.settings.new_collection_products
    [asset] = AssetWriter(services.catalog, services.media_storage, products).save([draft])
    return asset


def _names(services: Services, asset: Asset) -> dict[str, Any]:
    """What the store says ``asset`` names, read afresh."""
    services.catalog.repository.clear_caches()
    ref = services.catalog.reference()
    [stored] = services.catalog.repository.get_assets([asset.id]).values()
    return {
        "keywords": sorted(ref.keywords[tag.keyword_id].text for tag in stored.keywords),
        "people": sorted(ref.people[i].name for i in stored.people_ids),
        "collection": ref.collections[stored.collection_id].code,
        "city": stored.location_id and ref.locations[stored.location_id].city,
    }


def _rows(services: Services, column: Any) -> list[Any]:
    with services.engine.connect() as conn:
        return sorted(conn.scalars(select(column)))


def test_a_writer_with_a_stale_cache_reuses_names_and_takes_free_ids(
    library: Library, other_node: Services
) -> None:
    here = library.services
    here.catalog.reference(), other_node.catalog.reference()  # both cached before either adds
    lake = _saved(
        here,
        "Lake",
        keywords="lake;shore",
        people="Ada Lumen",
        collection_code="NEWC",
        city="Brest",
        country="France",
    )
    pond = _saved(
        other_node,
        "Pond",
        keywords="Lake;pond",
        people="Ada Lumen;Bo Reed",
        collection_code="NEWC",
        city="Quimper",
        country="France",
    )
    river = _saved(
        other_node,
        "River",
        keywords="river",
        people="Cy Ford",
        collection_code="OTHR",
        city="Brest",
        country="France",
    )
    assert _names(here, lake) == {
        "keywords": ["lake", "shore"],
        "people": ["Ada Lumen"],
        "collection": "NEWC",
        "city": "Brest",
    }
    assert _names(here, pond) == {
        "keywords": ["lake", "pond"],
        "people": ["Ada Lumen", "Bo Reed"],
        "collection": "NEWC",
        "city": "Quimper",
    }
    assert _names(other_node, river)["people"] == ["Cy Ford"]
    keywords = [k.casefold() for k in _rows(here, t.keywords.c.text)]
    assert keywords.count("lake") == 1
    people = _rows(here, t.people.c.name)
    assert people.count("Ada Lumen") == 1 and {"Bo Reed", "Cy Ford"} <= set(people)
    assert _rows(here, t.collections.c.code).count("NEWC") == 1
    assert [c for c in _rows(here, t.locations.c.city) if c == "Brest"] == ["Brest"]


def test_an_edit_adding_names_does_not_wait_for_an_ingest_adding_others(
    library: Library, other_node: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = library.services
    edited = _saved(here, "Quay")
    here.catalog.reference(), other_node.catalog.reference()
    photo, _ = _photo(tmp_path, "pier.jpg", (200, 120, 10))
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,keywords,people\npier.jpg,harbour;jetty,Dee Marsh\n")
    with ThreadPoolExecutor(1) as pool, paused_after_storing_originals(monkeypatch) as go_on:
        running = pool.submit(library.ingest, photo, manifest=manifest)
        assert _wait_for_pending(library), "the ingest never stored its original"
        editing = threading.Thread(
            target=update_asset,
            args=(
                other_node,
                edit_of(edited.id, {"keywords": "harbour;crane", "people": "Eve Moss"}, "t"),
            ),
        )
        editing.start()
        editing.join(_WAIT)
        edit_done = not editing.is_alive()
        go_on.set()
        report = running.result(_WAIT)
        editing.join(_WAIT)
    assert edit_done, "the edit waited for the ingest's batch"
    assert not report.failed, report.failed
    ((_, pier),) = report.added
    [stored] = here.catalog.repository.get_assets([pier]).values()
    assert sorted(_names(here, stored)["keywords"]) == ["harbour", "jetty"]
    assert _names(here, stored)["people"] == ["Dee Marsh"]
    assert _names(here, edited)["keywords"] == ["crane", "harbour"]
    assert _names(here, edited)["people"] == ["Eve Moss"]
    assert [k.casefold() for k in _rows(here, t.keywords.c.text)].count("harbour") == 1
