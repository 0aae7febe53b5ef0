"""Assets read back from the store equal what was saved, through every read path."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from photobank.catalog.model import AllowedUse, Asset, KeywordTag, ReferralDestination
from photobank.catalog.repository import CatalogRepository
from tests.search.conftest import make_asset, open_catalog

FULL = make_asset(
    "900001",
    "Kayak on a glacier lake",
    caption="A red kayak.",
    date_created=datetime(2021, 5, 4, 3, 2, 1, 123456, tzinfo=UTC),
    date_submitted=datetime(2022, 1, 1, 23, 59, 59, tzinfo=UTC),
    date_camera_shot=datetime(2021, 5, 3, tzinfo=UTC),
    keywords=(KeywordTag(1, 90), KeywordTag(2, 40)),
    people_ids=(1, 2),
    event_ids=(10,),
    compositions=("candid", "full_frame"),
    allowed_use=AllowedUse("Editorial use only.", "Not released", ("No merchandising",)),
    referral_destinations=(ReferralDestination("istock", "https://example.test/1"),),
    alternative_ids={"istock": "123"},
    call_for_image=True,
    nudity=True,
    embeddable=False,
    istock_collection="Signature",
    blurhash="LEHV6nWB2yk8",
)


@pytest.fixture
def repository(tmp_path: Path) -> CatalogRepository:
    repo = open_catalog(tmp_path)
    repo.save_assets([FULL])
    return repo


def test_a_saved_asset_reads_back_equal(repository: CatalogRepository) -> None:
    assert repository.get_assets([FULL.id, "000000"]) == {FULL.id: FULL}


def test_bulk_reads_decode_the_same(repository: CatalogRepository) -> None:
    everything = [asset for batch in repository.iter_assets() for asset in batch]
    assert FULL in everything
    assert repository.get_assets([a.id for a in everything]) == {a.id: a for a in everything}


def test_dates_read_back_in_utc(repository: CatalogRepository) -> None:
    read = repository.get_assets([FULL.id])[FULL.id]
    assert read.date_created.tzinfo is UTC
    assert read.date_camera_shot == datetime(2021, 5, 3, tzinfo=UTC)


def test_reads_see_a_change_at_once_from_any_thread(repository: CatalogRepository) -> None:
    repository.get_assets([FULL.id])  # opens this thread's connection before the change
    repository.save_assets([dataclasses.replace(FULL, title="Renamed")])
    seen: list[Asset] = []
    thread = threading.Thread(target=lambda: seen.extend(repository.get_assets([FULL.id]).values()))
    thread.start()
    thread.join()
    assert repository.get_assets([FULL.id])[FULL.id].title == "Renamed"
    assert [a.title for a in seen] == ["Renamed"]


def test_a_deleted_asset_is_gone(repository: CatalogRepository) -> None:
    repository.get_assets([FULL.id])
    repository.delete_assets([FULL.id])
    assert repository.get_assets([FULL.id]) == {}
