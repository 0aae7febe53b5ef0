"""Deleting assets whole: their records, what the store keeps beside them, their media.

The rows go first, in one transaction (see
:meth:`~photobank.catalog.repository.CatalogRepository.delete_assets`), then
the stored renditions and last the originals: a process killed in between
leaves files that no row names and no URL can reach, never a record whose
photo is gone (it would be drawn anew from its metadata). Boards, download history and licences keep
naming a deleted asset; partners' channels report ``Delete``.
"""

from __future__ import annotations

from collections.abc import Sequence

from photobank.catalog.service import CatalogService
from photobank.errors import AssetNotFound
from photobank.media.originals import OriginalStore
from photobank.media.renditions import Renditions
from photobank.media.storage import MediaStorage


def delete_assets(
    catalog: CatalogService, storage: MediaStorage, renditions: Renditions, ids: Sequence[str]
) -> list[str]:
    """Delete the assets of ``ids`` (withdrawn or not); the ids deleted, in order.

    All or nothing: an id the catalog lacks raises :class:`NotFound` naming it.
    """
    wanted = list(dict.fromkeys(ids))
    known = catalog.get_kept(wanted)
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise AssetNotFound(f"Asset not found: {', '.join(unknown)}")
    catalog.delete_assets(wanted)
    originals = OriginalStore(storage, catalog.reference)
    for asset_id in wanted:
        renditions.forget(known[asset_id])
        originals.forget(asset_id)
    return wanted
