"""Original image files, kept in media storage and drawn on first use.

A demo catalog of a million assets would need terabytes if every original
were written up front; instead an original is rendered the first time it is
asked for and kept. Storage writes are atomic, so a reader never sees half a
file; threads of one process render an original once (a lock per asset), and
two processes at worst both render the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from photobank.catalog.ids import is_asset_id
from photobank.catalog.model import Asset
from photobank.catalog.repository import Reference
from photobank.demo.pixels import render_original
from photobank.media.locks import KeyedLocks, Locks, stored_once
from photobank.media.storage import MediaStorage, StoredObject, fanned_key


class OriginalStore:
    """Originals under ``originals/ab/cd/{id}.jpg``, fanned out by a hash of the id."""

    def __init__(
        self,
        storage: MediaStorage,
        reference_provider: Callable[[], Reference],
        locks: Locks | None = None,
    ) -> None:
        self._storage = storage
        self._reference = reference_provider
        self._locks = KeyedLocks() if locks is None else locks

    def key_for(self, asset_id: str) -> str:
        """The storage key of ``asset_id``'s original (whether or not it exists yet)."""
        if not is_asset_id(asset_id):
            raise ValueError(f"not an asset id: {asset_id!r}")
        return fanned_key("originals", asset_id, ".jpg")

    def put(self, asset_id: str, data: bytes | Path) -> StoredObject:
        """Store ``data``, or a copy of the file at that path, as ``asset_id``'s
        original, as is (atomically)."""
        key = self.key_for(asset_id)
        if isinstance(data, bytes):
            return self._storage.put_bytes(key, data)
        return self._storage.put_file(key, data)

    def forget(self, asset_id: str, unfinished: bool = False) -> None:
        """Delete ``asset_id``'s stored original, if any, so a new record is drawn afresh;
        ``unfinished``: also what a killed write of it left (see :meth:`MediaStorage.delete`).

        Renditions need no deleting: their keys hold the original's version.
        """
        self._storage.delete(self.key_for(asset_id), unfinished)

    def ensure(self, asset: Asset) -> StoredObject:
        """``asset``'s stored original, rendering and storing it first if needed."""
        key = self.key_for(asset.id)
        return stored_once(
            self._storage, self._locks, key, lambda: render_original(asset, self._reference())
        )
