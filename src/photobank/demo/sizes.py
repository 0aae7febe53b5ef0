"""Pixel dimensions of demo assets and the orientation they imply.

Orientation is never drawn at random on its own: it is read back from the
width and height, so the ``orientations`` filter and ``max_dimensions`` can
never disagree.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from itertools import accumulate

MAX_PIXELS = 50_000_000  # the largest demo original: 50 MP
MIN_LONG_SIDE = 400
PANORAMIC = 2.0  # a long side at least twice the short side is panoramic

# Aspect ratios (width / height) by orientation, with how often each is chosen.
_RATIOS = {
    "horizontal": ((1.5, 50), (4 / 3, 25), (16 / 9, 15), (1.25, 10)),
    "vertical": ((2 / 3, 55), (3 / 4, 30), (9 / 16, 10), (0.8, 5)),
    "square": ((1.0, 1),),
    "panoramic_horizontal": ((2.4, 40), (3.0, 35), (4.0, 25)),
    "panoramic_vertical": ((0.4, 60), (1 / 3, 40)),
}
ORIENTATION_WEIGHTS = {
    "photography": (55, 28, 9, 6, 2),
    "illustration": (45, 30, 19, 4, 2),
    "vector": (45, 25, 24, 4, 2),
    "fine_art": (45, 35, 14, 4, 2),
}
# Megapixel ranges with their weights; "tiny" means a long side of 400-1000 px.
_MEGAPIXELS = {
    "photography": ((None, 4), ((1, 6), 16), ((6, 24), 55), ((24, 45), 20), ((45, 50), 5)),
    "editorial": ((None, 5), ((1, 6), 25), ((6, 24), 60), ((24, 45), 10)),
    "archive": ((None, 10), ((1, 6), 60), ((6, 20), 30)),
    "illustration": ((None, 3), ((2, 25), 97)),
    "vector": (((4, 30), 1),),
    "fine_art": ((None, 3), ((2, 40), 97)),
}


def orientation_of(width: int, height: int) -> str:
    """Getty's orientation of a ``width`` x ``height`` picture."""
    if width == height:
        return "square"
    if width >= PANORAMIC * height:
        return "panoramic_horizontal"
    if height >= PANORAMIC * width:
        return "panoramic_vertical"
    return "horizontal" if width > height else "vertical"


class SizePicker:
    """Draws (width, height) pairs; built once, used for every asset."""

    def __init__(self) -> None:
        self._ratios = {
            name: ([r for r, _ in table], list(accumulate(w for _, w in table)))
            for name, table in _RATIOS.items()
        }
        self._megapixels = {
            name: ([m for m, _ in table], list(accumulate(w for _, w in table)))
            for name, table in _MEGAPIXELS.items()
        }

    def pick(self, rng: random.Random, orientation: str, scale: str) -> tuple[int, int]:
        """A size of ``orientation`` from the megapixel table ``scale``."""
        ratios, ratio_cum = self._ratios[orientation]
        ratio = ratios[bisect(ratio_cum, rng.random() * ratio_cum[-1])]
        ranges, range_cum = self._megapixels[scale]
        span = ranges[bisect(range_cum, rng.random() * range_cum[-1])]
        if span is None:
            long_side = rng.randint(MIN_LONG_SIDE, 1000)
            pixels = long_side * long_side * (ratio if ratio < 1 else 1 / ratio)
        else:
            low, high = span
            pixels = (low + (high - low) * rng.random()) * 1_000_000
        return fit(ratio, pixels)


def fit(ratio: float, pixels: float) -> tuple[int, int]:
    """Width and height of about ``pixels`` at ``ratio``, within the demo's bounds."""
    height = math.sqrt(min(pixels, MAX_PIXELS) / ratio)
    width = height * ratio
    if max(width, height) < MIN_LONG_SIDE:
        grow = MIN_LONG_SIDE / max(width, height)
        width, height = width * grow, height * grow
    w, h = max(1, round(width)), max(1, round(height))
    if ratio == 1.0:
        w = h = min(w, math.isqrt(MAX_PIXELS))
    while w * h > MAX_PIXELS:
        w, h = w - 1 if w >= h else w, h - 1 if h > w else h
    return w, h
