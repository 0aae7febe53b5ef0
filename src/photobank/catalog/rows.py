"""Conversion between :class:`Asset` values and rows of the ``assets`` table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from itertools import repeat
from operator import attrgetter
from typing import Any, TypeVar

import orjson
from sqlalchemy import JSON, Boolean, Connection, DateTime

from photobank.catalog.model import (
    AllowedUse,
    Asset,
    KeywordTag,
    ReferralDestination,
    VideoDetails,
)
from photobank.clock import as_utc
from photobank.store import tables as t

_TUPLE_COLUMNS = (
    "file_types", "ages", "ethnicities", "compositions", "people_ids", "event_ids",
    "editorial_segments", "product_types",
)  # fmt: skip
_COLUMNS = tuple(str(column.key) for column in t.assets.columns)
_COLUMN_AT = {name: position for position, name in enumerate(_COLUMNS)}
_VALUES = attrgetter(*_COLUMNS)


def asset_values(asset: Asset, withdrawn_at: datetime | None) -> list[Any]:
    """The values of an asset's row in the column order of ``assets`` (for
    :func:`~photobank.store.bulk.insert_rows`), withdrawn as the store says. JSON
    columns hold what their serializer writes as the reader expects: tuples of plain
    values as they are (arrays), named tuples and the video's details as lists and
    objects."""
    values = list(_VALUES(asset))
    at = _COLUMN_AT
    values[at["keywords"]] = [[tag.keyword_id, tag.relevance] for tag in asset.keywords]
    use = asset.allowed_use
    values[at["allowed_use"]] = {
        "how_can_i_use_it": use.how_can_i_use_it,
        "release_info": use.release_info,
        "usage_restrictions": list(use.usage_restrictions),
    }
    values[at["referral_destinations"]] = [
        [d.site_name, d.uri] for d in asset.referral_destinations
    ]
    values[at["video"]] = _video_to_json(asset.video)
    values[at["withdrawn_at"]] = withdrawn_at
    return values


def _video_to_json(video: VideoDetails | None) -> dict[str, Any] | None:
    if video is None:
        return None
    return {
        name: list(value) if isinstance(value := getattr(video, name), tuple) else value
        for name in VideoDetails.__dataclass_fields__
    }


def _video_from_json(value: dict[str, Any] | None) -> VideoDetails | None:
    if value is None:
        return None
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in value.items()}
    return VideoDetails(**fields)


# Rows are read in the order of Asset's fields, so a decoded row is Asset's positional
# arguments (cheaper than 46 keyword arguments); columns are addressed by position.
_FIELDS = tuple(Asset.__dataclass_fields__)
_AT = {name: position for position, name in enumerate(_FIELDS)}


def _positions(kind: type[Any]) -> tuple[int, ...]:
    """Field positions of the ``assets`` columns of SQL type ``kind``."""
    return tuple(_AT[str(c.name)] for c in t.assets.columns if isinstance(c.type, kind))


_JSON_AT = _positions(JSON)
_DATETIME_AT = _positions(DateTime)
_BOOLEAN_AT = _positions(Boolean)
_TUPLE_AT = tuple(_AT[name] for name in _TUPLE_COLUMNS)
_KEYWORDS, _ALLOWED_USE, _REFERRALS, _VIDEO = (
    _AT[name] for name in ("keywords", "allowed_use", "referral_destinations", "video")
)
_TEXT = (str, bytes)
_NAIVE_LENGTHS = frozenset({19, 26})
_T = TypeVar("_T", bound=tuple[Any, ...])

_SELECT_BY_ID = f"SELECT {', '.join(_FIELDS)} FROM assets WHERE id IN "
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
        return read_assets(cursor, ids, mark)
    finally:
        cursor.close()


def read_assets(cursor: Any, ids: Sequence[str], mark: str = "?") -> list[Asset]:
    """Assets by id through a DB-API cursor whose parameter marker is ``mark``."""
    cursor.execute(_SELECT_BY_ID + f"({', '.join([mark] * len(ids))})", tuple(ids))
    return [raw_to_asset(row) for row in cursor.fetchall()]


def raw_to_asset(raw: Sequence[Any]) -> Asset:
    """An asset from the plain driver values of a row of ``assets`` read in field order."""
    values = list(raw)
    for at in _JSON_AT:
        if isinstance(value := values[at], _TEXT):
            values[at] = orjson.loads(value)
    for at in _DATETIME_AT:
        if isinstance(value := values[at], str):
            values[at] = _parse_datetime(value)
    for at in _BOOLEAN_AT:
        values[at] = bool(values[at])
    return _build(values)


def _parse_datetime(text: str) -> datetime:
    """A stored date; SQLite's naive text (``YYYY-MM-DD HH:MM:SS[.ffffff]``) is UTC, and
    parsing it with the offset appended costs a fifth of ``replace(tzinfo=UTC)``."""
    if len(text) in _NAIVE_LENGTHS:
        return datetime.fromisoformat(text + "+00:00")
    return as_utc(datetime.fromisoformat(text))


def _named_tuples(kind: type[_T], items: Iterable[Sequence[Any]]) -> tuple[_T, ...]:
    """``tuple(map(kind._make, items))`` without a Python call per item."""
    return tuple(map(tuple.__new__, repeat(kind), items))


def row_to_asset(row: Mapping[Any, Any]) -> Asset:
    return _build([row[name] for name in _FIELDS])


def _build(values: list[Any]) -> Asset:
    """The asset of a row (in field order) whose JSON and date values are already decoded."""
    for at in _TUPLE_AT:
        values[at] = tuple(values[at])
    for at in _DATETIME_AT:
        if (value := values[at]) is not None and value.tzinfo is not UTC:
            values[at] = as_utc(value)
    values[_KEYWORDS] = _named_tuples(KeywordTag, values[_KEYWORDS])
    use = values[_ALLOWED_USE]
    values[_ALLOWED_USE] = AllowedUse(
        use["how_can_i_use_it"], use["release_info"], tuple(use["usage_restrictions"])
    )
    values[_REFERRALS] = _named_tuples(ReferralDestination, values[_REFERRALS])
    values[_VIDEO] = _video_from_json(values[_VIDEO])
    return Asset(*values)
