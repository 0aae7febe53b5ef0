"""Asset records: v3 names, the asset's status and its file, in the order an export writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from photobank.api.records import AssetRecords
from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.ingest.drafts import SourceFile


def _first_image(services: Services) -> Asset:
    batch = next(services.catalog.repository.iter_assets())
    return next(asset for asset in batch if asset.asset_type == "image")


def test_a_record_carries_v3_names_then_status_in_a_readers_order(services: Services) -> None:
    asset = _first_image(services)
    record = AssetRecords(services).record(asset, None)
    assert list(record)[:4] == ["id", "asset_type", "asset_family", "title"]
    assert (record["id"], record["title"], record["license_model"]) == (
        asset.id,
        asset.title,
        asset.license_model,
    )
    assert (record["status"], record["withdrawn_at"]) == ("active", None)
    assert "path" not in record and "content_hash" not in record
    assert {"keywords", "max_dimensions", "allowed_use", "date_created"} <= set(record)
    assert not any("display_sizes" in name or "uri" in name for name in record)


def test_a_withdrawn_asset_read_from_a_file_says_so(services: Services) -> None:
    when = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    asset = replace(_first_image(services), withdrawn_at=when)
    source = SourceFile(path="photos/harbour.jpg", content_hash="ab" * 32, size=1234)
    record = AssetRecords(services).record(asset, source)
    assert record["status"] == "withdrawn" and record["withdrawn_at"].startswith("2026-05-01T09:30")
    assert (record["path"], record["content_hash"]) == ("photos/harbour.jpg", "ab" * 32)


def test_everything_is_every_asset_once_withdrawn_or_not(services: Services) -> None:
    ids = [record["id"] for record in AssetRecords(services).everything()]
    assert len(ids) == len(set(ids)) == services.catalog.repository.count_assets()
    stored = [a.id for batch in services.catalog.repository.iter_assets() for a in batch]
    assert ids == stored
