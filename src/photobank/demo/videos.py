"""Turning a share of demo photographs into video clips, deterministically.

Which assets become videos, and every video detail, is drawn from a random
stream seeded with the catalog seed and the asset id alone, so the image
stream of :class:`~photobank.demo.assets.AssetMaker` is untouched and the same
seed always yields the same videos. Clips are short (a few seconds): their
files are encoded on first use, never while the catalog is built.
"""

from __future__ import annotations

import random
from dataclasses import replace

from photobank.catalog.model import (
    ASPECT_RATIOS,
    FRAME_RATES,
    VIDEO_FORMATS,
    VIEWPOINTS,
    Asset,
    ReferralDestination,
    VideoDetails,
)
from photobank.catalog.video import frame_size

VIDEO_SHARE = 0.12  # of photographs
_RATIO_WEIGHTS = (60, 8, 12, 5, 4, 4, 4, 3)  # in ASPECT_RATIOS order
_FORMAT_WEIGHTS = (12, 20, 48, 20)  # in VIDEO_FORMATS order
_SPEEDS = (("realtime", "Real Time"), ("slow_motion", "Slow Motion"), ("time_lapse", "Time Lapse"))
_MASTERED_TO = {
    "sd": "Photo-JPEG 8-bit SD",
    "hd_web": "H.264 8-bit HD Web",
    "hd": "QuickTime 8-bit H.264 HD",
    "4k": "QuickTime 10-bit ProRes 422 HQ",
}
_CAMERAS = {
    "sd": ("Sony DSR-PD170", "Panasonic AG-DVX100"),
    "hd_web": ("Canon EOS 5D Mark IV", "GoPro HERO9", "iPhone 13 Pro"),
    "hd": ("Sony PXW-FS7", "Canon EOS C300 Mark II", "Panasonic GH5", "DJI Inspire 2"),
    "4k": ("RED Komodo 6K", "ARRI Alexa Mini LF", "Sony FX6", "Blackmagic URSA Mini Pro 4.6K"),
}
_SOURCES = ("Reuters", "Getty Images News", "AFP", "Pool", "Handout")


def maybe_video(asset: Asset, seed: int) -> Asset:
    """``asset`` itself, or (for about one photograph in eight) the video it becomes."""
    rng = random.Random(f"photobank-demo-video-{seed}-{asset.id}")
    if asset.graphical_style != "photography" or rng.random() >= VIDEO_SHARE:
        return asset
    video_format = rng.choices(VIDEO_FORMATS, _FORMAT_WEIGHTS)[0]
    aspect_ratio = rng.choices(ASPECT_RATIOS, _RATIO_WEIGHTS)[0]
    frame_rate = rng.choice(FRAME_RATES)
    seconds = rng.uniform(2.0, 4.0 if video_format == "4k" else 8.0)
    speed, shot_speed = rng.choices(_SPEEDS, (70, 18, 12))[0]
    techniques = [speed, "black_and_white" if asset.color_type == "black_and_white" else "color"]
    if rng.random() < 0.15:
        techniques.append("selective_focus")
    if rng.random() < 0.05:
        techniques.append("animation")
    editorial = asset.asset_family == "editorial"
    released = asset.number_of_people == "none" or rng.random() < 0.6
    video = VideoDetails(
        frames=max(1, round(seconds * float(frame_rate))),
        frame_rate=frame_rate,
        aspect_ratio=aspect_ratio,
        format=video_format,
        era=f"{asset.date_created.year // 10 * 10}s",
        shot_speed=shot_speed,
        mastered_to=_MASTERED_TO[video_format],
        originally_shot_on=rng.choice(_CAMERAS[video_format]),
        source=rng.choice(_SOURCES) if editorial else "",
        release_status="fully_released" if released and not editorial else "not_released",
        techniques=tuple(techniques),
        viewpoints=tuple(sorted(rng.sample(VIEWPOINTS, rng.randint(1, 2)))),
        editorial_type=rng.choice(("raw", "produced")) if editorial else None,
    )
    width, height = frame_size(video_format, aspect_ratio)
    orientation = "horizontal" if width > height else "vertical" if height > width else "square"
    return replace(
        asset,
        asset_type="video",
        width=width,
        height=height,
        orientation=orientation,
        file_types=(),
        referral_destinations=(
            ReferralDestination(
                "gettyimages", f"https://www.gettyimages.com/detail/video/{asset.id}"
            ),
        ),
        video=video,
    )
