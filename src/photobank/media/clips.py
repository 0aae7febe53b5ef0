"""Encoding a video clip from a still: a slow zoom and pan over the picture.

Demo videos have no footage, so their clips are drawn from their poster
frame (the asset's original): each frame crops a slightly smaller, slightly
shifted box of it, and the crops, scaled to the frame size, play as a gentle
camera move. H.264 in MP4 with x264's fastest preset: a few seconds of HD
take a few seconds to encode, and a small preview clip a fraction of one.
Footage (an ingested video file) is transcoded through the same encoder.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from fractions import Fraction
from typing import IO, BinaryIO

import av
import numpy as np
from PIL import Image

from photobank.media.watermark import stamp

ENCODER_VERSION = 1  # part of every clip's content key: bump when the output changes
_ZOOM = 0.18  # the last frame shows this much less of the picture on each axis
_CRF = "30"


def encode_clip(
    poster: BinaryIO,
    size: tuple[int, int],
    rate: Fraction,
    frames: int,
    *,
    watermark: bool = False,
) -> bytes:
    """An MP4 of ``frames`` frames of ``size`` at ``rate`` frames a second."""
    width, height = size
    with Image.open(poster) as opened:
        opened.draft("RGB", (width, height))
        source = opened.convert("RGB")
    pictures = (
        source.resize(size, Image.Resampling.BILINEAR, box=_box(source.size, index, frames))
        for index in range(frames)
    )
    out = io.BytesIO()
    encode_pictures(out, pictures, size, rate, watermark=watermark)
    return out.getvalue()


def encode_pictures(
    out: IO[bytes],
    pictures: Iterable[Image.Image],
    size: tuple[int, int],
    rate: Fraction,
    *,
    watermark: bool = False,
) -> None:
    """Write ``pictures`` (RGB, each ``size``, changed in place when watermarked) to
    ``out`` as an H.264 MP4 at ``rate`` frames a second."""
    width, height = size
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": _CRF}
        for index, image in enumerate(pictures):
            if watermark:
                stamp(image)
            frame = av.VideoFrame.from_ndarray(np.asarray(image), format="rgb24")
            frame.pts = index
            frame.time_base = 1 / rate
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def _box(source: tuple[int, int], index: int, frames: int) -> tuple[float, float, float, float]:
    """The part of the source frame ``index`` shows: zooming in, drifting right."""
    progress = index / max(frames - 1, 1)
    width, height = source
    keep = 1.0 - _ZOOM * progress
    box_w, box_h = width * keep, height * keep
    left = (width - box_w) * (0.25 + 0.5 * progress)
    top = (height - box_h) * 0.5
    return (left, top, left + box_w, top + box_h)
