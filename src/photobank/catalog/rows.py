"""Conversion between :class:`Asset` values and rows of the ``assets`` table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import JSON, Boolean, Connection, DateTime

from photobank.catalog.model import AllowedUse, Asset, KeywordTag, ReferralDestination
from photobank.clock import as_utc
from photobank.store import tables as t

_TUPLE_COLUMNS = (
    "file_types", "ages", "ethnicities", "compositions", "people_ids", "event_ids",
    "editorial_segments", "product_types",
)  # fmt: skip


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


_JSON_COLUMNS = frozenset(
    c.name for c in t.assets.columns if isinstance(c.type, JSON)
)  # fmt: skip
_DATETIME_COLUMNS = frozenset(c.name for c in t.assets.columns if isinstance(c.type, DateTime))
_BOOLEAN_COLUMNS = frozenset(c.name for c in t.assets.columns if isinstance(c.type, Boolean))
_ASSET_COLUMNS = tuple(c.name for c in t.assets.columns)

_SELECT_BY_ID = f"SELECT {', '.join(_ASSET_COLUMNS)} FROM assets WHERE id IN "
_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def fetch_assets(connection: Connection, ids: Sequence[str]) -> list[Asset]:
    """Assets by id, read through the driver's own cursor.

    This is the hot path of every search page and image lookup: SQLAlchemy's
    result set-up for 45 columns costs more than the query itself, so the rows
    are read raw and decoded here (orjson for JSON, fromisoformat for dates),
    whichever driver returned them. Ids are bound as parameters, never spliced.
    """
    mark = _MARKS[connection.dialect.paramstyle]
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(_SELECT_BY_ID + f"({', '.join([mark] * len(ids))})", tuple(ids))
        return [raw_to_asset(row) for row in cursor.fetchall()]
    finally:
        cursor.close()


def raw_to_asset(raw: Sequence[Any]) -> Asset:
    """An asset from the plain driver values of a row of ``assets``."""
    values = dict(zip(_ASSET_COLUMNS, raw, strict=True))
    for name in _JSON_COLUMNS:
        if isinstance(value := values[name], str | bytes):
            values[name] = orjson.loads(value)
    for name in _DATETIME_COLUMNS:
        if isinstance(value := values[name], str):
            values[name] = datetime.fromisoformat(value)
    for name in _BOOLEAN_COLUMNS:
        values[name] = bool(values[name])
    return _build(values)


def row_to_asset(row: Mapping[Any, Any]) -> Asset:
    return _build(dict(row))


def _build(values: dict[str, Any]) -> Asset:
    """The asset of a row whose JSON and date values are already decoded."""
    for name in _TUPLE_COLUMNS:
        values[name] = tuple(values[name])
    for name in ("date_created", "date_submitted", "date_camera_shot"):
        if values[name] is not None:
            values[name] = as_utc(values[name])
    values["keywords"] = tuple(map(KeywordTag._make, values["keywords"]))
    use = values["allowed_use"]
    values["allowed_use"] = AllowedUse(
        use["how_can_i_use_it"], use["release_info"], tuple(use["usage_restrictions"])
    )
    values["referral_destinations"] = tuple(
        map(ReferralDestination._make, values["referral_destinations"])
    )
    return Asset(**values)
