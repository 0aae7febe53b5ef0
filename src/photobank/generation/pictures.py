"""Generated pictures in media storage, painted the first time they are asked for.

A picture is painted from its generation's prompt (``demo.prompted``), so nothing
needs storing before someone looks: a preview (612 px, watermarked) or a
download size is painted once and kept under ``generated/ab/cd/{asset}-{size}.jpg``.
Threads of one process paint a picture once; two processes at worst paint the
same bytes twice.
"""

from __future__ import annotations

import io

from photobank.demo.pixels import JPEG_QUALITY
from photobank.demo.prompted import paint_prompt
from photobank.generation.models import PREVIEW_SIDE, SIZE_SIDES, Picture
from photobank.media.locks import KeyedLocks, Locks, stored_once
from photobank.media.storage import MediaStorage, StoredObject, fanned_key
from photobank.media.watermark import stamp


class GeneratedPictures:
    def __init__(self, storage: MediaStorage, locks: Locks | None = None) -> None:
        self._storage = storage
        self._locks = KeyedLocks() if locks is None else locks

    def stored(self, picture: Picture) -> StoredObject:
        """The picture's stored JPEG, painted and stored first if needed."""
        asset_id = picture.generation.asset_id(picture.index)
        key = fanned_key("generated", f"{asset_id}-{picture.size_name}", ".jpg")
        return stored_once(self._storage, self._locks, key, lambda: _painted(picture))


def _painted(picture: Picture) -> bytes:
    generation = picture.generation
    preview = picture.size_name == "preview"
    side = PREVIEW_SIDE if preview else SIZE_SIDES[picture.size_name]
    image = paint_prompt(generation.prompt, picture.index, generation.aspect_ratio, side)
    if preview:
        stamp(image)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()
