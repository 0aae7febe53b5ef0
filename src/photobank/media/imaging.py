"""Pixels: scaled (and watermarked) JPEG copies of an original.

Pillow with ``draft()`` rather than pyvips (DESIGN: measured faster and a third
of the memory here): ``draft`` makes the JPEG decoder itself scale by 1/2, 1/4
or 1/8, so a 1024 px comp of a 12 MP original decodes a quarter of the pixels.
HEIC/HEIF originals are opened through pillow-heif, registered here with Pillow
so that every process that reads pictures (ingest workers, the server) can.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from photobank.media.urls import fit
from photobank.media.watermark import stamp

JPEG_QUALITY = 85
# Bump when a rendition's bytes change for the same input (the pixels of
# :func:`scaled_jpeg`, or the metadata renditions embed): the version is part
# of every rendition's content key, so old files stop matching.
RENDERER_VERSION = 3
_ORIENTATION = 0x0112  # the EXIF tag
_TURNED = (5, 6, 7, 8)  # orientations that swap width and height

register_heif_opener()


def scaled_jpeg(source: BinaryIO, long_side: int | None, watermark: bool) -> bytes:
    """``source`` (any image Pillow reads) as a JPEG whose long side is at most
    ``long_side`` (None: full size), upright as its EXIF orientation says, with
    the tiled watermark when asked."""
    with Image.open(source) as original:
        turned = is_turned(original)
        target = fit(*upright_size(original), long_side)
        original.draft("RGB", (target[1], target[0]) if turned else target)
        return jpeg_of(ImageOps.exif_transpose(original), target, watermark)


def jpeg_of(image: Image.Image, size: tuple[int, int], watermark: bool) -> bytes:
    """``image`` (upright) as a JPEG of ``size``, with the tiled watermark when asked."""
    image = image.convert("RGB") if image.mode != "RGB" else image
    if image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    if watermark:
        stamp(image)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def is_turned(image: Image.Image) -> bool:
    """Whether ``image``'s EXIF orientation turns it a quarter (width and height swap)."""
    return image.getexif().get(_ORIENTATION, 1) in _TURNED


def upright_size(image: Image.Image) -> tuple[int, int]:
    """``image``'s width and height as shown, its EXIF orientation applied."""
    width, height = image.size
    return (height, width) if is_turned(image) else (width, height)
