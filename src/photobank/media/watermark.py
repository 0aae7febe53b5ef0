"""The visible watermark: the word "photobank" repeated diagonally over the picture.

A mark tiled over the whole frame cannot be cropped away, and drawn as a
semi-transparent light stroke over a faint dark shadow it stays readable on
bright skies and dark stages alike. Tiles are drawn once per text size and
pasted as masks, so stamping a comp costs a few small pastes, not text layout.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

MARK = "photobank"
ANGLE = 30  # degrees, counter-clockwise
_LIGHT = 120  # opacity of the white letters, of 255
_SHADOW = 80  # opacity of the dark shadow under them
_MARKS_ACROSS = 5  # about this many marks along the long side


@lru_cache(maxsize=32)
def _tile(text_size: int) -> tuple[Image.Image, Image.Image, int]:
    """Light and shadow masks of one rotated mark with its share of empty space,
    and the shadow's offset in pixels."""
    font = ImageFont.load_default(size=text_size)
    left, top, right, bottom = (round(v) for v in font.getbbox(MARK))
    offset = max(1, text_size // 16)
    width, height = right - left + 2 * offset, bottom - top + 2 * offset
    light = Image.new("L", (width, height), 0)
    shadow = Image.new("L", (width, height), 0)
    ImageDraw.Draw(light).text((-left, -top), MARK, fill=_LIGHT, font=font)
    ImageDraw.Draw(shadow).text((-left + offset, -top + offset), MARK, fill=_SHADOW, font=font)
    light = light.rotate(ANGLE, resample=Image.Resampling.BICUBIC, expand=True)
    shadow = shadow.rotate(ANGLE, resample=Image.Resampling.BICUBIC, expand=True)
    gap = text_size  # blank space around each mark
    padded = (light.width + gap, light.height + gap)
    return _pad(light, padded), _pad(shadow, padded), offset


def _pad(mask: Image.Image, size: tuple[int, int]) -> Image.Image:
    padded = Image.new("L", size, 0)
    padded.paste(mask, (0, 0))
    return padded


def stamp(image: Image.Image) -> None:
    """Tile the mark over ``image`` (RGB, changed in place), rows staggered by half a tile."""
    long_side = max(image.size)
    text_size = max(9, round(long_side / (_MARKS_ACROSS * 4.5)))
    light, shadow, _ = _tile(text_size)
    step_x, step_y = light.size
    for row, y in enumerate(range(-step_y // 2, image.height, step_y)):
        shift = (step_x // 2) * (row % 2)
        for x in range(-step_x + shift, image.width, step_x):
            image.paste((0, 0, 0), (x, y, x + step_x, y + step_y), shadow)
            image.paste((255, 255, 255), (x, y, x + step_x, y + step_y), light)
