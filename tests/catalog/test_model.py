"""Catalog values: an asset copied with changes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from photobank.catalog.model import Asset, KeywordTag, changed

WHEN = datetime(2021, 5, 1, tzinfo=UTC)


def _asset() -> Asset:
    return Asset(
        id="123456789", asset_type="image", asset_family="creative", title="Harbour",
        caption="", collection_id=41, license_model="royaltyfree", width=96, height=64,
        date_created=WHEN, date_submitted=WHEN, keywords=(KeywordTag(7, 50),),
    )  # fmt: skip


def test_a_changed_copy_is_what_replace_makes_and_the_original_stays() -> None:
    asset = _asset()
    changes = {"id": "200", "title": "Quay", "people_ids": (3,), "withdrawn_at": WHEN}
    copy = changed(asset, changes)
    assert copy == dataclasses.replace(asset, **changes)
    assert copy is not asset and asset == _asset()


def test_a_field_assets_lack_is_refused() -> None:
    with pytest.raises(AttributeError):
        changed(_asset(), {"colour": "red"})
