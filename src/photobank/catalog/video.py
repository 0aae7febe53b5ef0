"""Derived facts about videos: frame sizes per format, rates as fractions, timecodes."""

from __future__ import annotations

from fractions import Fraction

from photobank.catalog.model import VideoDetails

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
