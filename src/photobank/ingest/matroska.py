"""Matroska tags in WebM files: the licence written into licensed copies, frames untouched.

A WebM (Matroska) file is an EBML header and a Segment of top-level elements:
a SeekHead (where the others lie), Info, Tracks, Tags, the Clusters (the
frames) and, usually after them, the Cues (the index). Readers such as FFmpeg
read what comes before the first Cluster and find the rest through the
SeekHead, so the licence's tags go before the first Cluster. A copy's head,
everything before that Cluster (a few KB), is written anew: a SeekHead, the
elements kept as stored (the Info with the licence's title), the Cues, then
the Tags. The Clusters follow as stored. The positions the SeekHead and Cues
give are rewritten for the Clusters' new place; Tags, Cues and SeekHeads
stored after the Clusters become Void elements (their header rewritten in
place, at the same length), so no byte after the head moves. Tags aimed at a
track, chapter or attachment are kept; the file's own global tags give way to
the licence's, as a movie's own XMP does. Nothing is re-encoded or remuxed,
and nothing but the head is held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from photobank.ingest.embedding import Tags
from photobank.ingest.metadata import MetadataError
from photobank.ingest.movies import read_at

_EBML, _SEGMENT, _CLUSTER = 0x1A45DFA3, 0x18538067, 0x1F43B675
_SEEK_HEAD, _SEEK, _SEEK_ID, _SEEK_POSITION = 0x114D9B74, 0x4DBB, 0x53AB, 0x53AC
_TAGS, _TAG, _TARGETS, _SIMPLE_TAG, _TAG_NAME, _TAG_STRING = (
    0x1254C367,
    0x7373,
    0x63C0,
    0x67C8,
    0x45A3,
    0x4487,
)
_CUES, _VOID, _CRC32 = 0x1C53BB6B, 0xEC, 0xBF
_INFO, _TITLE = 0x1549A966, 0x7BA9
_RETITLED = frozenset({_TITLE, _CRC32})  # left out of the Info a title is written in
_TARGET_UIDS = frozenset({0x63C5, 0x63C9, 0x63C4, 0x63C6})  # track, edition, chapter, attachment
_CUE_MASTERS = frozenset({0xBB, 0xB7, 0xDB})  # CuePoint, CueTrackPositions, CueReference
_CUE_POSITIONS = frozenset({0xF1, 0xEA})  # CueClusterPosition, CueCodecState
_REWRITTEN = frozenset({_SEEK_HEAD, _TAGS, _CUES, _VOID})  # not kept as stored
_READ_LIMIT = 4 * 1024 * 1024  # bytes of one SeekHead, Tags or Cues read, at most
_HEAD_ELEMENTS = 256  # top-level elements before the first Cluster, at most
_UNKNOWN_SIZE = b"\x01\xff\xff\xff\xff\xff\xff\xff"
# Matroska's tag names for the licence's fields (its XMP keys).
_NAMES = (
    ("TITLE", "Xmp.dc.title"),
    ("DESCRIPTION", "Xmp.dc.description"),
    ("ARTIST", "Xmp.dc.creator"),
    ("COPYRIGHT", "Xmp.dc.rights"),
    ("CATALOG_NUMBER", "Xmp.dc.identifier"),
    ("LICENSE", "Xmp.xmpRights.UsageTerms"),
    ("PURCHASE_OWNER", "Xmp.plus.Licensee[1]/plus:LicenseeName"),
    ("DATE_PURCHASED", "Xmp.plus.LicenseTransactionDate"),
    ("URL", "Xmp.xmpRights.WebStatement"),
)

Piece = bytes | tuple[int, int]  # new bytes, or a (start, end) range of the stored file


@dataclass(frozen=True, slots=True)
class StampedMatroska:
    """Send ``head``, then the stored file from ``skip`` on with ``patches``
    (offset, bytes written over as many) applied."""

    head: tuple[Piece, ...]
    skip: int
    patches: tuple[tuple[int, bytes], ...]


@dataclass(frozen=True, slots=True)
class _Element:
    id: int
    start: int  # where its ID begins, in the file
    data: int  # where its content begins
    end: int | None  # None: of unknown size (runs to its parent's end)


def matroska_tags(tags: Tags) -> list[tuple[str, str]]:
    """The licence's fields (what :func:`~photobank.ingest.embedding.licence_tags`
    writes as XMP) as Matroska SimpleTags: name and text."""
    found = [(name, _text(tags.xmp.get(key))) for name, key in _NAMES]
    return [
        (name, value.replace("T", " ").rstrip("Z") if name == "DATE_PURCHASED" else value)
        for name, value in found
        if value
    ]


def stamp_matroska(file: BinaryIO, size: int, tags: Sequence[tuple[str, str]]) -> StampedMatroska:
    """How to send the Matroska ``file`` (``size`` bytes) carrying ``tags`` as its global
    tags; :class:`MetadataError` when its elements are not well formed."""
    ebml = _header(file, 0, size)
    if ebml.id != _EBML or ebml.end is None:
        raise MetadataError("not a Matroska file")
    segment = _header(file, ebml.end, size)
    if segment.id != _SEGMENT:
        raise MetadataError("no Segment follows its EBML header")
    end = size if segment.end is None else segment.end
    head, cluster = _head_elements(file, segment.data, end)
    tail, elsewhere = _sought(file, segment.data, cluster, end, head)
    stored = [e for e in (*head, *tail) if e.id in (_TAGS, _CUES)]
    tags_element = _tags(tags, [_payload(file, e) for e in stored if e.id == _TAGS])
    cues = [_payload(file, e) for e in stored if e.id == _CUES]
    title = dict(tags).get("TITLE")
    kept = {e: _kept(file, e, title) for e in head if e.id not in _REWRITTEN}
    copy = _Copy(segment.data, cluster, kept, [i for i, _ in elsewhere], cues, tags_element)
    entries = [(e.id, copy.kept_at[e.start]) for e in kept]
    entries += [(i, copy.moved(position)) for i, position in elsewhere]
    entries += [(_CUES, copy.cues_at)] if cues else []
    entries.append((_TAGS, copy.tags_at))
    content = _UNKNOWN_SIZE if segment.end is None else _size(end - segment.data + copy.shift, 8)
    head_pieces: list[Piece] = [
        (0, segment.start),
        _SEGMENT.to_bytes(4, "big") + content + _seek_head(entries),
        *kept.values(),
    ]
    if cues:
        head_pieces.append(_cues(cues, copy.moved))
    head_pieces.append(tags_element)
    return StampedMatroska(tuple(head_pieces), cluster, tuple(map(_voided, tail)))


class _Copy:
    """Where the copy's top-level elements lie, counted from its Segment's content (as
    positions are): the SeekHead, the elements kept, the Cues, the Tags, the Clusters."""

    def __init__(
        self,
        content: int,
        cluster: int,
        kept: dict[_Element, Piece],
        elsewhere: list[int],
        cues: list[bytes],
        tags: bytes,
    ) -> None:
        ids = [e.id for e in kept] + elsewhere + [_CUES] * bool(cues) + [_TAGS]
        at = len(_seek_head([(i, 0) for i in ids]))  # its positions all take 8 bytes
        self.kept_at: dict[int, int] = {}
        for element, piece in kept.items():
            self.kept_at[element.start] = at
            at += len(piece) if isinstance(piece, bytes) else piece[1] - piece[0]
        self.cues_at = at
        self.tags_at = at + (len(_cues(cues, lambda _: 0)) if cues else 0)
        self.shift = self.tags_at + len(tags) - (cluster - content)  # the Clusters move so
        self._content, self._cluster = content, cluster

    def moved(self, position: int) -> int:
        """Where the element the stored file has at ``position`` lies in the copy."""
        where = self._content + position
        if where >= self._cluster:
            return position + self.shift
        if where not in self.kept_at:
            raise MetadataError("its SeekHead or Cues point at no element")
        return self.kept_at[where]


# -- reading ----------------------------------------------------------------


def _header(file: BinaryIO, at: int, end: int) -> _Element:
    """The element whose ID begins at ``at``, within a parent ending at ``end``."""
    raw = read_at(file, at, 12)
    element_id, id_width = _id(raw)
    size, size_width = _number(raw, id_width)
    data = at + id_width + size_width
    stop = None if size == (1 << 7 * size_width) - 1 else data + size
    if (stop is not None and stop > end) or data > end:
        raise MetadataError("an element runs past the end of what holds it")
    return _Element(element_id, at, data, stop)


def _id(raw: bytes) -> tuple[int, int]:
    width = 9 - raw[0].bit_length() if raw else 9
    if width > 4 or len(raw) < width:
        raise MetadataError("an element ID is malformed or cut short")
    return int.from_bytes(raw[:width], "big"), width


def _number(raw: bytes, at: int) -> tuple[int, int]:
    """An EBML variable-length number at ``at`` of ``raw``: its value and width."""
    first = raw[at] if at < len(raw) else 0
    width = 9 - first.bit_length()
    if width > 8 or at + width > len(raw):
        raise MetadataError("an element size is malformed or cut short")
    value = first & (0xFF >> width)
    for byte in raw[at + 1 : at + width]:
        value = value << 8 | byte
    return value, width


def _head_elements(file: BinaryIO, start: int, end: int) -> tuple[list[_Element], int]:
    """The Segment's elements before its first Cluster, and where that Cluster begins."""
    found: list[_Element] = []
    at = start
    while at < end and len(found) < _HEAD_ELEMENTS:
        element = _header(file, at, end)
        if element.id == _CLUSTER:
            return found, at
        if element.end is None:
            raise MetadataError("an element before the first Cluster has no size")
        found.append(element)
        at = element.end
    raise MetadataError("no Cluster among its first elements")


