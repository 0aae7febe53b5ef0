"""What the pipeline measures from an original's pixels, in one decode.

JPEGs are decoded at reduced scale with ``draft()`` (every feature taken here
is coarse), yet the whole stream is read, so a truncated file fails here and
never becomes an asset. Measures are taken upright: EXIF orientation applied,
as renditions apply it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from photobank.demo.pixels import dominant_color_of
from photobank.media.blurhashes import blurhash_of
from photobank.media.imaging import upright_size
from photobank.visual.signature import Signature, signature_of

_WORK_SIDE = 256  # smallest decode the signature's 64 px work is still sharp at
_SKETCH_SIDE = 64  # a blurhash is taken from this long side


@dataclass(frozen=True, slots=True)
class Pixels:
    width: int  # upright
    height: int
    blurhash: str
    dominant_color: str
    signature: Signature


def pixels_of(data: bytes) -> Pixels:
    """Measure an encoded picture; Pillow's errors (truncated, corrupt) pass through."""
    with warnings.catch_warnings():
        # Over 89 MP warns; the real guard, Pillow's error at twice that, stays.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            width, height = upright_size(image)
            image.draft("RGB", (_WORK_SIDE, _WORK_SIDE))
            image.load()
            upright = ImageOps.exif_transpose(image).convert("RGB")
    return pixels_of_picture(upright, (width, height))


def pixels_of_picture(upright: Image.Image, size: tuple[int, int] | None = None) -> Pixels:
    """Measure a decoded RGB picture (a video's poster frame); ``size``: the full
    size when ``upright`` was decoded smaller."""
    width, height = size or upright.size
    if max(upright.size) > _WORK_SIDE:
        upright = ImageOps.contain(upright, (_WORK_SIDE, _WORK_SIDE), Image.Resampling.BOX)
    sketch = ImageOps.contain(upright, (_SKETCH_SIDE, _SKETCH_SIDE), Image.Resampling.BOX)
    return Pixels(
        width, height, blurhash_of(sketch), dominant_color_of(upright), signature_of(upright)
    )
