"""The video-only fields of v3 documents (``clip_length``, ``era``, ``key_frames`` ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from photobank.api.v3.projection_context import ProjectionContext, Projector
from photobank.catalog.model import Asset, VideoDetails
from photobank.catalog.video import clip_length
from photobank.media.urls import DownloadSize, download_sizes


def _detail(read: Callable[[VideoDetails], Any]) -> Projector:
    def project(asset: Asset, _ctx: ProjectionContext) -> Any:
        return read(asset.video) if asset.video is not None else None

    return project


_FORMATS = {"video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm"}


def video_download_size(size: DownloadSize, video: VideoDetails) -> dict[str, Any]:
    """One entry of a video's ``download_sizes``: an H.264 MP4 of one format, or
    the footage itself at its own format."""
    own = size.name == video.format
    return {
        "name": size.name,
        "description": f"{size.name.upper()} {size.width}x{size.height} {video.frame_rate}p",
        "content_type": size.media_type,
        "format": _FORMATS.get(size.media_type, "mp4"),
        "compression": video.codec if own else "H.264",
        "bit_depth": str(video.bit_depth if own else 8),
        "frame_rate": float(video.frame_rate),
        "frame_size": f"{size.width}x{size.height}",
        "width": size.width,
        "height": size.height,
        "interlaced": False,
        "bytes": size.bytes,
    }


def _key_frames(asset: Asset, ctx: ProjectionContext) -> list[dict[str, Any]] | None:
    """The poster frame at each still display size."""
    if asset.video is None:
        return None
    frames = []
    for name in ("thumb", "comp"):
        watermarked = ctx.watermarks.watermarked(asset.asset_family, name)
        uri = ctx.urls.display(ctx.base_url, asset.id, name, watermarked)
        frames.append({"name": name, "is_watermarked": watermarked, "uri": uri})
    return frames


def video_display_size(asset: Asset, name: str, ctx: ProjectionContext) -> dict[str, Any]:
    """A display size of a video: ``preview`` is its watermarked MP4 clip, ``comp`` and
    ``thumb`` stills of its poster frame; each says the clip's aspect ratio."""
    assert asset.video is not None
    watermarked = ctx.watermarks.watermarked(asset.asset_family, name)
    if name == "preview":
        uri = ctx.urls.clip(ctx.base_url, asset.id, watermarked)
    else:
        uri = ctx.urls.display(ctx.base_url, asset.id, name, watermarked)
    return {
        "aspect_ratio": asset.video.aspect_ratio,
        "is_watermarked": watermarked,
        "name": name,
        "uri": uri,
    }


def video_download_sizes(asset: Asset) -> list[dict[str, Any]]:
    assert asset.video is not None
    return [video_download_size(s, asset.video) for s in download_sizes(asset)]


VIDEO_PROJECTORS: dict[str, Projector] = {
    "aspect_ratio": _detail(lambda v: v.aspect_ratio),
    "clip_length": _detail(clip_length),
    "era": _detail(lambda v: v.era),
    "key_frames": _key_frames,
    "mastered_to": _detail(lambda v: v.mastered_to),
    "originally_shot_on": _detail(lambda v: v.originally_shot_on),
    "shot_speed": _detail(lambda v: v.shot_speed),
    "source": _detail(lambda v: v.source or None),
}
