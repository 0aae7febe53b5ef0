"""Blurhash: the library's strings, computed fast, shaped like the picture."""

from __future__ import annotations

import blurhash
import numpy as np
import pytest
from PIL import Image, ImageDraw

from photobank.media.blurhashes import blurhash_of, components_for


def _picture(seed: int, size: tuple[int, int]) -> Image.Image:
    rng = np.random.default_rng(seed)
    image = Image.new("RGB", size, tuple(int(v) for v in rng.integers(0, 256, 3)))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x0, y0 = int(rng.integers(0, size[0])), int(rng.integers(0, size[1]))
        box = (x0, y0, x0 + int(rng.integers(4, 40)), y0 + int(rng.integers(4, 40)))
        draw.ellipse(box, fill=tuple(int(v) for v in rng.integers(0, 256, 3)))
    return image


@pytest.mark.filterwarnings("ignore:Image.Image.getdata is deprecated:DeprecationWarning")
@pytest.mark.parametrize("size", [(64, 43), (43, 64), (64, 64), (64, 21), (32, 24)])
def test_strings_match_the_reference_encoder(size: tuple[int, int]) -> None:
    same = 0
    for seed in range(20):
        image = _picture(seed, size)
        ours, theirs = blurhash_of(image), blurhash.encode(image, *components_for(*size))
        same += ours == theirs
        ours_pixels = np.asarray(blurhash.decode(ours, 32, 32), dtype=int)
        theirs_pixels = np.asarray(blurhash.decode(theirs, 32, 32), dtype=int)
        assert np.abs(ours_pixels - theirs_pixels).max() <= 3  # float rounding at an edge
    assert same >= 19


def test_components_follow_the_shape() -> None:
    assert components_for(1500, 1000) == (4, 3)
    assert components_for(1000, 1500) == (3, 4)
    assert components_for(800, 800) == (4, 4)
    assert components_for(3000, 1000) == (4, 3)  # never fewer than three


def test_the_hash_keeps_the_average_colour() -> None:
    text = blurhash_of(Image.new("RGB", (40, 30), (200, 100, 50)))
    decoded = np.asarray(blurhash.decode(text, 40, 30), dtype=float)
    assert np.abs(decoded.mean(axis=(0, 1)) - [200, 100, 50]).max() <= 3
    assert blurhash.is_valid_blurhash(text) and len(text) == 6 + 2 * (4 * 3 - 1)
