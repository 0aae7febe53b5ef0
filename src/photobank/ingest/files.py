"""Image and video files on disk: found under folders, read, checked and measured, or refused.

Reading runs in worker processes, so it returns plain values and never
raises: whatever is wrong with one file (unreadable, empty, not an image or
video, a format photobank does not take, a name that says another format,
truncated pixels or frames, broken metadata) becomes a :class:`Failed` with
one line of reason. Images are read whole; videos are hashed and probed from
disk (:mod:`photobank.ingest.videos`), so their size does not weigh in memory.
Either is copied into the media store from its file by the writer: a file
changed in between is stored as changed, and the next run, finding another
hash, takes it again.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, IptcImagePlugin, UnidentifiedImageError
from PIL import ImageFile as PillowFile

from photobank.catalog.model import VideoDetails
from photobank.ingest.metadata import Embedded, MetadataError, read_embedded
from photobank.ingest.pixels import Pixels, pixels_of
from photobank.ingest.videos import CONTAINERS, FootageError, probe
from photobank.ingest.videos import TAKEN as VIDEOS_TAKEN

# Pillow's format names and the file name extensions that say them.
FORMATS = {
    "JPEG": (".jpg", ".jpeg", ".jpe"),
    "PNG": (".png",),
    "TIFF": (".tif", ".tiff"),
    "WEBP": (".webp",),
    "AVIF": (".avif",),
    "HEIF": (".heic", ".heif"),
}
_EXTENSIONS = {ext: fmt for fmt, exts in FORMATS.items() for ext in exts}
_VIDEOS = {ext: name for name, exts in CONTAINERS.items() for ext in exts}
_TAKEN = "JPEG, PNG, TIFF, WebP, AVIF or HEIC"
_EVERY = f"{_TAKEN} images, {VIDEOS_TAKEN} videos"


MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImageFile:
    """An image as read and measured; the writer copies its bytes from disk (within
    the kernel), so a worker hands back its measures alone."""

    path: str
    size: int
    content_hash: str
    modified: float  # seconds since the epoch
    pixels: Pixels
    embedded: Embedded

    @property
    def original(self) -> Path:
        return Path(self.path)


@dataclass(frozen=True, slots=True)
class VideoFile:
    """A video as probed; its bytes stay on disk until the writer copies them."""

    path: str
    size: int
    content_hash: str
    modified: float  # seconds since the epoch
    pixels: Pixels  # of its poster frame
    embedded: Embedded
    video: VideoDetails

    @property
    def original(self) -> Path:
        return Path(self.path)


Read = ImageFile | VideoFile  # a file read, to become an asset


@dataclass(frozen=True, slots=True)
class Unchanged:
    path: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class Failed:
    path: str
    reason: str


def find_files(paths: list[Path]) -> tuple[list[str], list[Failed]]:
    """Every file under ``paths`` (absolute, sorted; hidden ones left out), and the
    paths that are neither files nor folders. Folder symlinks are not followed,
    so a symlink loop cannot trap the walk."""
    found: set[str] = set()
    failed = []
    for given in paths:
        path = Path(os.path.abspath(given.expanduser()))
        if path.is_file():
            found.add(str(path))
        elif path.is_dir():
            for folder, folders, names in os.walk(path):
                folders[:] = [f for f in folders if not f.startswith(".")]
                found.update(os.path.join(folder, n) for n in names if not n.startswith("."))
        else:
            failed.append(Failed(str(given), "no such file or folder"))
    return sorted(found), failed


def too_large(limit: int) -> str:
    """Why a file over ``limit`` bytes is refused."""
    return f"larger than the {limit // MB} MB a file may be (PHOTOBANK_INGEST_MAX_FILE_SIZE)"


def read_file(path: str, known_hash: str | None, limit: int) -> Read | Unchanged | Failed:
    """The image or video at ``path`` read and measured; :class:`Unchanged` when its
    content hash is ``known_hash`` (nothing else is done then); refused over ``limit``
    bytes before it is read."""
    try:
        if os.stat(path).st_size > limit:
            return Failed(path, too_large(limit))
    except OSError as exc:
        return Failed(path, f"cannot be read: {exc.strerror or exc}")
    suffix = Path(path).suffix.lower()
    if suffix in _VIDEOS:
        return read_video(path, known_hash)
    if suffix not in _EXTENSIONS:
        return Failed(path, f"not a supported file type (photobank takes {_EVERY})")
    return read_image(path, known_hash)


def read_video(path: str, known_hash: str | None) -> VideoFile | Unchanged | Failed:
    """Like :func:`read_file`, for a video (its name says which container)."""
    try:
        with open(path, "rb") as file:
            content_hash = hashlib.file_digest(file, "sha256").hexdigest()
            stat = os.fstat(file.fileno())
    except OSError as exc:
        return Failed(path, f"cannot be read: {exc.strerror or exc}")
    if not stat.st_size:
        return Failed(path, "empty file")
    if content_hash == known_hash:
        return Unchanged(path, content_hash)
    try:
        found = probe(path, _VIDEOS[Path(path).suffix.lower()])
    except FootageError as exc:
        return Failed(path, str(exc))
    except OSError as exc:
        return Failed(path, f"cannot be read: {exc.strerror or exc}")
    return VideoFile(
        path, stat.st_size, content_hash, stat.st_mtime, found.pixels, found.embedded, found.video
    )


def read_image(path: str, known_hash: str | None) -> ImageFile | Unchanged | Failed:
    """Like :func:`read_file`, for an image."""
    fmt = _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        return Failed(path, f"not a supported image type (photobank takes {_TAKEN})")
    try:
        data = Path(path).read_bytes()
        modified = os.stat(path).st_mtime
    except OSError as exc:
        return Failed(path, f"cannot be read: {exc.strerror or exc}")
    if not data:
        return Failed(path, "empty file")
    content_hash = hashlib.sha256(data).hexdigest()
    if content_hash == known_hash:
        return Unchanged(path, content_hash)
    try:
        return _measured(path, data, content_hash, modified, fmt)
    except MetadataError as exc:
        return Failed(path, f"unreadable metadata: {exc}")
    except UnidentifiedImageError:
        return Failed(path, f"not an image (photobank takes {_TAKEN})")
    except Image.DecompressionBombError:
        return Failed(path, "too many pixels (over Pillow's decompression-bomb limit)")
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        return Failed(path, f"corrupt or truncated image: {exc}")


def _measured(
    path: str, data: bytes, content_hash: str, modified: float, named: str
) -> ImageFile | Failed:
    with Image.open(io.BytesIO(data)) as image:
        actual = image.format or "unknown"
        if actual in ("JPEG", "TIFF"):
            _check_iptc(image)
    if actual not in FORMATS:
        return Failed(path, f"{actual} images are not supported (photobank takes {_TAKEN})")
    if actual != named:
        return Failed(path, f"holds a {actual} image but is named as {named}")
    pixels, embedded = pixels_of(data), read_embedded(data)
    return ImageFile(path, len(data), content_hash, modified, pixels, embedded)


def _check_iptc(image: PillowFile.ImageFile) -> None:
    """Refuse a malformed IPTC block: exiv2 drops one without a word, and a file whose
    caption and credit silently vanish is worse than a file refused."""
    try:
        IptcImagePlugin.getiptcinfo(image)
    except (OSError, SyntaxError) as exc:
        raise MetadataError(f"broken IPTC block ({exc})") from None
