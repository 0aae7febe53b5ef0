"""Video files (MP4, MOV, WebM) probed with PyAV: a video asset's facts, or why not.

A video is read from disk as it is probed, never whole into memory. Every
frame of its video stream is demuxed and decoded, one at a time (about 1.5 ms
of one core for a 1080p frame): that counts its frames and finds where they
end, so a truncated file (fewer frames than its index lists, or frames ending
before its stated length) is refused, and so is a file damaged anywhere in
the middle whose frames no longer decode, with the time of the first one
that does not. Damage a demuxer steps over (a Matroska cluster lost) leaves
the frames that could be read, and those are what the asset states. The
poster frame (:func:`photobank.media.footage.poster`, the frame thumbnails
show) is measured as an image's pixels are.

Embedded metadata comes from the container's tags (QuickTime's
``com.apple.quicktime.*`` keys included) and from XMP, which MP4 and MOV keep
in a top-level ``uuid`` box or in ``moov/udta/XMP_`` (:mod:`.movies`). That packet alone is
handed to pyexiv2: given the whole file, pyexiv2 was measured to load all of
it (221 MB resident for a 200 MB MP4) and to refuse ("corrupted image
metadata") an XMP box after ``moov``, where writers append it. XMP wins
where both say something, as it does over IPTC and EXIF for images.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import av
from av.container import InputContainer
from av.video.stream import VideoStream

from photobank.catalog.model import VideoDetails
from photobank.catalog.video import nearest_format, nearest_rate, nearest_ratio, rate_fraction
from photobank.ingest.metadata import Embedded, MetadataError, first_date, read_embedded
from photobank.ingest.movies import xmp_of
from photobank.ingest.pixels import Pixels, pixels_of_picture
from photobank.media.footage import poster, span

# Container names and the file name extensions that say them.
CONTAINERS = {"MP4": (".mp4",), "MOV": (".mov",), "WebM": (".webm",)}
TAKEN = "MP4, MOV or WebM"
_LABELS = {"MP4": "MP4", "MOV": "QuickTime", "WebM": "WebM"}  # in ``mastered_to``
_FILE_TYPES = {"MP4": "video/mp4", "MOV": "video/quicktime", "WebM": "video/webm"}
_CODECS = {"h264": "H.264", "hevc": "H.265", "prores": "ProRes", "mpeg4": "MPEG-4"}
_ISO6709 = re.compile(r"([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)")


class FootageError(ValueError):
    """Why a video file cannot become an asset, in one line."""


@dataclass(frozen=True, slots=True)
class Footage:
    video: VideoDetails
    pixels: Pixels  # of the poster frame; its width and height are the clip's, as shown
    embedded: Embedded


def probe(path: str, named: str) -> Footage:
    """The video at ``path``, named as container ``named`` (a :data:`CONTAINERS` key);
    :class:`FootageError` when it cannot become an asset."""
    try:
        container = av.open(path, "r")
    except av.FFmpegError:
        why = f"corrupt, truncated or not a video; photobank takes {TAKEN}"
        raise FootageError(f"cannot be read as a video ({why})") from None
    try:
        with container:
            return _probed(path, container, named)
    except av.FFmpegError as exc:
        raise FootageError(f"corrupt or truncated video: {_reason(exc)}") from None
    except (EOFError, IndexError) as exc:
        raise FootageError(f"corrupt or truncated video: {exc}") from None


def _probed(path: str, container: InputContainer, named: str) -> Footage:
    with open(path, "rb") as file:
        head = file.read(64)
    actual = _container_of(container, head)
    if actual is None:
        raise FootageError(f"not a video (photobank takes {TAKEN})")
    if actual != named:
        raise FootageError(f"holds a {actual} video but is named as {named}")
    if not container.streams.video:  # a stream with no frames is not listed at all
        raise FootageError("has no video stream" if container.streams else "holds no frames")
    stream = container.streams.video[0]
    rate = stream.average_rate or stream.guessed_rate
    if not rate:
        raise FootageError("states no frame rate")
    frames = _read_through(container, stream, rate)
    picture = poster(container)
    embedded = _embedded(path, container, actual)
    frame_rate = nearest_rate(float(rate))
    width, height = picture.size
    video = VideoDetails(
        frames=max(1, round(frames / rate * rate_fraction(frame_rate))),
        frame_rate=frame_rate,
        aspect_ratio=nearest_ratio(width, height),
        format=nearest_format(width, height),
        mastered_to=f"{_LABELS[actual]} {_bit_depth(stream)}-bit {_codec(stream)}",
        originally_shot_on=f"{embedded.camera_make} {embedded.camera_model}".strip(),
        file_type=_FILE_TYPES[actual],
        codec=_codec(stream),
        bit_depth=_bit_depth(stream),
    )
    return Footage(video, pixels_of_picture(picture), embedded)


def _container_of(container: InputContainer, head: bytes) -> str | None:
    """MP4, MOV, WebM, another Matroska, or None (not a container photobank knows)."""
    names = container.format.name.split(",")
    if "mp4" in names:
        brand = container.metadata.get("major_brand", "").strip()
        return "MOV" if brand in ("", "qt") else "MP4"
    if "matroska" in names:
        return "WebM" if b"\x42\x82\x84webm" in head else "Matroska"
    return None


def _read_through(container: InputContainer, stream: VideoStream, rate: Fraction) -> int:
    """Frames in the file, each decoded; refused when truncated or when one does not decode
    (a file cut short is said to be truncated, though its last frame is broken too)."""
    count, end, decoded, broken = 0, 0.0, 0, ""
    base = stream.time_base or Fraction(1, av.time_base)
    for packet in container.demux(stream):
        if not broken:
            at = float(packet.pts * base) if packet.pts is not None else end
            broken, frames = _decoded(container, stream, packet, at)
            decoded += frames
        if not packet.size:
            continue
        count += 1
        if packet.pts is not None:
            end = max(end, float((packet.pts + (packet.duration or 0)) * base))
    if not count:
        raise FootageError("holds no video frames")
    if stream.frames and count < stream.frames:
        raise FootageError(f"truncated: {count} of its {stream.frames} frames are in the file")
    start, length, own = span(container, stream)
    slack = 3 / float(rate) if own else 1.0  # a whole file's length may be its sound's
    if length and end < start + length - slack:
        raise FootageError(f"truncated: its frames end at {end - start:.2f} s of {length:.2f} s")
    if broken or not decoded:
        raise FootageError(broken or "corrupt: none of its frames decode")
    return count


def _decoded(
    container: InputContainer, stream: VideoStream, packet: av.Packet[VideoStream], at: float
) -> tuple[str, int]:
    """Why ``packet`` (at ``at`` seconds) does not decode, or "", and how many frames it gave."""
    try:
        frames = packet.decode()  # the empty packet at the end drains the decoder
    except av.FFmpegError as exc:
        return _damaged(container, stream, at, _reason(exc)), 0
    if any(frame.is_corrupt for frame in frames):
        return _damaged(container, stream, at, "a damaged frame"), 0
    return "", len(frames)


def _damaged(container: InputContainer, stream: VideoStream, at: float, why: str) -> str:
    start = span(container, stream)[0]
    return f"corrupt: its frames stop decoding at {max(0.0, at - start):.2f} s ({why})"


def _embedded(path: str, container: InputContainer, actual: str) -> Embedded:
    tags = {name.lower(): " ".join(value.split()) for name, value in container.metadata.items()}
    found = _from_tags(tags)
    packet = None
    if actual in ("MP4", "MOV"):
        with open(path, "rb") as file:
            packet = xmp_of(file)
    if packet is None:
        return found
    try:
        xmp = read_embedded(packet)
    except MetadataError as exc:
        raise FootageError(f"unreadable metadata: {exc}") from None
    said: dict[str, Any] = {
        f.name: value
        for f in dataclasses.fields(xmp)
        if (value := getattr(xmp, f.name)) not in ("", (), None)
    }
    return dataclasses.replace(found, **said)


def _from_tags(tags: dict[str, str]) -> Embedded:
    def tag(*names: str) -> str:
        return next((tags[n] for n in names if tags.get(n)), "")

    apple = "com.apple.quicktime."
    words = re.split(r"[,;]", tag("keywords", apple + "keywords"))
    place = _ISO6709.match(tag(apple + "location.iso6709", "location", "location-eng"))
    return Embedded(
        object_name=tag("title", apple + "title"),
        caption=tag("description", "comment", "synopsis", apple + "description"),
        keywords=tuple(dict.fromkeys(w.strip() for w in words if w.strip())),
        creator=tag("artist", "author", apple + "author", apple + "artist"),
        copyright=tag("copyright", apple + "copyright"),
        date_created=first_date(tag(apple + "creationdate"), tag("creation_time")),
        camera_make=tag(apple + "make", "make"),
        camera_model=tag(apple + "model", "model"),
        latitude=float(place.group(1)) if place else None,
        longitude=float(place.group(2)) if place else None,
    )


def _bit_depth(stream: VideoStream) -> int:
    found = re.search(r"p(\d+)", stream.codec_context.pix_fmt or "")
    return int(found.group(1)) if found else 8


def _codec(stream: VideoStream) -> str:
    name = stream.codec_context.name
    return _CODECS.get(name, name.upper())


def _reason(exc: av.FFmpegError) -> str:
    """FFmpeg's message without the file name it repeats."""
    return str(exc.strerror or exc).strip() or type(exc).__name__