def _sought(
    file: BinaryIO, content: int, cluster: int, end: int, head: list[_Element]
) -> tuple[list[_Element], list[tuple[int, int]]]:
    """The SeekHeads, Tags and Cues the SeekHeads place after the first Cluster, and
    their other entries there (ID, position)."""
    tail: dict[int, _Element] = {}
    elsewhere: dict[tuple[int, int], None] = {}
    pending = [e for e in head if e.id == _SEEK_HEAD]
    while pending:
        for sought, position in _seek_entries(_payload(file, pending.pop())):
            at = content + position
            if at < cluster or at >= end or at in tail or sought == _CLUSTER:
                continue
            if sought not in (_SEEK_HEAD, _TAGS, _CUES):
                elsewhere[sought, position] = None
                continue
            element = _header(file, at, end)
            if element.id == sought and element.end is not None:  # else a stale entry
                tail[at] = element
                pending += [element] if sought == _SEEK_HEAD else []
    return sorted(tail.values(), key=lambda e: e.start), list(elsewhere)


def _payload(file: BinaryIO, element: _Element) -> bytes:
    length = _end(element) - element.data
    if length > _READ_LIMIT:
        raise MetadataError(f"an element of {length} bytes where at most {_READ_LIMIT} are read")
    return read_at(file, element.data, length)


