"""Real image files written at test time, with IPTC, XMP and EXIF embedded by pyexiv2."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pyexiv2
from PIL import Image, ImageDraw

IPTC = {
    "Iptc.Application2.ObjectName": "Lighthouse 42",
    "Iptc.Application2.Headline": "Lighthouse at dusk",
    "Iptc.Application2.Caption": "A red lighthouse on a rocky point as the sun sets.",
    "Iptc.Application2.Keywords": ["lighthouse", "dusk", "coast"],
    "Iptc.Application2.Byline": "Ada Lumen",
    "Iptc.Application2.BylineTitle": "Staff photographer",
    "Iptc.Application2.Credit": "Ada Lumen/Northlight",
    "Iptc.Application2.Copyright": "2024 Northlight Ltd",
    "Iptc.Application2.Source": "Northlight Archive",
    "Iptc.Application2.DateCreated": "2024-05-01",
    "Iptc.Application2.TimeCreated": "19:45:00+02:00",
    "Iptc.Application2.City": "Brest",
    "Iptc.Application2.ProvinceState": "Brittany",
    "Iptc.Application2.CountryCode": "FR",
    "Iptc.Application2.SubLocation": "Pointe Saint-Mathieu",
    "Iptc.Application2.SpecialInstructions": "No use in tobacco advertising.",
}
XMP = {
    "Xmp.iptcExt.PersonInImage": ["Jon Keeper", "Mia Keeper"],
    "Xmp.plus.ModelReleaseStatus": "http://ns.useplus.org/ldf/vocab/MR-UMR",
    "Xmp.plus.PropertyReleaseStatus": "http://ns.useplus.org/ldf/vocab/PR-UPR",
}
EXIF = {
    "Exif.Image.Make": "Canon",
    "Exif.Image.Model": "EOS R5",
    "Exif.Photo.DateTimeOriginal": "2024:05:01 19:45:00",
    "Exif.GPSInfo.GPSLatitude": "48/1 19/1 3000/100",
    "Exif.GPSInfo.GPSLatitudeRef": "N",
    "Exif.GPSInfo.GPSLongitude": "4/1 46/1 1200/100",
    "Exif.GPSInfo.GPSLongitudeRef": "W",
}


def picture(
    size: tuple[int, int] = (96, 64), colour: tuple[int, int, int] = (200, 40, 40)
) -> Image.Image:
    image = Image.new("RGB", size, colour)
    w, h = size
    ImageDraw.Draw(image).ellipse((w // 4, h // 4, 3 * w // 4, 3 * h // 4), fill=(240, 220, 60))
    return image


def encoded(image: Image.Image, fmt: str = "JPEG") -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def with_metadata(
    data: bytes,
    iptc: dict[str, Any] | None = None,
    xmp: dict[str, Any] | None = None,
    exif: dict[str, Any] | None = None,
) -> bytes:
    with pyexiv2.ImageData(data) as image:
        if exif:
            image.modify_exif(exif)
        if iptc:
            image.modify_iptc(iptc)
        if xmp:
            image.modify_xmp(xmp)
        result: bytes = image.get_bytes()
    return result


def xmp_packet(xmp: dict[str, Any]) -> bytes:
    """A bare XMP packet holding ``xmp``, for formats exiv2 cannot write into (HEIC, MP4)."""
    empty = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
        ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
    )
    with pyexiv2.ImageData(empty.encode()) as packet:
        packet.modify_xmp(xmp)
        result: bytes = packet.get_bytes()
    return result


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def tagged_jpeg(path: Path, **changes: Any) -> Path:
    """A JPEG carrying every field the mapping reads (``changes`` replace IPTC values)."""
    return write(path, with_metadata(encoded(picture()), {**IPTC, **changes}, XMP, EXIF))
