"""Display renditions and licensed download sizes, made on first request and kept.

A rendition is stored under a content key: a hash of the asset id, the
original's version, the long side, the watermark flag and the renderer
version. A new original or a new renderer therefore yields new keys (old files
are never served for new content), and a stored rendition never changes, so
its key doubles as a strong ETag. Concurrent first requests of one rendition
in this process wait on a lock for that key and find the file made by the
first; other processes are kept safe by the storage's atomic writes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from photobank.catalog.model import Asset
from photobank.errors import NotFound
from photobank.lru import LruCache
from photobank.media.imaging import RENDERER_VERSION, scaled_jpeg
from photobank.media.locks import KeyedLocks
from photobank.media.originals import OriginalStore
from photobank.media.storage import MediaStorage, StoredObject, check_key
from photobank.media.urls import DISPLAY_SIZES, DOWNLOAD_STEPS, download_sizes

_DOWNLOAD_SIDES = dict(DOWNLOAD_STEPS)
FULL_SIZE = ("original", "vector")  # download sizes delivered as the original file


@dataclass(frozen=True, slots=True)
class Rendition:
    """A stored file ready to send; ``tag`` is its content key (the ETag)."""

    tag: str
    stored: StoredObject


class Renditions:
    def __init__(
        self, storage: MediaStorage, originals: OriginalStore, memo_size: int = 20_000
    ) -> None:
        self._storage = storage
        self._originals = originals
        self._locks = KeyedLocks()
        # (asset id, long side, watermark) -> rendition, so a warm request
        # touches neither the catalog nor the disk. Emptied on catalog changes.
        self._memo: LruCache[tuple[str, int | None, bool], Rendition] = LruCache(memo_size)

    def cached(self, asset_id: str, size: str, watermark: bool) -> Rendition | None:
        """The display rendition if this process has served it before (never blocks)."""
        return self._memo.get((asset_id, DISPLAY_SIZES[size].long_side, watermark))

    def display(self, asset: Asset, size: str, watermark: bool) -> Rendition:
        """The display rendition ``size`` of ``asset``, made now if needed (blocks)."""
        return self._ensure(asset, DISPLAY_SIZES[size].long_side, watermark)

    def download(self, asset: Asset, size: str) -> Rendition:
        """The unwatermarked file of download size ``size`` (a name from
        :func:`download_sizes`); ``original`` and ``vector`` are the original."""
        if size not in {s.name for s in download_sizes(asset)}:
            raise NotFound(
                f"Image {asset.id} is not offered in download size '{size}'.",
                code="DownloadSizeNotFound",
            )
        if size in FULL_SIZE:
            original = self._originals.ensure(asset)
            return Rendition(_content_key("original", asset.id, original.version), original)
        return self._ensure(asset, _DOWNLOAD_SIDES[size], False)

    def clear_caches(self) -> None:
        """Drop what this process remembers (the stored files stay)."""
        self._memo.clear()

    def _ensure(self, asset: Asset, long_side: int | None, watermark: bool) -> Rendition:
        memo_key = (asset.id, long_side, watermark)
        found = self._memo.get(memo_key)
        if found is not None and self._storage.exists(found.stored.key):
            return found
        original = self._originals.ensure(asset)
        tag = _content_key(
            RENDERER_VERSION, asset.id, original.version, long_side, "wm" if watermark else "clean"
        )
        key = check_key(f"renditions/{tag[:2]}/{tag[2:4]}/{tag}.jpg")
        stored = self._storage.stat(key)
        if stored is None:
            with self._locks.hold(key):
                stored = self._storage.stat(key)
                if stored is None:
                    with self._storage.open(original.key) as source:
                        data = scaled_jpeg(source, long_side, watermark)
                    stored = self._storage.put_bytes(key, data)
        rendition = Rendition(tag, stored)
        self._memo.put(memo_key, rendition)
        return rendition


def _content_key(*parts: object) -> str:
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).hexdigest()
