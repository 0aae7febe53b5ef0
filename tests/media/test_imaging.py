"""Scaled JPEG copies: the promised size, upright as the camera said, any readable format."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from photobank.media.imaging import is_turned, jpeg_of, scaled_jpeg, upright_size
from tests.ingest.support import encoded, picture

_ORIENTATION = 0x0112


def _opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    return image


def _turned_jpeg() -> bytes:
    """A 400 x 200 JPEG, red on its left half, whose EXIF says to turn it a quarter (6)."""
    pixels = np.zeros((200, 400, 3), np.uint8)
    pixels[:, :200] = (220, 30, 30)
    exif = Image.Exif()
    exif[_ORIENTATION] = 6
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_any_readable_picture_becomes_a_jpeg_of_the_long_side_asked(fmt: str) -> None:
    source = io.BytesIO(encoded(picture((1200, 800), (20, 90, 200)), fmt))
    scaled = _opened(scaled_jpeg(source, 300, watermark=False))
    assert scaled.size == (300, 200)
    red, green, blue = scaled.convert("RGB").getpixel((10, 10))  # type: ignore[misc]
    assert abs(red - 20) < 12 and abs(green - 90) < 12 and abs(blue - 200) < 12


@pytest.mark.parametrize("side", [1024, None])
def test_a_picture_is_never_scaled_up(side: int | None) -> None:
    source = io.BytesIO(encoded(picture((120, 80))))
    assert _opened(scaled_jpeg(source, side, watermark=False)).size == (120, 80)


def test_a_turned_photo_is_delivered_upright() -> None:
    with Image.open(io.BytesIO(_turned_jpeg())) as original:
        assert is_turned(original) and original.size == (400, 200)
        assert upright_size(original) == (200, 400)
    upright = _opened(scaled_jpeg(io.BytesIO(_turned_jpeg()), 200, watermark=False))
    assert upright.size == (100, 200)
    top = upright.convert("RGB").getpixel((50, 20))  # turned clockwise: the red half is on top
    bottom = upright.convert("RGB").getpixel((50, 180))
    assert top[0] > 150 > bottom[0]  # type: ignore[index]


def test_a_watermarked_copy_differs_visibly_from_a_clean_one() -> None:
    image = Image.new("RGB", (600, 400), (40, 40, 40))
    clean = np.asarray(_opened(jpeg_of(image.copy(), (600, 400), False)).convert("L"), float)
    marked = np.asarray(_opened(jpeg_of(image.copy(), (600, 400), True)).convert("L"), float)
    assert np.abs(marked - clean).mean() > 3
    assert np.abs(clean - 40).mean() < 2  # the clean copy is the picture as it was
