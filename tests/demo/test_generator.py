"""The demo catalog: deterministic, spread over every filter, internally consistent."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from photobank.catalog.model import (
    ASSET_FAMILIES,
    COLOR_TYPES,
    COMPOSITIONS,
    EDITORIAL_SEGMENTS,
    ETHNICITIES,
    GRAPHICAL_STYLES,
    LICENSE_MODELS,
    NUMBER_OF_PEOPLE,
    ORIENTATIONS,
    PRODUCT_TYPES,
    Asset,
)
from photobank.catalog.repository import CatalogRepository, Reference
from photobank.clock import ManualClock
from photobank.demo.generator import asset_ids, build_demo_catalog
from photobank.demo.sizes import MAX_PIXELS, MIN_LONG_SIDE, orientation_of
from photobank.demo.world import END, START, build_world
from tests.deployment import migrated_engine

_TABLES = ("collections", "keywords", "people", "locations", "events", "assets", "asset_changes")
_ID = re.compile(r"[1-9][0-9]{8}(-[0-9]{3})?")


def _build(path: Path, assets: int, seed: int) -> CatalogRepository:
    engine = migrated_engine(path)
    repo = CatalogRepository(engine, ManualClock())
    build_demo_catalog(repo, assets=assets, seed=seed)
    return repo


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    engine = migrated_engine(path)
    with engine.connect() as conn:
        return {t: list(conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))) for t in _TABLES}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Asset], Reference]:
    repo = _build(tmp_path_factory.mktemp("spread"), 2000, seed=7)
    assets = [asset for batch in repo.iter_assets() for asset in batch]
    return assets, repo.reference()


def test_same_seed_gives_identical_rows(tmp_path: Path) -> None:
    _build(tmp_path / "a", 500, seed=42)
    _build(tmp_path / "b", 500, seed=42)
    first, second = _rows(tmp_path / "a"), _rows(tmp_path / "b")
    assert len(first["assets"]) == 500
    assert first == second


def test_another_seed_gives_another_catalog(tmp_path: Path) -> None:
    _build(tmp_path / "a", 500, seed=42)
    _build(tmp_path / "b", 500, seed=43)
    first, second = _rows(tmp_path / "a"), _rows(tmp_path / "b")
    assert {r[0] for r in first["assets"]} != {r[0] for r in second["assets"]}
    assert first["events"] != second["events"]
    assert first["keywords"] == second["keywords"]  # keyword ids do not depend on the seed


def test_progress_reports_batches(tmp_path: Path) -> None:
    engine = migrated_engine(tmp_path)
    seen: list[int] = []
    build_demo_catalog(
        CatalogRepository(engine, ManualClock()), assets=7, seed=1, progress=seen.append
    )
    assert seen == [7]


def test_every_filter_value_appears(catalog: tuple[list[Asset], Reference]) -> None:
    assets, _ = catalog

    def values(name: str) -> set[object]:
        found: set[object] = set()
        for asset in assets:
            value = getattr(asset, name)
            found |= set(value) if isinstance(value, tuple) else {value}
        return found

    assert values("asset_family") == set(ASSET_FAMILIES)
    assert values("license_model") == set(LICENSE_MODELS)
    assert values("graphical_style") == set(GRAPHICAL_STYLES)
    assert values("orientation") == set(ORIENTATIONS)
    assert values("number_of_people") == set(NUMBER_OF_PEOPLE)
    assert values("color_type") == set(COLOR_TYPES)
    assert values("editorial_segments") == set(EDITORIAL_SEGMENTS)
    assert values("product_types") == set(PRODUCT_TYPES)
    assert values("compositions") == set(COMPOSITIONS)
    assert values("ethnicities") == set(ETHNICITIES)
    assert values("file_types") == {"jpg", "eps"}
    assert values("quality_rank") == {1, 2, 3}
    for flag in ("nudity", "editorial_use_only", "embeddable", "call_for_image"):
        assert values(flag) == {True, False}, flag
    assert values("istock_collection") >= {None, "Essentials", "Signature"}
    assert any(a.alternative_ids for a in assets)
    assert any("-" in a.id for a in assets)
    assert len(values("artist")) > 150
    assert len({a.date_created.year for a in assets}) >= 20


def test_families_are_mostly_creative(catalog: tuple[list[Asset], Reference]) -> None:
    assets, _ = catalog
    creative = sum(a.asset_family == "creative" for a in assets) / len(assets)
    assert 0.58 < creative < 0.72


def test_popularity_is_long_tailed(catalog: tuple[list[Asset], Reference]) -> None:
    assets, _ = catalog
    ranked = sorted((a.popularity for a in assets), reverse=True)
    assert ranked[0] > 20 * ranked[len(ranked) // 2]


def test_fields_agree_with_each_other(catalog: tuple[list[Asset], Reference]) -> None:
    assets, ref = catalog
    assert len({a.id for a in assets}) == len(assets)
    for a in assets:
        assert _ID.fullmatch(a.id), a.id
        assert (a.asset_type == "video") == (a.video is not None)
        if a.video is None:
            assert a.orientation == orientation_of(a.width, a.height)
        assert a.width * a.height <= MAX_PIXELS and max(a.width, a.height) >= MIN_LONG_SIDE
        assert a.date_created <= a.date_submitted <= END
        assert a.date_submitted >= START
        collection = ref.collections[a.collection_id]
        assert collection.asset_family == a.asset_family
        assert collection.license_model == a.license_model
        assert "premiumaccess" in a.product_types
        assert set(a.product_types) <= set(collection.product_types)
        if a.video is None:
            assert a.file_types == (("eps", "jpg") if a.graphical_style == "vector" else ("jpg",))
        assert (a.number_of_people == "none") == (not a.ages) == (not a.ethnicities)
        assert 8 <= len(a.keywords) <= 25
        assert len({k.keyword_id for k in a.keywords}) == len(a.keywords)
        assert all(1 <= k.relevance <= 100 and k.keyword_id in ref.keywords for k in a.keywords)
        assert all(p in ref.people for p in a.people_ids)
        assert a.location_id is None or a.location_id in ref.locations
        assert re.fullmatch(r"[0-9a-f]{6}", a.dominant_color)
        if a.color_type == "black_and_white":
            assert a.dominant_color[:2] == a.dominant_color[2:4] == a.dominant_color[4:]
        kind = "video/" if a.video else ""
        assert a.referral_destinations[0].uri == f"https://www.gettyimages.com/detail/{kind}{a.id}"
        assert a.artist in a.credit_line and a.copyright.startswith("© ")
        if a.asset_family == "editorial":
            assert a.editorial_segments and a.event_ids
            event = ref.events[a.event_ids[0]]
            assert set(a.editorial_segments) == set(event.editorial_segments)
            assert a.location_id == event.location_id
            end = event.end_date or event.start_date + timedelta(hours=6)
            assert event.start_date <= a.date_created <= end
        else:
            assert not a.editorial_segments and not a.event_ids and not a.people_ids
            assert a.date_created >= START


def test_editorial_people_are_named_and_counted(catalog: tuple[list[Asset], Reference]) -> None:
    assets, ref = catalog
    named = [a for a in assets if a.people_ids]
    assert len(named) > 200
    for a in named:
        assert a.number_of_people != "none"
        assert len(a.people_ids) <= {"one": 1, "two": 2}.get(a.number_of_people, 4)
        assert ref.people[a.people_ids[0]].name in a.caption


def test_asset_ids_are_unique_and_not_sequential() -> None:
    ids = list(asset_ids(5, 20_000))
    bases = [int(i.split("-")[0]) for i in ids]
    assert len(set(bases)) == len(ids)
    assert all(100_000_000 <= b <= 999_999_999 for b in bases)
    assert bases != sorted(bases)
    assert 50 < sum("-" in i for i in ids) < 400
    assert ids == list(asset_ids(5, 20_000))


def test_reference_ids_are_stable_across_seeds_and_sizes() -> None:
    small, large = build_world(1, 100), build_world(2, 100_000)
    assert small.keywords == large.keywords
    assert small.locations == large.locations
    assert small.collections == large.collections
    assert len(large.events) > len(small.events)
    artists = sum(len(pool) for pool in small.artists_by_domain.values())
    assert 300 <= artists <= 500
