"""Conversion between :class:`Asset` values and rows of the ``assets`` table."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from photobank.catalog.model import AllowedUse, Asset, KeywordTag, ReferralDestination

_TUPLE_COLUMNS = (
    "file_types", "ages", "ethnicities", "compositions", "people_ids", "event_ids",
    "editorial_segments", "product_types",
)  # fmt: skip


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def asset_to_row(asset: Asset) -> dict[str, Any]:
    row: dict[str, Any] = {
        name: getattr(asset, name)
        for name in Asset.__dataclass_fields__
        if name not in ("keywords", "allowed_use", "referral_destinations")
    }
    for name in _TUPLE_COLUMNS:
        row[name] = list(row[name])
    row["keywords"] = [[tag.keyword_id, tag.relevance] for tag in asset.keywords]
    use = asset.allowed_use
    row["allowed_use"] = {
        "how_can_i_use_it": use.how_can_i_use_it,
        "release_info": use.release_info,
        "usage_restrictions": list(use.usage_restrictions),
    }
    row["referral_destinations"] = [[d.site_name, d.uri] for d in asset.referral_destinations]
    return row


def row_to_asset(row: Mapping[Any, Any]) -> Asset:
    values = dict(row)
    for name in _TUPLE_COLUMNS:
        values[name] = tuple(values[name])
    for name in ("date_created", "date_submitted", "date_camera_shot"):
        values[name] = _utc(values[name])
    values["keywords"] = tuple(KeywordTag(k, r) for k, r in values["keywords"])
    use = values["allowed_use"]
    values["allowed_use"] = AllowedUse(
        use["how_can_i_use_it"], use["release_info"], tuple(use["usage_restrictions"])
    )
    values["referral_destinations"] = tuple(
        ReferralDestination(site, uri) for site, uri in values["referral_destinations"]
    )
    return Asset(**values)
