"""Embedded metadata (IPTC-IIM, XMP, EXIF) read with pyexiv2, mapped onto plain fields.

pyexiv2 rather than ExifTool: its wheels bundle exiv2, so there is no Perl
process to keep alive beside each worker, and it reads the three blocks of a
file already in memory. Measured (loaded 2-core box, all three blocks
embedded): 0.33 ms for a small JPEG, 0.4 ms for a 3.8 MB 12 MP one (its head
alone, see :func:`read_embedded`), against 44 ms of CPU to decode that one's
pixels at reduced scale: metadata is not what limits the ingest rate.

Where blocks disagree XMP wins, then IPTC, then EXIF (the order of the
Metadata Working Group's guidance). IPTC text that is not UTF-8 is read as
Latin-1, the encoding older tools wrote.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO

import pycountry
import pyexiv2

pyexiv2.set_log_level(4)  # exiv2's own warnings would go to stderr; errors raise instead

_PLUS = "http://ns.useplus.org/ldf/vocab/"
SOI, _SOS = b"\xff\xd8", 0xDA
EMPTY_SCAN = b"\xff\xda\x00\x02\xff\xd9"  # a scan header with nothing in it, then EOI
MAX_HEAD = 4 * 1024 * 1024  # bytes of JPEG segments before the first scan, at most


@dataclass(frozen=True, slots=True)
class Embedded:
    headline: str = ""
    object_name: str = ""  # dc:title, IPTC Object Name
    caption: str = ""
    keywords: tuple[str, ...] = ()
    creator: str = ""
    creator_title: str = ""
    credit_line: str = ""
    copyright: str = ""
    source: str = ""
    date_created: datetime | None = None
    city: str = ""
    state_province: str = ""
    country: str = ""  # a name; from the country code when only that is given
    sublocation: str = ""
    people: tuple[str, ...] = ()
    event: str = ""  # Iptc4xmpExt:Event, the news event shown
    model_released: bool | None = None  # None: no release status recorded
    property_released: bool | None = None
    instructions: str = ""
    camera_make: str = ""
    camera_model: str = ""
    latitude: float | None = None
    longitude: float | None = None


class MetadataError(ValueError):
    """The file's metadata blocks cannot be read."""


def jpeg_head(source: BinaryIO) -> bytes:
    """The JPEG's bytes before its first scan (SOS), read from ``source``'s start."""
    head = bytearray(source.read(2))
    if head != SOI:
        raise MetadataError("not a JPEG file")
    while True:
        marker = source.read(4)
        if len(marker) < 4 or marker[0] != 0xFF:
            raise MetadataError("a JPEG segment is cut short or malformed")
        if marker[1] == _SOS:
            return bytes(head)
        body = source.read(int.from_bytes(marker[2:], "big") - 2)
        head += marker + body
        if len(head) > MAX_HEAD:
            raise MetadataError(f"the JPEG's header segments pass {MAX_HEAD} bytes")


