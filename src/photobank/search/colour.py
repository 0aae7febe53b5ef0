"""Colour matching: "close to this hex colour" as a set of CIELAB grid cells.

Each asset's dominant colour is converted to CIELAB (D65), where straight-line
distance roughly follows perceived difference, and indexed as the id of the
cube of side :data:`CELL` containing it. A query colour matches every cell
that has a point within :data:`RADIUS` of it, so the filter is one term-set
lookup (no per-document arithmetic at query time) and has no bucket-edge
effect: two colours a few units apart always match each other. Matched
colours are within about RADIUS + cell diagonal (ΔE76 ≈ 28) of the query.
"""

from __future__ import annotations

import math
import re

CELL = 8.0
RADIUS = 14.0
_A_B_OFFSET = 128.0  # a* and b* span about -128..127
_SIDE = 32  # cells per axis (256 / CELL)
_HEX = re.compile(r"#?([0-9a-fA-F]{6})")


def parse_hex(text: str) -> tuple[int, int, int] | None:
    """``(r, g, b)`` of a six-digit hex colour (``#`` optional), or None if malformed."""
    match = _HEX.fullmatch(text.strip())
    if match is None:
        return None
    value = int(match.group(1), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def _linear(channel: int) -> float:
    c = channel / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _f(t: float) -> float:
    return math.cbrt(t) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116


def rgb_to_lab(r: int, g: int, b: int) -> tuple[float, float, float]:
    lr, lg, lb = _linear(r), _linear(g), _linear(b)
    x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / 0.95047
    y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb
    z = (0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb) / 1.08883
    fx, fy, fz = _f(x), _f(y), _f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _index(value: float, offset: float) -> int:
    return min(_SIDE - 1, max(0, int((value + offset) // CELL)))


def _cell_id(li: int, ai: int, bi: int) -> int:
    return (li * _SIDE + ai) * _SIDE + bi


def colour_cell(hex_colour: str) -> int | None:
    """The grid cell of ``hex_colour``, or None when it is not a hex colour."""
    rgb = parse_hex(hex_colour)
    if rgb is None:
        return None
    lab = rgb_to_lab(*rgb)
    return _cell_id(_index(lab[0], 0.0), _index(lab[1], _A_B_OFFSET), _index(lab[2], _A_B_OFFSET))


def _gap(value: float, index: int, offset: float) -> float:
    """Distance along one axis from ``value`` to the cell slab ``index``."""
    low = index * CELL - offset
    high = low + CELL
    return max(low - value, 0.0, value - high)


def cells_near(hex_colour: str, radius: float = RADIUS) -> list[int]:
    """Every cell with a point within ``radius`` of ``hex_colour`` (empty if malformed)."""
    rgb = parse_hex(hex_colour)
    if rgb is None:
        return []
    lab = rgb_to_lab(*rgb)
    offsets = (0.0, _A_B_OFFSET, _A_B_OFFSET)
    ranges = [
        range(_index(v - radius, off), _index(v + radius, off) + 1)
        for v, off in zip(lab, offsets, strict=True)
    ]
    cells = []
    limit = radius * radius
    for li in ranges[0]:
        dl = _gap(lab[0], li, 0.0) ** 2
        for ai in ranges[1]:
            da = dl + _gap(lab[1], ai, _A_B_OFFSET) ** 2
            if da > limit:
                continue
            for bi in ranges[2]:
                if da + _gap(lab[2], bi, _A_B_OFFSET) ** 2 <= limit:
                    cells.append(_cell_id(li, ai, bi))
    return cells