def _children(payload: bytes) -> Iterator[tuple[int, bytes, bytes]]:
    """The elements within ``payload``: ID, the whole element, its content."""
    at = 0
    while at < len(payload):
        element_id, id_width = _id(payload[at : at + 4])
        size, size_width = _number(payload, at + id_width)
        data = at + id_width + size_width
        if data + size > len(payload):
            raise MetadataError("an element runs past the end of what holds it")
        yield element_id, payload[at : data + size], payload[data : data + size]
        at = data + size


def _kept(file: BinaryIO, element: _Element, title: str | None) -> Piece:
    """An element before the first Cluster as the copy has it: as stored, but for the
    Info's title, which is the licence's (readers show it before the tags)."""
    if element.id != _INFO or title is None:
        return element.start, _end(element)
    fields = [whole for i, whole, _ in _children(_payload(file, element)) if i not in _RETITLED]
    return _element(_INFO, b"".join(fields) + _element(_TITLE, title.encode()))


def _seek_entries(payload: bytes) -> Iterator[tuple[int, int]]:
    for element_id, _, seek in _children(payload):
        if element_id != _SEEK:
            continue
        fields = {i: content for i, _, content in _children(seek)}
        if _SEEK_ID in fields and _SEEK_POSITION in fields:
            yield (
                int.from_bytes(fields[_SEEK_ID], "big"),
                int.from_bytes(fields[_SEEK_POSITION], "big"),
            )


