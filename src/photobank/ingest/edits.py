"""An operator's edit of one asset's record: ``photobank assets update`` and the operator API.

An edit is a manifest row for that asset (the same field names, the same
checks), applied as the ingest writer applies one: through the writer, so the
change log says ``update`` and the index, caches and partners' channels
follow. The original stays; an original drawn from the metadata is drawn again.
Keywords the asset already had keep their relevance.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.errors import AssetNotFound, InvalidParameter
from photobank.ingest.drafts import Draft
from photobank.ingest.manifest import ManifestRow, RowError, row_of
from photobank.ingest.overrides import restated
from photobank.ingest.sources import source_files
from photobank.ingest.writer import AssetWriter

_KEYS = ("path", "content_hash")


def edit_of(asset_id: str, changes: Mapping[str, Any], where: str) -> ManifestRow:
    """``changes`` (manifest field names) to the asset ``asset_id``, checked."""
    if not changes:
        raise InvalidParameter("fields", "Nothing to change: give a field and its new value.")
    moved = [key for key in _KEYS if key in changes]
    if moved or changes.get("id", asset_id) != asset_id:
        name = moved[0] if moved else "id"
        raise InvalidParameter(name, f"{name}: an edit cannot change which asset or file it is")
    try:
        return row_of({**changes, "id": asset_id}, where)
    except RowError as exc:
        raise InvalidParameter("fields", str(exc)) from None


def update_asset(services: Services, edit: ManifestRow) -> Asset:
    """Apply ``edit`` to its asset (withdrawn or not); the asset as saved."""
    asset_id = edit.asset_id or ""
    asset = services.catalog.get_kept([asset_id]).get(asset_id)
    if asset is None:
        raise AssetNotFound(f"Asset not found: {asset_id}")
    source = source_files(services.engine, [asset.id]).get(asset.id)
    draft = _with_known_relevance(services, asset, restated(asset, source, edit))
    writer = AssetWriter(
        services.catalog, services.media_storage, services.settings.new_collection_products
    )
    # The file's row (and the manifest row it last took) stays as it was.
    [saved] = writer.save([dataclasses.replace(draft, source=source)])
    return saved


def _with_known_relevance(services: Services, asset: Asset, draft: Draft) -> Draft:
    """The draft's keywords, those the asset had keeping the relevance they had."""
    keywords = services.catalog.reference().keywords
    held = {
        keywords[tag.keyword_id].text.casefold(): tag.relevance
        for tag in asset.keywords
        if tag.keyword_id in keywords
    }
    mentions = tuple(
        dataclasses.replace(m, relevance=held.get(m.text.casefold(), m.relevance))
        for m in draft.keywords
    )
    return dataclasses.replace(draft, keywords=mentions)