def read_embedded(data: bytes) -> Embedded:
    """The embedded metadata of an encoded image (:class:`MetadataError` if unreadable).

    Of a JPEG, exiv2 reads the segments before the first scan alone, so it is
    handed those (0.4 ms for a 3.8 MB 12 MP file, against 5.8 ms given it whole)."""
    if data.startswith(SOI):
        with contextlib.suppress(MetadataError):  # exiv2 says what is wrong, if anything
            data = jpeg_head(io.BytesIO(data)) + EMPTY_SCAN
    try:
        with pyexiv2.ImageData(data) as image:
            xmp = image.read_xmp()
            iptc = _decoded(image.read_iptc)
            exif = _decoded(image.read_exif)
    except (RuntimeError, ValueError) as exc:
        raise MetadataError(str(exc).strip() or type(exc).__name__) from None

    def text(*values: Any) -> str:
        return next((v for v in map(_text, values) if v), "")

    return Embedded(
        headline=text(xmp.get("Xmp.photoshop.Headline"), iptc.get("Iptc.Application2.Headline")),
        object_name=text(xmp.get("Xmp.dc.title"), iptc.get("Iptc.Application2.ObjectName")),
        caption=text(
            xmp.get("Xmp.dc.description"),
            iptc.get("Iptc.Application2.Caption"),
            exif.get("Exif.Image.ImageDescription"),
        ),
        keywords=_list(xmp.get("Xmp.dc.subject") or iptc.get("Iptc.Application2.Keywords")),
        creator=text(
            xmp.get("Xmp.dc.creator"),
            iptc.get("Iptc.Application2.Byline"),
            exif.get("Exif.Image.Artist"),
        ),
        creator_title=text(
            xmp.get("Xmp.photoshop.AuthorsPosition"), iptc.get("Iptc.Application2.BylineTitle")
        ),
        credit_line=text(xmp.get("Xmp.photoshop.Credit"), iptc.get("Iptc.Application2.Credit")),
        copyright=text(
            xmp.get("Xmp.dc.rights"),
            iptc.get("Iptc.Application2.Copyright"),
            exif.get("Exif.Image.Copyright"),
        ),
        source=text(xmp.get("Xmp.photoshop.Source"), iptc.get("Iptc.Application2.Source")),
        date_created=first_date(
            _text(xmp.get("Xmp.photoshop.DateCreated")),
            _iptc_date(iptc),
            _text(xmp.get("Xmp.exif.DateTimeOriginal")),
            _exif_date(_text(exif.get("Exif.Photo.DateTimeOriginal"))),
        ),
        city=text(xmp.get("Xmp.photoshop.City"), iptc.get("Iptc.Application2.City")),
        state_province=text(
            xmp.get("Xmp.photoshop.State"), iptc.get("Iptc.Application2.ProvinceState")
        ),
        country=text(
            xmp.get("Xmp.photoshop.Country"),
            iptc.get("Iptc.Application2.CountryName"),
            _country(
                text(xmp.get("Xmp.iptc.CountryCode"), iptc.get("Iptc.Application2.CountryCode"))
            ),
        ),
        sublocation=text(xmp.get("Xmp.iptc.Location"), iptc.get("Iptc.Application2.SubLocation")),
        people=_list(xmp.get("Xmp.iptcExt.PersonInImage")),
        event=text(xmp.get("Xmp.iptcExt.Event")),
        model_released=_released(xmp.get("Xmp.plus.ModelReleaseStatus"), "MR"),
        property_released=_released(xmp.get("Xmp.plus.PropertyReleaseStatus"), "PR"),
        instructions=text(
            xmp.get("Xmp.photoshop.Instructions"), iptc.get("Iptc.Application2.SpecialInstructions")
        ),
        camera_make=text(exif.get("Exif.Image.Make")),
        camera_model=text(exif.get("Exif.Image.Model")),
        latitude=_coordinate(exif, "Latitude", "S"),
        longitude=_coordinate(exif, "Longitude", "W"),
    )


def _decoded(read: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    try:
        return read()
    except UnicodeDecodeError:
        return read(encoding="latin-1")


def _text(value: Any) -> str:
    """One text from a pyexiv2 value: a language alternative's default, a list's first."""
    if isinstance(value, dict):
        value = value.get('lang="x-default"') or next(iter(value.values()), "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value or "").split())


def _list(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value] if value else []
    return tuple(dict.fromkeys(t for t in map(_text, items) if t))


def first_date(*texts: str | None) -> datetime | None:
    """The first of ``texts`` that is an ISO 8601 moment, in UTC (no zone: UTC)."""
    for text in texts:
        if not text:
            continue
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            continue
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return None


def _iptc_date(iptc: dict[str, Any]) -> str | None:
    day = _text(iptc.get("Iptc.Application2.DateCreated"))
    time = _text(iptc.get("Iptc.Application2.TimeCreated"))
    return f"{day}T{time}" if day and time else day or None


def _exif_date(text: str) -> str | None:
    """EXIF writes ``2024:05:01 10:20:30``."""
    day, _, time = text.partition(" ")
    return f"{day.replace(':', '-')}T{time}" if day and time else None


def _country(code: str) -> str:
    if not code:
        return ""
    found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    found = found or (pycountry.countries.get(alpha_3=code) if len(code) == 3 else None)
    return str(found.name) if found is not None else ""


def _released(value: Any, kind: str) -> bool | None:
    """PLUS release status: unlimited or limited releases count as released."""
    code = _text(value).removeprefix(_PLUS)
    if code in (f"{kind}-UMR", f"{kind}-LMR", f"{kind}-UPR", f"{kind}-LPR"):
        return True
    if code in (f"{kind}-NON", f"{kind}-NAP"):
        return False
    return None


def _coordinate(exif: dict[str, Any], axis: str, negative: str) -> float | None:
    """``48/1 51/1 2400/100`` with its reference letter as signed decimal degrees."""
    parts = _text(exif.get(f"Exif.GPSInfo.GPS{axis}")).split()
    try:
        degrees, minutes, seconds = (_ratio(p) for p in parts)
    except (ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    sign = -1 if _text(exif.get(f"Exif.GPSInfo.GPS{axis}Ref")).upper() == negative else 1
    return round(sign * value, 7)


def _ratio(text: str) -> float:
    top, _, bottom = text.partition("/")
    return int(top) / int(bottom or "1")