def _end(element: _Element) -> int:
    if element.end is None:
        raise MetadataError("an element of unknown size where one of known size is needed")
    return element.end


# -- writing ----------------------------------------------------------------


def _size(value: int, width: int = 0) -> bytes:
    """``value`` as an EBML element size, ``width`` bytes long (0: as few as hold it)."""
    width = width or next(w for w in range(1, 9) if value < (1 << 7 * w) - 1)
    if value >= (1 << 7 * width) - 1:
        raise MetadataError(f"a size of {value} does not fit in {width} bytes")
    return (value | 1 << 7 * width).to_bytes(width, "big")


def _id_bytes(element_id: int) -> bytes:
    return element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")


def _element(element_id: int, content: bytes) -> bytes:
    return _id_bytes(element_id) + _size(len(content)) + content


def _seek_head(entries: list[tuple[int, int]]) -> bytes:
    """A SeekHead listing ``entries`` (ID, position), each position in 8 bytes."""
    seeks = (
        _element(
            _SEEK,
            _element(_SEEK_ID, _id_bytes(i)) + _element(_SEEK_POSITION, at.to_bytes(8, "big")),
        )
        for i, at in entries
    )
    return _element(_SEEK_HEAD, b"".join(seeks))


def _cues(stored: list[bytes], moved: Callable[[int], int]) -> bytes:
    """One Cues element of every stored one's cue points, their positions ``moved``
    (each in 8 bytes, so its length does not hang on where the Clusters are)."""
    return _element(_CUES, b"".join(_moved_cues(payload, moved) for payload in stored))


def _moved_cues(payload: bytes, moved: Callable[[int], int]) -> bytes:
    found = []
    for element_id, whole, content in _children(payload):
        if element_id in _CUE_MASTERS:
            found.append(_element(element_id, _moved_cues(content, moved)))
        elif element_id in _CUE_POSITIONS:
            position = int.from_bytes(content, "big")  # a codec state at 0 is none
            at = moved(position) if position or element_id != 0xEA else 0
            found.append(_element(element_id, at.to_bytes(8, "big")))
        elif element_id != _CRC32:  # a checksum of what changed would be wrong
            found.append(whole)
    return b"".join(found)


def _tags(tags: Sequence[tuple[str, str]], stored: list[bytes]) -> bytes:
    """A Tags element: ``tags`` as global tags, then the stored Tags' targeted ones."""
    simple = b"".join(
        _element(
            _SIMPLE_TAG, _element(_TAG_NAME, name.encode()) + _element(_TAG_STRING, value.encode())
        )
        for name, value in tags
    )
    found = [_element(_TAG, _element(_TARGETS, b"") + simple)] if simple else []
    for payload in stored:
        for element_id, whole, content in _children(payload):
            if element_id == _TAG and _targeted(content):
                found.append(whole)
    return _element(_TAGS, b"".join(found))


def _targeted(tag: bytes) -> bool:
    """Whether a Tag's Targets name a track, edition, chapter or attachment."""
    return any(
        i == _TARGETS and any(t in _TARGET_UIDS for t, _, _ in _children(content))
        for i, _, content in _children(tag)
    )


def _voided(element: _Element) -> tuple[int, bytes]:
    """A patch over ``element``'s header making it a Void element of the same length."""
    header = element.data - element.start
    width = min(8, header - 1)
    return element.start, bytes([_VOID]) + _size(_end(element) - element.start - 1 - width, width)


def _text(value: Any) -> str:
    """One text of an XMP value: a language alternative's default, a list's first."""
    if isinstance(value, dict):
        value = value.get('lang="x-default"') or next(iter(value.values()), "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "")
