"""Derived facts about videos: frame sizes per format, rates as fractions, timecodes."""

from __future__ import annotations

import math
from fractions import Fraction

from photobank.catalog.model import ASPECT_RATIOS, FRAME_RATES, VIDEO_FORMATS, VideoDetails

# Long side in pixels of each format; the short side follows the aspect ratio.
FORMAT_LONG_SIDE = {"sd": 640, "hd_web": 1280, "hd": 1920, "4k": 3840}
_NTSC = {
    "23.98": Fraction(24000, 1001),
    "29.97": Fraction(30000, 1001),
    "59.94": Fraction(60000, 1001),
}


def ratio_value(aspect_ratio: str) -> float:
    """``"16:9"`` -> 1.777..., ``"2.35:1"`` -> 2.35."""
    width, _, height = aspect_ratio.partition(":")
    return float(width) / float(height)


def frame_size(video_format: str, aspect_ratio: str) -> tuple[int, int]:
    """Width and height (both even) of a clip in ``video_format`` at ``aspect_ratio``."""
    long_side, ratio = FORMAT_LONG_SIDE[video_format], ratio_value(aspect_ratio)
    short_side = 2 * round(long_side / max(ratio, 1 / ratio) / 2)
    return (long_side, short_side) if ratio >= 1 else (short_side, long_side)


def nearest_format(width: int, height: int) -> str:
    """The format whose long side is nearest (by ratio) a frame's long side."""
    long_side = max(width, height, 1)
    return min(VIDEO_FORMATS, key=lambda f: abs(math.log(FORMAT_LONG_SIDE[f] / long_side)))


def nearest_ratio(width: int, height: int) -> str:
    """The aspect ratio nearest (by ratio) a frame's."""
    ratio = max(width, 1) / max(height, 1)
    return min(ASPECT_RATIOS, key=lambda r: abs(math.log(ratio_value(r) / ratio)))


def nearest_rate(rate: float) -> str:
    """The frame rate value nearest ``rate`` frames a second."""
    return min(FRAME_RATES, key=lambda r: abs(float(rate_fraction(r)) - rate))


def own_frame_size(video: VideoDetails, width: int, height: int) -> tuple[int, int]:
    """The frame size of ``video``'s own format: the asset's ``width`` x ``height``
    when they name that format and aspect ratio (footage is offered as it is),
    else the format's :func:`frame_size`."""
    fits = nearest_format(width, height) == video.format
    if fits and nearest_ratio(width, height) == video.aspect_ratio:
        return width, height
    return frame_size(video.format, video.aspect_ratio)


def rate_fraction(frame_rate: str) -> Fraction:
    """The exact rate of a Getty frame-rate value (``"29.97"`` is 30000/1001)."""
    return _NTSC.get(frame_rate) or Fraction(frame_rate)


def clip_length(video: VideoDetails) -> str:
    """Getty's ``clip_length``: ``HH:MM:SS:FF`` (frames counted at the nominal rate)."""
    nominal = round(rate_fraction(video.frame_rate))
    seconds, frames = divmod(video.frames, nominal)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}:{frames:02d}"
