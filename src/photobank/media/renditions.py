"""Display renditions and licensed download sizes, made on first request and kept.

A rendition is stored under a content key: a hash of the asset id, the
original's version, the long side, the watermark flag, the renderer version
and the creator and copyright it carries (IPTC, XMP and EXIF, written when it
is made). A new original or a new renderer therefore yields new keys (old files
are never served for new content), and a stored rendition never changes, so
its key doubles as a strong ETag. Concurrent first requests of one rendition
in this process wait on a lock for that key and find the file made by the
first; other processes are kept safe by the storage's atomic writes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from typing import IO, BinaryIO

from photobank.catalog.model import Asset, VideoDetails
from photobank.catalog.video import rate_fraction
from photobank.errors import NotFound, VideoNotFound
from photobank.ingest.embedding import credit_tags, embed
from photobank.lru import LruCache, weigh_key
from photobank.media.clips import ENCODER_VERSION, encode_clip
from photobank.media.footage import footage_type, is_footage, poster_jpeg, transcode
from photobank.media.imaging import RENDERER_VERSION, scaled_jpeg
from photobank.media.locks import KeyedLocks, Locks
from photobank.media.originals import OriginalStore
from photobank.media.storage import MediaStorage, StoredObject, check_key
from photobank.media.urls import DISPLAY_SIZES, DOWNLOAD_STEPS, download_sizes, fit


class DownloadSizeNotFound(NotFound):
    """The asset is not offered in the download size asked for."""

    code = "DownloadSizeNotFound"


_DOWNLOAD_SIDES = dict(DOWNLOAD_STEPS)
FULL_SIZE = ("original", "vector")  # download sizes delivered as the original file
PREVIEW_CLIP_SIDE = 320  # long side of a video's preview clip
PREVIEW_CLIP_RATE = 15  # at most, frames a second
_RENDITION_WEIGHT = 600  # a Rendition, its StoredObject and their strings, bytes
_SPOOLED = 8 * 1024 * 1024  # bytes of a clip transcoded from footage kept in memory
_CHUNK = 1024 * 1024
_ATTEMPTS = 3  # makings of a rendition whose original changes while it is read
_MEDIA_TYPES = {".jpg": "image/jpeg", ".mp4": "video/mp4"}


@dataclass(frozen=True, slots=True)
class Rendition:
    """A stored file ready to send; ``tag`` is its content key (the ETag)."""

    tag: str
    stored: StoredObject
    media_type: str = "image/jpeg"


class Renditions:
    def __init__(
        self,
        storage: MediaStorage,
        originals: OriginalStore,
        memo_budget: int,
        locks: Locks | None = None,
    ) -> None:
        """``memo_budget``: bytes the memo of renditions served may weigh in all; ``locks``:
        who makes a missing rendition while others wait (default: this process's threads)."""
        self._storage = storage
        self._originals = originals
        self._locks = KeyedLocks() if locks is None else locks
        # Painting an original or decoding one to scale holds tens of MB for a moment:
        # one at a time per core keeps that bounded (more would only queue for the CPU).
        self._making = threading.BoundedSemaphore(os.cpu_count() or 1)
        # (asset id, long side or clip name, watermark) -> rendition, so a warm
        # request touches neither the catalog nor the disk. Emptied on catalog changes.
        self._memo: LruCache[tuple[str, int | str | None, bool], Rendition] = LruCache(
            memo_budget, lambda key, _rendition: weigh_key(key) + _RENDITION_WEIGHT
        )

    def cached(self, asset_id: str, size: str, watermark: bool) -> Rendition | None:
        """The display rendition if this process has served it before (never blocks)."""
        return self._memo.get((asset_id, DISPLAY_SIZES[size].long_side, watermark))

    def display(self, asset: Asset, size: str, watermark: bool) -> Rendition:
        """The display rendition ``size`` of ``asset``, made now if needed (blocks)."""
        return self._scaled(asset, DISPLAY_SIZES[size].long_side, watermark)

    def download(self, asset: Asset, size: str) -> Rendition:
        """The unwatermarked file of download size ``size`` (a name from
        :func:`download_sizes`); ``original`` and ``vector`` are the original,
        a video's sizes are MP4 clips, but its own format of footage is the file itself."""
        offered = {s.name: s for s in download_sizes(asset)}
        if size not in offered:
            raise DownloadSizeNotFound(
                f"{asset.asset_type.title()} {asset.id} is not offered in download size '{size}'."
            )
        if asset.video is not None:
            footage = self._footage(asset) if size == asset.video.format else None
            if footage is not None:
                return footage
            chosen = offered[size]
            return self._clip(asset, size, (chosen.width, chosen.height), watermark=False)
        if size in FULL_SIZE:
            original = self._original(asset)
            if self._head(original).startswith(b"\xff\xd8"):
                return Rendition(_content_key("original", asset.id, original.version), original)
            # An ingested PNG, TIFF, WebP is kept as is; its full size is delivered as a JPEG.
            return self._scaled(asset, None, False)
        return self._scaled(asset, _DOWNLOAD_SIDES[size], False)

    def preview_clip(self, asset: Asset, watermark: bool) -> Rendition:
        """A video's low-resolution preview clip (MP4), made now if needed (blocks)."""
        return self._clip(asset, "preview", _preview_size(asset), watermark)

    def cached_clip(self, asset_id: str, watermark: bool) -> Rendition | None:
        """The preview clip if this process has served it before (never blocks)."""
        return self._memo.get((asset_id, "preview", watermark))

    def _clip(self, asset: Asset, name: str, size: tuple[int, int], watermark: bool) -> Rendition:
        video = asset.video
        if video is None:
            raise VideoNotFound(f"Asset {asset.id} is not a video.")
        rate, frames, parts = _clip_plan(video, name, size, watermark)

        def make(original: StoredObject) -> bytes | IO[bytes]:
            with self._storage.open(original.key) as source:
                if not is_footage(_peek(source)):
                    return encode_clip(source, size, rate, frames, watermark=watermark)
                with ExitStack() as closing:  # the file is closed here if transcoding fails
                    out = closing.enter_context(tempfile.SpooledTemporaryFile(_SPOOLED))
                    transcode(source, out, size, rate, frames, watermark=watermark)
                    closing.pop_all()
                return out

        return self._ensure(asset, (asset.id, name, watermark), parts, ".mp4", make)

    def _footage(self, asset: Asset) -> Rendition | None:
        """A video's original as it is, when it is footage (not a drawn poster)."""
        original = self._original(asset)
        head = self._head(original)
        if not is_footage(head):
            return None
        tag = _content_key("original", asset.id, original.version)
        return Rendition(tag, original, footage_type(head))

    def _head(self, stored: StoredObject) -> bytes:
        with self._storage.open(stored.key) as file:
            return _peek(file)

    def _original(self, asset: Asset) -> StoredObject:
        """The stored original, painted first (one per core at a time) if there is none."""
        with self._making:
            return self._originals.ensure(asset)

    def clear_caches(self) -> None:
        """Drop what this process remembers (the stored files stay)."""
        self._memo.clear()

    def forget(self, asset: Asset) -> int:
        """Delete every stored rendition that ``asset``'s present original and record can
        have made (before the original goes: the keys hold its version); how many."""
        original = self._storage.stat(self._originals.key_for(asset.id))
        if original is None:
            return 0
        sides = {s.long_side for s in DISPLAY_SIZES.values()} | {*_DOWNLOAD_SIDES.values(), None}
        made = [(_scaled_parts(asset, side, mark), ".jpg") for side in sides for mark in _MARKS]
        if asset.video is not None:
            clips = [("preview", _preview_size(asset), mark) for mark in _MARKS]
            clips += [(s.name, (s.width, s.height), False) for s in download_sizes(asset)]
            made += [(_clip_plan(asset.video, *clip)[2], ".mp4") for clip in clips]
        gone = 0
        for parts, suffix in made:
            key = _stored_as(asset.id, original.version, parts, suffix)[1]
            if self._storage.exists(key):
                self._storage.delete(key)
                gone += 1
        return gone

    def _scaled(self, asset: Asset, long_side: int | None, watermark: bool) -> Rendition:
        credits = credit_tags(asset)  # written once here: renditions are shared and kept

        def make(original: StoredObject) -> bytes:
            with self._storage.open(original.key) as source:
                if asset.video is not None and is_footage(_peek(source)):
                    return embed(poster_jpeg(source, long_side, watermark), credits)
                return embed(scaled_jpeg(source, long_side, watermark), credits)

        parts = _scaled_parts(asset, long_side, watermark)
        return self._ensure(asset, (asset.id, long_side, watermark), parts, ".jpg", make)

    def _ensure(
        self,
        asset: Asset,
        memo_key: tuple[str, int | str | None, bool],
        parts: tuple[object, ...],
        suffix: str,
        make: Callable[[StoredObject], bytes | IO[bytes]],
    ) -> Rendition:
        """The stored file made by ``make`` from the original, keyed by its content."""
        found = self._memo.get(memo_key)
        if found is not None and self._storage.exists(found.stored.key):
            return found
        for attempt in range(1, _ATTEMPTS + 1):
            original = self._original(asset)
            tag, key = _stored_as(asset.id, original.version, parts, suffix)
            try:
                stored = self._stored(key, original, make)
                break
            except FileNotFoundError:
                # The original was replaced (a new ingest, another node) or deleted while
                # it was read: make the rendition from the one stored now.
                if attempt == _ATTEMPTS:
                    raise
        rendition = Rendition(tag, stored, _MEDIA_TYPES[suffix])
        self._memo.put(memo_key, rendition)
        return rendition

    def _stored(
        self, key: str, original: StoredObject, make: Callable[[StoredObject], bytes | IO[bytes]]
    ) -> StoredObject:
        """The rendition at ``key``, made from ``original`` first if there is none."""
        stored = self._storage.stat(key)
        if stored is None:
            with self._locks.hold(key):
                stored = self._storage.stat(key)
                if stored is None:
                    with self._making:
                        made = make(original)
                    stored = self._put(key, made)
        return stored

    def _put(self, key: str, made: bytes | IO[bytes]) -> StoredObject:
        """Store what ``make`` made: bytes, or a file it wrote (closed here)."""
        if isinstance(made, bytes):
            return self._storage.put_bytes(key, made)
        with made:
            made.seek(0)
            return self._storage.put_stream(key, iter(partial(made.read, _CHUNK), b""))


def _peek(file: BinaryIO) -> bytes:
    """The first bytes of ``file``, left at its start."""
    head = file.read(16)
    file.seek(0)
    return head


_MARKS = (False, True)  # without and with the watermark


def _scaled_parts(asset: Asset, long_side: int | None, watermark: bool) -> tuple[object, ...]:
    """What a still rendition's content key holds besides the asset and its original."""
    mark = "wm" if watermark else "clean"
    return (RENDERER_VERSION, long_side, mark, asset.artist, asset.copyright)


def _preview_size(asset: Asset) -> tuple[int, int]:
    width, height = fit(asset.width, asset.height, PREVIEW_CLIP_SIDE)
    return width // 2 * 2, height // 2 * 2


def _clip_plan(
    video: VideoDetails, name: str, size: tuple[int, int], watermark: bool
) -> tuple[Fraction, int, tuple[object, ...]]:
    """A clip's frame rate, frame count and content key parts (a preview runs at most
    PREVIEW_CLIP_RATE frames a second)."""
    rate = rate_fraction(video.frame_rate)
    frames = video.frames
    if name == "preview" and rate > PREVIEW_CLIP_RATE:
        frames = max(1, round(frames * PREVIEW_CLIP_RATE / rate))
        rate = Fraction(PREVIEW_CLIP_RATE)
    return rate, frames, (ENCODER_VERSION, *size, rate, frames, "wm" if watermark else "clean")


def _stored_as(
    asset_id: str, version: str, parts: tuple[object, ...], suffix: str
) -> tuple[str, str]:
    """A rendition's tag (its content key) and its storage key."""
    tag = _content_key(parts[0], asset_id, version, *parts[1:])
    return tag, check_key(f"renditions/{tag[:2]}/{tag[2:4]}/{tag}{suffix}")


def _content_key(*parts: object) -> str:
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).hexdigest()
