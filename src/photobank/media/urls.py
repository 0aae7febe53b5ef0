"""The URL scheme of media that the API skins hand out.

* Display renditions: ``/media/display/{size}/{id}.jpg?wm={0|1}&sig=...`` — the
  signature covers id, size and watermark flag, so a client cannot ask for an
  unwatermarked or larger rendition by editing the URL. Display URLs never
  lead to the original file.
* Video preview clips: ``/media/clips/{id}.mp4?wm=&sig=``, signed likewise.
* Licensed downloads: ``/v3/downloads/images/{id}`` or ``/videos/{id}`` (POST, with
  ``product_type`` / ``height`` query parameters), answered later with a
  signed, expiring delivery URL under ``/media/delivery/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from photobank.catalog.model import Asset, VideoDetails
from photobank.catalog.video import frame_size, own_frame_size
from photobank.media.signing import Signer


@dataclass(frozen=True, slots=True)
class DisplaySize:
    name: str
    long_side: int
    watermarked: bool


DISPLAY_SIZES: dict[str, DisplaySize] = {
    size.name: size
    for size in (
        DisplaySize("thumb", 170, False),
        DisplaySize("preview", 612, True),
        DisplaySize("comp", 1024, True),
        DisplaySize("high_res_comp", 2048, True),
    )
}

# Download sizes offered for images, by long side; the original is always offered.
DOWNLOAD_STEPS: tuple[tuple[str, int], ...] = (
    ("small", 500),
    ("medium", 1024),
    ("large", 2048),
    ("x_large", 4096),
)
_JPEG_BYTES_PER_PIXEL = 0.3
_VIDEO_BITS_PER_PIXEL = 0.1  # per frame


@dataclass(frozen=True, slots=True)
class DownloadSize:
    name: str
    width: int
    height: int
    media_type: str
    bytes: int


def fit(width: int, height: int, long_side: int | None) -> tuple[int, int]:
    """``width`` x ``height`` scaled down to a long side of ``long_side`` (never up).

    Download sizes and renditions both use it, so a delivered file has exactly
    the dimensions the metadata promised."""
    longest = max(width, height)
    if long_side is None or long_side >= longest:
        return width, height
    scale = long_side / longest
    return max(1, round(width * scale)), max(1, round(height * scale))


def download_sizes(asset: Asset) -> list[DownloadSize]:
    """Sizes an asset can be licensed at, smallest first (bytes are estimates)."""
    if asset.video is not None:
        return video_download_sizes(asset.video, asset.width, asset.height)
    long_side = max(asset.width, asset.height)
    sizes = []
    for name, side in DOWNLOAD_STEPS:
        if side < long_side:
            width, height = fit(asset.width, asset.height, side)
            sizes.append(
                DownloadSize(name, width, height, "image/jpeg", estimated_bytes(width, height))
            )
    sizes.append(
        DownloadSize(
            "original",
            asset.width,
            asset.height,
            "image/jpeg",
            estimated_bytes(asset.width, asset.height),
        )
    )
    if "eps" in asset.file_types:
        sizes.append(
            DownloadSize(
                "vector",
                asset.width,
                asset.height,
                "application/postscript",
                estimated_bytes(asset.width, asset.height),
            )
        )
    return sizes


def video_download_sizes(video: VideoDetails, width: int, height: int) -> list[DownloadSize]:
    """A video's sizes (its frame ``width`` x ``height``): one H.264 MP4 per format
    it is offered in, smallest first; its own format at its own size when that fits,
    in its own file's type."""
    sizes = []
    for name in video.formats:
        own = name == video.format
        frame = (
            own_frame_size(video, width, height) if own else frame_size(name, video.aspect_ratio)
        )
        bits = frame[0] * frame[1] * video.frames * _VIDEO_BITS_PER_PIXEL
        media_type = video.file_type if own else "video/mp4"
        sizes.append(DownloadSize(name, *frame, media_type, int(bits / 8)))
    return sizes


def estimated_bytes(width: int, height: int) -> int:
    """About how many bytes a JPEG of this size takes."""
    return int(width * height * _JPEG_BYTES_PER_PIXEL)


class MediaUrls:
    """Builds absolute media URLs for one request's base URL."""

    def __init__(self, signer: Signer) -> None:
        self._signer = signer

    def display(self, base: str, asset_id: str, size: str, watermarked: bool) -> str:
        flag = "1" if watermarked else "0"
        signature = self._signer.sign("display", asset_id, size, flag)
        # Asset ids are digits and hyphens only (catalog.ids): nothing to escape.
        return f"{base}/media/display/{size}/{asset_id}.jpg?wm={flag}&sig={signature}"

    def verify(self, asset_id: str, size: str, flag: str, signature: str) -> bool:
        """True when ``signature`` is the one :meth:`display` wrote for these values."""
        return self._signer.verify(signature, "display", asset_id, size, flag)

    def clip(self, base: str, asset_id: str, watermarked: bool) -> str:
        """The URL of a video's low-resolution preview clip (MP4)."""
        flag = "1" if watermarked else "0"
        signature = self._signer.sign("clip", asset_id, flag)
        return f"{base}/media/clips/{asset_id}.mp4?wm={flag}&sig={signature}"

    def verify_clip(self, asset_id: str, flag: str, signature: str) -> bool:
        return self._signer.verify(signature, "clip", asset_id, flag)

    def download(self, base: str, asset: Asset, **query: str) -> str:
        """The v3 operation that licenses ``asset`` (images or videos), with ``query``."""
        suffix = "&".join(f"{k}={quote(v)}" for k, v in query.items())
        kind = "videos" if asset.asset_type == "video" else "images"
        return f"{base}/v3/downloads/{kind}/{asset.id}" + (f"?{suffix}" if suffix else "")
