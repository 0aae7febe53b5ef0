"""Demo videos: a deterministic share of photographs, spread over every video filter."""

from __future__ import annotations

from dataclasses import replace

from photobank.catalog.model import (
    ASPECT_RATIOS,
    EDITORIAL_VIDEO_TYPES,
    FRAME_RATES,
    IMAGE_TECHNIQUES,
    RELEASE_STATUSES,
    VIDEO_FORMATS,
    VIEWPOINTS,
    Asset,
)
from photobank.catalog.video import frame_size
from photobank.composition import Services
from photobank.demo.videos import maybe_video


def _assets(services: Services) -> list[Asset]:
    """The session's demo catalog (1,500 assets, seed 42)."""
    return [a for batch in services.catalog.repository.iter_assets() for a in batch]


def test_videos_are_a_share_of_photographs_across_every_dimension(services: Services) -> None:
    assets = _assets(services)
    videos = [a for a in assets if a.video is not None]
    photographs = [a for a in assets if a.graphical_style == "photography"]
    assert 0.08 < len(videos) / len(photographs) < 0.16
    assert {v.asset_family for v in videos} == {"creative", "editorial"}
    details = [v.video for v in videos if v.video]
    assert {d.format for d in details} == set(VIDEO_FORMATS)
    assert {d.frame_rate for d in details} == set(FRAME_RATES)
    assert {d.aspect_ratio for d in details} == set(ASPECT_RATIOS)
    assert {t for d in details for t in d.techniques} == set(IMAGE_TECHNIQUES)
    assert {p for d in details for p in d.viewpoints} == set(VIEWPOINTS)
    assert {d.release_status for d in details} == set(RELEASE_STATUSES)
    assert {d.editorial_type for d in details} == {None, *EDITORIAL_VIDEO_TYPES}
    for video in videos:
        assert video.video and 2 <= video.video.seconds <= 8
        assert (video.width, video.height) == frame_size(
            video.video.format, video.video.aspect_ratio
        )
        if video.asset_family == "editorial":
            assert video.event_ids and video.video.source and video.video.editorial_type


def test_the_choice_depends_on_seed_and_id_only(services: Services) -> None:
    assets = _assets(services)
    video = next(a for a in assets if a.video is not None)
    image = replace(video, asset_type="image", video=None, width=4000, height=3000)
    assert maybe_video(image, 42) == maybe_video(image, 42)
    assert maybe_video(replace(image, graphical_style="vector"), 42).video is None
