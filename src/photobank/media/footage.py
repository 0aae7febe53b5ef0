"""Footage: a video file kept as an asset's original, read with PyAV.

An ingested video's original is the operator's file as it came (MP4, MOV or
WebM); a demo video's original is the JPEG poster its clips are drawn from
(see :mod:`~photobank.media.clips`). Footage's display sizes are its poster
frame, its preview clip and smaller download sizes are transcoded from it,
and the download in its own format is the file itself. The poster frame is
chosen from the file alone, so ingest measures the very frame thumbnails show.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import IO, BinaryIO

import av
from av.container import InputContainer
from av.video.frame import VideoFrame
from av.video.stream import VideoStream
from PIL import Image

from photobank.media.clips import encode_pictures
from photobank.media.imaging import jpeg_of
from photobank.media.urls import fit

POSTER_AT = Fraction(1, 10)  # the poster frame is the first shown this far into the clip
_EBML = b"\x1a\x45\xdf\xa3"  # a Matroska / WebM file begins so
_TURNS = {  # a frame's rotation (counter-clockwise degrees) as a transpose
    90: Image.Transpose.ROTATE_90,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_270,
}
_EPSILON = 1e-6  # seconds: timestamps are compared as floats


def is_footage(head: bytes) -> bool:
    """Whether a video asset's original beginning with ``head`` is footage: a drawn
    poster is always a JPEG."""
    return not head.startswith(b"\xff\xd8")


def footage_type(head: bytes) -> str:
    """The media type of footage beginning with ``head`` (16 bytes or more)."""
    if head.startswith(_EBML):
        return "video/webm"
    if head[4:8] != b"ftyp" or head[8:12] == b"qt  ":
        return "video/quicktime"
    return "video/mp4"


def display_size(stream: VideoStream, rotation: int) -> tuple[int, int]:
    """Width and height as shown: non-square pixels widened, a quarter turn applied."""
    width, height = stream.codec_context.width, stream.codec_context.height
    aspect = stream.sample_aspect_ratio
    if aspect and aspect != 1:
        width = max(2, round(width * aspect))
    return (height, width) if rotation % 180 == 90 else (width, height)


def poster(container: InputContainer) -> Image.Image:
    """The poster frame (RGB, upright, at :func:`display_size`); PyAV's errors pass,
    :class:`EOFError` when no frame decodes."""
    stream = container.streams.video[0]
    start, length, _ = span(container, stream)
    at = start + length * float(POSTER_AT)
    container.seek(int(at / _base(stream)), stream=stream)
    chosen = None
    for frame in container.decode(stream):
        chosen = frame
        if frame.time is None or frame.time >= at - _EPSILON:
            break
    if chosen is None:
        raise EOFError("no frame can be decoded")
    return picture(chosen, display_size(stream, chosen.rotation))


def poster_jpeg(source: BinaryIO, long_side: int | None, watermark: bool) -> bytes:
    """The poster frame of the footage ``source`` as a JPEG whose long side is at most
    ``long_side`` (None: full size), with the tiled watermark when asked."""
    with av.open(source, "r") as container:
        image = poster(container)
    return jpeg_of(image, fit(*image.size, long_side), watermark)


def picture(frame: VideoFrame, size: tuple[int, int]) -> Image.Image:
    """``frame`` as an RGB picture of ``size`` (as shown: its rotation applied)."""
    turn = _TURNS.get(frame.rotation % 360)
    width, height = (size[1], size[0]) if frame.rotation % 180 == 90 else size
    scaled = frame.reformat(width, height, "rgb24", interpolation="BILINEAR")
    image = Image.fromarray(scaled.to_ndarray())
    return image.transpose(turn) if turn is not None else image


def span(container: InputContainer, stream: VideoStream) -> tuple[float, float, bool]:
    """When the stream starts and how long it lasts, in seconds, as the file's header
    says (0: it does not), and whether that is the stream's own length (not the
    whole file's, which may hold a longer sound track)."""
    start = _start(stream)
    if stream.duration:
        return start, float(stream.duration * _base(stream)), True
    stated = _clock_time(stream.metadata.get("DURATION", ""))  # Matroska writes it per track
    if stated:
        return start, stated, True
    return start, container.duration / av.time_base if container.duration else 0.0, False


def transcode(
    source: BinaryIO,
    out: IO[bytes],
    size: tuple[int, int],
    rate: Fraction,
    frames: int,
    *,
    watermark: bool = False,
) -> None:
    """Write ``source`` to ``out`` as an H.264 MP4 of at most ``frames`` frames of
    ``size`` at ``rate``: at each tick, the frame shown by then."""
    with av.open(source, "r") as container:
        stream = container.streams.video[0]
        ticks = _resampled(container.decode(stream), _start(stream), rate, frames, size)
        encode_pictures(out, ticks, size, rate, watermark=watermark)


def _resampled(
    decoded: Iterator[VideoFrame], start: float, rate: Fraction, count: int, size: tuple[int, int]
) -> Iterator[Image.Image]:
    """``count`` pictures at ``rate`` (fewer if the footage ends sooner); a frame is
    converted once, however many ticks show it."""
    late = 0.5 / float(rate)  # a frame due within half a tick is shown at it
    shown: VideoFrame | None = None
    drawn_from, drawn = None, Image.new("RGB", size)
    upcoming = next(decoded, None)
    for index in range(count):
        tick = start + float(index / rate)
        while upcoming is not None and (shown is None or (upcoming.time or 0.0) <= tick + late):
            shown, upcoming = upcoming, next(decoded, None)
        if shown is None:
            return
        if drawn_from is not shown:
            drawn_from, drawn = shown, picture(shown, size)
        yield drawn.copy()  # the encoder may stamp it


def _base(stream: VideoStream) -> Fraction:
    return stream.time_base or Fraction(1, av.time_base)


def _start(stream: VideoStream) -> float:
    return float(stream.start_time * _base(stream)) if stream.start_time else 0.0


def _clock_time(text: str) -> float:
    """``00:01:02.500000000`` as 62.5 (0 when it is not one)."""
    try:
        hours, minutes, seconds = text.split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    except ValueError:
        return 0.0
