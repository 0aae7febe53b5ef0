"""A manifest row applied to a draft: over a file's own metadata, a stored asset, or nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from photobank.catalog.model import AllowedUse, Asset
from photobank.demo.sizes import orientation_of
from photobank.demo.vocab import CREATIVE_USE, EDITORIAL_USE
from photobank.ingest.drafts import CollectionMention, Draft, Place, SourceFile
from photobank.ingest.manifest import ManifestRow, RowError

# Row fields that are the asset's own, under the same names.
_ASSET_FIELDS = (
    "title", "caption", "artist", "artist_title", "credit_line", "copyright", "object_name",
    "graphical_style", "color_type", "license_model", "product_types",
)  # fmt: skip
_PLACE_FIELDS = ("country", "city", "state_province")


def overridden(draft: Draft, row: ManifestRow | None) -> Draft:
    """``draft`` with every field ``row`` sets replacing the draft's own."""
    if row is None:
        return draft
    fields = row.fields
    asset = dataclasses.replace(draft.asset, **_asset_fields(fields))
    if "asset_family" in fields:
        asset = _in_family(asset, fields["asset_family"])
    if row.asset_id and not asset.id:
        asset.id = row.asset_id
    return _applied(draft, asset, row)


def _asset_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The row's fields that are the asset's own."""
    own = {name: fields[name] for name in _ASSET_FIELDS if name in fields}
    if "date_created" in fields:
        own["date_created"] = fields["date_created"]
    return own


def _applied(draft: Draft, asset: Asset, row: ManifestRow) -> Draft:
    """``draft`` holding ``asset`` (the row's fields applied) and the row's other fields."""
    return dataclasses.replace(draft, asset=asset, **_row_parts(draft, row))


def _row_parts(draft: Draft, row: ManifestRow) -> dict[str, Any]:
    """The draft's fields besides its asset, as ``row`` sets them."""
    fields, source = row.fields, draft.source
    if source is not None and source.manifest_digest != row.digest:
        source = dataclasses.replace(source, manifest_digest=row.digest)
    return {
        "collection": (
            CollectionMention(fields["collection_code"])
            if "collection_code" in fields
            else draft.collection
        ),
        "keywords": fields.get("keywords", draft.keywords),
        "people": fields.get("people", draft.people),
        "place": (
            _place(draft.place, fields)
            if any(name in fields for name in _PLACE_FIELDS)
            else draft.place
        ),
        "source": source,
        "withdrawn": fields["status"] == "withdrawn" if "status" in fields else draft.withdrawn,
    }


def restated(asset: Asset, source: SourceFile | None, row: ManifestRow) -> Draft:
    """A stored asset with ``row`` applied. An ingested file's original and measures stay
    as they are; an original drawn from the metadata is drawn and measured again."""
    from_file = source is not None and bool(source.content_hash)
    base = dataclasses.replace(
        asset,
        keywords=() if "keywords" in row.fields else asset.keywords,
        people_ids=() if "people" in row.fields else asset.people_ids,
        blurhash=asset.blurhash if from_file else None,
    )
    kept = source or SourceFile("", "", 0)
    return overridden(Draft(base, restated=from_file, source=kept), row)


def drawn(row: ManifestRow, collection: str, now: datetime) -> Draft:
    """A new asset with no file (its original drawn from its metadata), as ``row`` describes."""
    fields = row.fields
    if fields.get("asset_type") == "video":
        raise RowError("asset_type: a video cannot be drawn; give its file by path or content_hash")
    if "max_dimensions" in fields:
        width, height = fields["max_dimensions"]
    elif "width" in fields and "height" in fields:
        width, height = fields["width"], fields["height"]
    else:
        raise RowError("a row with no file needs its width and height (or max_dimensions)")
    values: dict[str, Any] = {
        "id": row.asset_id or "",
        "asset_type": "image",
        "asset_family": "creative",
        "title": "",
        "caption": "",
        "collection_id": 0,
        "license_model": "",
        "width": width,
        "height": height,
        "date_created": now,
        "date_submitted": now,
        "orientation": orientation_of(width, height),
        "allowed_use": AllowedUse(CREATIVE_USE, "No release required", ()),
    }
    asset = Asset(**(values | _asset_fields(fields)))  # built once: a row's cost is copies
    if "asset_family" in fields:
        asset = _in_family(asset, fields["asset_family"])
    source = SourceFile("", "", 0, manifest_digest=row.digest)
    # A new draft: its parts, as the row sets them, are made at once (not copied in).
    return Draft(
        asset, **_row_parts(Draft(asset, CollectionMention(collection), source=source), row)
    )


def _in_family(asset: Asset, family: str) -> Asset:
    editorial = family == "editorial"
    use = asset.allowed_use._replace(how_can_i_use_it=EDITORIAL_USE if editorial else CREATIVE_USE)
    return dataclasses.replace(
        asset, asset_family=family, editorial_use_only=editorial, allowed_use=use
    )


def _place(place: Place | None, fields: Mapping[str, Any]) -> Place:
    old = place or Place("")
    return Place(
        str(fields.get("country", old.country)),
        str(fields["city"]) if "city" in fields else old.city,
        str(fields["state_province"]) if "state_province" in fields else old.state_province,
        old.sublocation,
    )
