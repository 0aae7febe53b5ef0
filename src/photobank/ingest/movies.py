"""XMP in MP4 and MOV files (ISO base media boxes): read on ingest, written into licensed copies.

Readers find a movie's XMP in a top-level ``uuid`` box (the XMP specification's
place for MP4) or in QuickTime's ``moov/udta/XMP_``. A licensed copy is stamped
without re-encoding or remuxing, and without holding the file: each XMP box the
stored file has is renamed ``free`` (four bytes in place; readers skip a free
box whole) and a new ``uuid`` XMP box is appended after the last box. Appending
moves no byte, so the sample offsets in ``moov`` stay true, whether ``moov``
lies before or after the media data. What is sent is the stored file read as
it goes, with those few bytes swapped and the new box after it.
"""

from __future__ import annotations

import struct
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from photobank.ingest.metadata import MetadataError

XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")
_XMP_LIMIT = 4 * 1024 * 1024  # bytes of XMP read, at most
_FREE = b"free"


@dataclass(frozen=True, slots=True)
class StampedMovie:
    """The stored file with ``patches`` (offset, four bytes) applied, then ``tail``."""

    patches: tuple[tuple[int, bytes], ...]
    tail: bytes


def xmp_of(file: BinaryIO) -> bytes | None:
    """The XMP packet the movie ``file`` holds, if any, and if no larger than
    :data:`_XMP_LIMIT` (the first found, in file order)."""
    where = next(_xmp_boxes(file, file.seek(0, 2)), None)
    if where is None:
        return None
    _, payload, end = where
    if end - payload > _XMP_LIMIT:
        return None
    return read_at(file, payload, end - payload)


def stamp_movie(file: BinaryIO, size: int, packet: bytes) -> StampedMovie:
    """How to send the movie ``file`` (``size`` bytes) carrying the XMP ``packet`` alone;
    :class:`MetadataError` when its boxes are not well formed."""
    patches = [(at + 4, _FREE) for at, _, _ in _xmp_boxes(file, size)]
    last = deque(boxes(file, 0, size), maxlen=1)
    if not last or last[0][3] != size:
        raise MetadataError("its boxes do not end where the file ends")
    at = last[0][1]
    if read_at(file, at, 4) == b"\0\0\0\0":  # "to the end of the file": say its size
        if size - at > 0xFFFFFFFF:
            raise MetadataError("its last box runs to the end of the file")
        patches.append((at, struct.pack(">I", size - at)))
    body = XMP_UUID + packet
    tail = struct.pack(">I4s", 8 + len(body), b"uuid") + body
    return StampedMovie(tuple(sorted(patches)), tail)


def boxes(file: BinaryIO, start: int, end: int) -> Iterator[tuple[bytes, int, int, int]]:
    """The ISO base media boxes between ``start`` and ``end``: (type, box start, payload
    start, box end); stops at the first malformed one."""
    at = start
    while at + 8 <= end:
        header = read_at(file, at, 16)
        size, kind = struct.unpack(">I4s", header[:8])
        payload = at + 8
        if size == 1 and len(header) == 16:
            size, payload = struct.unpack(">Q", header[8:])[0], at + 16
        elif size == 0:
            size = end - at
        if size < payload - at or at + size > end:
            return
        yield kind, at, payload, at + size
        at += size


def read_at(file: BinaryIO, at: int, size: int) -> bytes:
    file.seek(at)
    return file.read(size)


def _xmp_boxes(file: BinaryIO, size: int) -> Iterator[tuple[int, int, int]]:
    """Every XMP box of the movie (``size`` bytes): (box start, XMP start, box end)."""
    for kind, at, payload, end in boxes(file, 0, size):
        if kind == b"uuid" and read_at(file, payload, 16) == XMP_UUID:
            yield at, payload + 16, end
        elif kind == b"moov":
            udta = next((b for b in boxes(file, payload, end) if b[0] == b"udta"), None)
            for leaf, leaf_at, leaf_payload, leaf_end in boxes(file, *udta[2:]) if udta else ():
                if leaf == b"XMP_":
                    yield leaf_at, leaf_payload, leaf_end
