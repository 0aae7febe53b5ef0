"""Frame sizes, exact rates and Getty timecodes of videos."""

from __future__ import annotations

from fractions import Fraction

import pytest

from photobank.catalog.model import VideoDetails
from photobank.catalog.video import clip_length, frame_size, rate_fraction


@pytest.mark.parametrize(
    ("fmt", "ratio", "size"),
    [
        ("hd", "16:9", (1920, 1080)),
        ("4k", "16:9", (3840, 2160)),
        ("sd", "4:3", (640, 480)),
        ("hd", "9:16", (1080, 1920)),
        ("hd_web", "1:1", (1280, 1280)),
        ("hd", "2.35:1", (1920, 818)),
    ],
)
def test_frame_sizes_follow_format_and_ratio(fmt: str, ratio: str, size: tuple[int, int]) -> None:
    assert frame_size(fmt, ratio) == size


def test_ntsc_rates_are_exact() -> None:
    assert rate_fraction("29.97") == Fraction(30000, 1001)
    assert rate_fraction("25") == 25


@pytest.mark.parametrize(
    ("frames", "rate", "timecode"),
    [(375, "25", "00:00:15:00"), (100, "29.97", "00:00:03:10"), (3601 * 24, "24", "01:00:01:00")],
)
def test_clip_length_is_hours_minutes_seconds_frames(frames: int, rate: str, timecode: str) -> None:
    video = VideoDetails(frames=frames, frame_rate=rate, aspect_ratio="16:9", format="hd")
    assert clip_length(video) == timecode
