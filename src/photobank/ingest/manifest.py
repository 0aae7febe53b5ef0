"""Manifests: CSV or JSON Lines files that add to or override what files say, row by row.

A row names its asset by ``path`` (relative to the manifest's folder, or
absolute), by ``content_hash`` (the file's sha256), or by ``id`` alone: an
asset with no file, whose original is drawn from its metadata. Other columns
use the v3 API's field names; a row that sets ``id`` keeps that Getty-style id
for a new asset. Fields the API computes (``collection_id``, ``display_sizes``
…) are accepted and ignored, so what ``photobank assets export`` writes can be
loaded back; any other name is refused with the row's line. In CSV, list
fields (``keywords``, ``people``, ``product_types``) are separated by ``;``.

Each row carries a digest of its fields: a row whose digest the catalog
already holds for its asset changes nothing when run again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from photobank.catalog.ids import is_asset_id
from photobank.catalog.model import (
    ASSET_FAMILIES,
    COLOR_TYPES,
    GRAPHICAL_STYLES,
    KEYWORD_TYPES,
    LICENSE_MODELS,
)
from photobank.ingest.drafts import KeywordMention
from photobank.ingest.files import Failed
from photobank.ingest.options import OptionError, one_of, product_types_of

TEXT_FIELDS = (
    "title",
    "caption",
    "artist",
    "artist_title",
    "credit_line",
    "copyright",
    "object_name",
    "city",
    "state_province",
    "country",
    "collection_code",
)
CHOICE_FIELDS: Mapping[str, tuple[str, ...]] = {
    "asset_type": ("image", "video"),
    "asset_family": ASSET_FAMILIES,
    "license_model": LICENSE_MODELS,
    "graphical_style": GRAPHICAL_STYLES,
    "color_type": COLOR_TYPES,
    "status": ("active", "withdrawn"),  # withdrawn: off offer, kept (as an export says)
}
LIST_FIELDS = ("people", "product_types")
# What the v3 API (or an export) shows that is computed, never set.
IGNORED_FIELDS = frozenset(
    {
        "allowed_use", "call_for_image", "clip_length", "collection_id",
        "collection_name", "comp", "date_submitted", "display_sizes", "download_sizes",
        "editorial_segments", "event_ids", "largest_downloads", "links", "orientation",
        "preview", "quality_rank", "referral_destinations", "thumb", "uri_oembed",
        "withdrawn", "withdrawn_at",
    }
)  # fmt: skip
_KEYS = ("path", "content_hash", "id")
_DIGESTED = json.JSONEncoder(default=str)  # json.dumps(row, default=str), made once
_JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """One row: where it was read, what it names its asset by, and its typed fields."""

    where: str  # "library.csv:12"
    path: str | None  # absolute
    content_hash: str | None
    asset_id: str | None
    fields: Mapping[str, Any]
    digest: str  # sha256 of the row as given, keys included


@dataclass
class Manifest:
    rows_by_path: dict[str, ManifestRow] = field(default_factory=dict)
    rows_by_hash: dict[str, ManifestRow] = field(default_factory=dict)
    bare_rows: list[ManifestRow] = field(default_factory=list)  # no file: by id alone

    def row_for(self, path: str, content_hash: str) -> ManifestRow | None:
        return self.rows_by_path.get(path) or self.rows_by_hash.get(content_hash)


class RowError(ValueError):
    """What is wrong with one row (the message names the field)."""


def read_manifest(file: Path, base: Path | None = None) -> tuple[Manifest, list[Failed]]:
    """The rows of ``file``, and each row (or the file) that cannot be used, with why;
    relative paths are taken from ``base`` (default: the manifest's folder)."""
    name = file.name
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        return Manifest(), [Failed(str(file), f"manifest cannot be read: {reason or exc}")]
    records = _json_lines(text) if file.suffix.lower() in _JSON_SUFFIXES else _csv_rows(text)
    manifest, failed = Manifest(), []
    taken: set[tuple[str, str]] = set()
    folder = os.path.abspath(base or file.parent)
    for line, record in records:
        where = f"{name}:{line}"
        try:
            row = _row(record, where, folder)
            key = next((k, v) for k in _KEYS if (v := getattr(row, _ATTRS[k])) is not None)
            if key in taken:
                raise RowError(f"a second row for {key[0]} {key[1]}")
            taken.add(key)
        except RowError as exc:
            failed.append(Failed(where, str(exc)))
            continue
        if row.path is not None:
            manifest.rows_by_path[row.path] = row
        elif row.content_hash is not None:
            manifest.rows_by_hash[row.content_hash] = row
        else:
            manifest.bare_rows.append(row)
    return manifest, failed


_ATTRS = {"path": "path", "content_hash": "content_hash", "id": "asset_id"}


def _json_lines(text: str) -> Iterator[tuple[int, Mapping[str, Any] | RowError]]:
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield line, RowError(f"not JSON ({exc.msg})")
            continue
        yield line, record if isinstance(record, dict) else RowError("not a JSON object")


def _csv_rows(text: str) -> Iterator[tuple[int, Mapping[str, Any] | RowError]]:
    reader = csv.DictReader(text.splitlines())
    for record in reader:
        if None in record:
            yield reader.line_num, RowError("more values than the header has columns")
        else:
            yield reader.line_num, {k.strip(): v for k, v in record.items() if v not in ("", None)}


def row_of(record: Mapping[str, Any], where: str, folder: str = "") -> ManifestRow:
    """One row from its fields (:class:`RowError` names what is wrong)."""
    return _row(record, where, folder)


def _row(record: Mapping[str, Any] | RowError, where: str, folder: str) -> ManifestRow:
    if isinstance(record, RowError):
        raise record
    unknown = sorted(set(record) - set(_PARSERS) - IGNORED_FIELDS - set(_KEYS))
    if unknown:
        raise RowError(f"'{unknown[0]}' is not a field photobank takes")
    fields = {
        name: _PARSERS[name](name, value)
        for name, value in record.items()
        if name in _PARSERS and value not in (None, "")
    }
    path = _text_value("path", record["path"]) if record.get("path") else None
    content_hash = _hash(record["content_hash"]) if record.get("content_hash") else None
    asset_id = _asset_id(record["id"]) if record.get("id") else None
    if path is None and content_hash is None and asset_id is None:
        raise RowError("names no asset: give a path, a content_hash or an id")
    if path is not None:
        path = os.path.normpath(os.path.join(folder, os.path.expanduser(path)))
    given = {k: record[k] for k in sorted(record) if k not in IGNORED_FIELDS}
    digest = hashlib.sha256(_DIGESTED.encode(given).encode()).hexdigest()
    return ManifestRow(where, path, content_hash, asset_id, fields, digest)


def _text_value(name: str, value: Any) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise RowError(f"{name}: must be text")
    return " ".join(str(value).split())


def _choice(name: str, value: Any) -> str:
    try:
        return one_of(_text_value(name, value), CHOICE_FIELDS[name])
    except OptionError as exc:
        raise RowError(f"{name}: {exc}") from None


def _list(name: str, value: Any) -> tuple[str, ...]:
    """``a;b`` or a JSON list."""
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise RowError(f"{name}: must be a list or text separated by ';'")
    texts = [_text_value(name, item) for item in items]
    found = tuple(dict.fromkeys(t for t in texts if t))
    if name == "product_types":
        try:
            return product_types_of(found)
        except OptionError as exc:
            raise RowError(f"product_types: {exc}") from None
    return found


def _keywords(name: str, value: Any) -> tuple[KeywordMention, ...]:
    """Keywords as texts (``a;b`` or a list), or as the API shows them: objects whose
    ``type`` and ``relevance`` are kept too (so an export loads back whole)."""
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise RowError(f"{name}: must be a list or text separated by ';'")
    found: dict[str, KeywordMention] = {}
    for item in items:
        given = item if isinstance(item, dict) else {"text": item}
        text = _text_value(f"{name}.text", given.get("text"))
        kind = given.get("type") or "Concept"
        if kind not in KEYWORD_TYPES:
            raise RowError(f"{name}.type: '{kind}' is not one of {', '.join(KEYWORD_TYPES)}")
        relevance = given.get("relevance", 50)
        if (
            not isinstance(relevance, int)
            or isinstance(relevance, bool)
            or not 0 <= relevance <= 100
        ):
            raise RowError(f"{name}.relevance: must be a whole number from 0 to 100")
        if text:
            found.setdefault(text.casefold(), KeywordMention(text, kind, relevance))
    return tuple(found.values())


def _date(name: str, value: Any) -> datetime:
    text = _text_value(name, value)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise RowError(f"{name}: '{text}' is not an ISO 8601 date") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _size(name: str, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number <= 0 or number > 1_000_000 or str(value).strip() != str(number):
        raise RowError(f"{name}: must be a whole number of pixels")
    return number


def _dimensions(name: str, value: Any) -> tuple[int, int]:
    if not isinstance(value, dict):
        raise RowError(f"{name}: must be an object with width and height")
    return _size(f"{name}.width", value.get("width")), _size(f"{name}.height", value.get("height"))


def _hash(value: Any) -> str:
    text = _text_value("content_hash", value).lower()
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise RowError("content_hash: must be the file's sha256, 64 hex digits")
    return text


def _asset_id(value: Any) -> str:
    text = _text_value("id", value)
    if not is_asset_id(text):
        raise RowError(f"id: '{text}' is not an asset id (digits, as 200261415 or 200261415-001)")
    return text


_PARSERS: dict[str, Callable[[str, Any], Any]] = {
    **dict.fromkeys(TEXT_FIELDS, _text_value),
    **dict.fromkeys(CHOICE_FIELDS, _choice),
    **dict.fromkeys(LIST_FIELDS, _list),
    "keywords": _keywords,
    "date_created": _date,
    "width": _size,
    "height": _size,
    "max_dimensions": _dimensions,
}
