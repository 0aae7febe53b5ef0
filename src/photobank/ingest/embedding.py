"""Embedded metadata written into the files photobank hands out (IPTC-IIM, XMP, EXIF).

It lives in ``ingest/`` beside :mod:`~photobank.ingest.metadata`, which reads
the same tags: the mapping is kept in one room, and a delivered file ingested
again gives back its title, caption, creator, credit line and copyright.

What is written, by block (XMP first, as readers prefer it):

* title: ``photoshop:Headline`` and ``dc:title`` / IPTC Headline and Object Name;
  caption: ``dc:description`` / Caption-Abstract; creator: ``dc:creator`` /
  By-line / EXIF Artist; credit line: ``photoshop:Credit`` / Credit; copyright:
  ``dc:rights`` / CopyrightNotice / EXIF Copyright.
* asset id: ``dc:identifier`` (Dublin Core's slot for it), ``GettyImagesGIFT:AssetID``
  (where Getty's own downloads carry it) and IPTC Core's Job Id (IIM
  TransmissionReference, ``photoshop:TransmissionReference``). ``xmpMM:DocumentID``
  is left alone: it names one document instance, not the asset.
* licence (PLUS): ``plus:LicenseID`` (the order id, as purchases and
  ``/v3/orders/{id}`` name it), ``plus:Licensee`` (name and customer id),
  ``plus:Licensor`` (the server's URL), ``plus:LicenseTransactionDate``; the
  product in words in ``xmpRights:UsageTerms``; ``xmpRights:WebStatement`` and
  ``xmpRights:Marked``. IIM has no licence fields.

A movie (MP4, MOV) carries the XMP alone, in a box of its own appended to the
file (see :mod:`~photobank.ingest.movies`); the XMP is the same as a JPEG's. A
WebM carries the same fields as Matroska tags (:mod:`~photobank.ingest.matroska`).

A JPEG is rewritten by its head alone: exiv2 rewrites the segments before the
first scan and copies the rest as is, so it is handed those segments and an
empty scan, and the caller appends the original's scans. The result is byte
for byte what rewriting the whole file gives. exiv2 pads XMP with 2 KB of
spaces for in-place edits nobody makes here; the padding is dropped (it would
grow a thumb by a third).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import pyexiv2

from photobank.catalog.model import Asset
from photobank.ingest.metadata import EMPTY_SCAN, SOI, MetadataError, jpeg_head
from photobank.licensing.held import HeldLicence

pyexiv2.registerNs("http://xmp.gettyimages.com/gift/1.0/", "GettyImagesGIFT")

_XMP_SIGNATURE = b"http://ns.adobe.com/xap/1.0/\x00"
_BLANK_XMP = (  # an XMP packet with nothing in it, which exiv2 reads as a sidecar file
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta><?xpacket end="w"?>'
)
_XMP_PADDING = re.compile(rb"\s+(?=<\?xpacket end=)")
_UTF8 = "\x1b%G"  # IIM 1:90: the IPTC text below is UTF-8
_LICENCE_STRUCTS = ("Xmp.plus.Licensee", "Xmp.plus.Licensor")


@dataclass(frozen=True, slots=True)
class Tags:
    """Values to write by pyexiv2 key, per block; ``replaced``: XMP structures
    removed first (a re-ingested download's earlier licence, say)."""

    xmp: dict[str, Any] = field(default_factory=dict)
    iptc: dict[str, Any] = field(default_factory=dict)
    exif: dict[str, str] = field(default_factory=dict)
    replaced: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.xmp or self.iptc or self.exif)


@dataclass(frozen=True, slots=True)
class StampedHead:
    """A JPEG's new head: send ``head``, then the source's bytes from ``skip`` on."""

    head: bytes
    skip: int


def credit_tags(asset: Asset) -> Tags:
    """Creator and copyright: what every copy carries, display renditions included."""
    tags = Tags()
    if asset.artist:
        tags.xmp["Xmp.dc.creator"] = [asset.artist]
        tags.iptc["Iptc.Application2.Byline"] = [asset.artist]
        tags.exif["Exif.Image.Artist"] = asset.artist
    if asset.copyright:
        tags.xmp["Xmp.dc.rights"] = _alt(asset.copyright)
        tags.iptc["Iptc.Application2.Copyright"] = asset.copyright
        tags.exif["Exif.Image.Copyright"] = asset.copyright
    if tags.iptc:
        tags.iptc["Iptc.Envelope.CharacterSet"] = _UTF8
    return tags


def licence_tags(
    asset: Asset, licence: HeldLicence | None, web_statement: str, licensor_url: str
) -> Tags:
    """Everything a licensed download carries (``licence`` None: the asset's fields only)."""
    credits = credit_tags(asset)
    tags = Tags(credits.xmp, credits.iptc, credits.exif, _LICENCE_STRUCTS if licence else ())
    pairs = (
        ("Xmp.photoshop.Headline", "Iptc.Application2.Headline", asset.title),
        ("Xmp.dc.title", "Iptc.Application2.ObjectName", asset.title),
        ("Xmp.dc.description", "Iptc.Application2.Caption", asset.caption),
        ("Xmp.photoshop.Credit", "Iptc.Application2.Credit", asset.credit_line),
        (
            "Xmp.photoshop.TransmissionReference",
            "Iptc.Application2.TransmissionReference",
            asset.id,
        ),
    )
    for xmp_key, iptc_key, value in pairs:
        if value:
            tags.xmp[xmp_key] = _alt(value) if xmp_key.startswith("Xmp.dc.") else value
            tags.iptc[iptc_key] = value
    tags.iptc["Iptc.Envelope.CharacterSet"] = _UTF8
    tags.xmp.update(
        {
            "Xmp.dc.identifier": asset.id,
            "Xmp.GettyImagesGIFT.AssetID": asset.id,
            "Xmp.xmpRights.WebStatement": web_statement,
            "Xmp.xmpRights.Marked": "True",
        }
    )
    if licence is not None:
        date = licence.licensed_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        terms = (
            f"Licensed to {licence.licensee} under the {licence.agreement_name} "
            f"({licence.product_type}) on {date[:10]}; licence {licence.order_id}."
        )
        tags.xmp.update(
            {
                "Xmp.plus.LicenseID": str(licence.order_id),
                "Xmp.plus.LicenseTransactionDate": date,
                "Xmp.plus.Licensee": 'type="Seq"',
                "Xmp.plus.Licensee[1]/plus:LicenseeName": licence.licensee,
                "Xmp.plus.Licensee[1]/plus:LicenseeID": str(licence.customer_id),
                "Xmp.plus.Licensor": 'type="Seq"',
                "Xmp.plus.Licensor[1]/plus:LicensorURL": licensor_url,
                "Xmp.xmpRights.UsageTerms": _alt(terms),
            }
        )
    return tags


def embed(data: bytes, tags: Tags) -> bytes:
    """``data`` (a JPEG, or any image pyexiv2 writes: PNG, TIFF, WebP ...) with ``tags``
    written; :class:`MetadataError` when they cannot be."""
    if not tags:
        return data
    if data.startswith(SOI):
        stamped = stamp_jpeg(io.BytesIO(data), tags)  # shares ``data``: no copy
        return stamped.head + data[stamped.skip :]
    written = _written(data, tags)
    if tags.xmp and not _has_xmp(written):
        raise MetadataError("exiv2 could not encode the XMP block")
    return written


def xmp_packet(tags: Tags) -> bytes:
    """``tags``' XMP as a packet of its own (what a movie's XMP box holds);
    :class:`MetadataError` when it cannot be encoded."""
    packet = _written(_BLANK_XMP, Tags(xmp=tags.xmp))
    if tags.xmp and b"rdf:Description" not in packet:
        raise MetadataError("exiv2 could not encode the XMP block")
    return packet


def stamp_jpeg(source: BinaryIO, tags: Tags) -> StampedHead:
    """The head of the JPEG ``source`` (read from its start, up to its first scan)
    with ``tags`` written; :class:`MetadataError` if it is not a well-formed JPEG."""
    head = jpeg_head(source)
    written = _written(head + EMPTY_SCAN, tags)
    if not written.endswith(EMPTY_SCAN):
        raise MetadataError("exiv2 did not keep the JPEG's scans")
    return StampedHead(_compact(written[: -len(EMPTY_SCAN)], bool(tags.xmp)), len(head))


def _alt(text: str) -> dict[str, str]:
    """An XMP language alternative with ``text`` as its default."""
    return {'lang="x-default"': text}


def _written(data: bytes, tags: Tags) -> bytes:
    try:
        with pyexiv2.ImageData(data) as image:
            if tags.replaced:
                stale = [k for k in image.read_xmp() if _within(k, tags.replaced)]
                if stale:
                    image.modify_xmp(dict.fromkeys(reversed(stale)))
            if tags.exif:
                image.modify_exif(tags.exif)
            if tags.iptc:
                image.modify_iptc(tags.iptc)
            if tags.xmp:
                image.modify_xmp(tags.xmp)
            result: bytes = image.get_bytes()
    except (RuntimeError, ValueError) as exc:
        raise MetadataError(str(exc).strip() or type(exc).__name__) from None
    return result


def _within(key: str, structures: tuple[str, ...]) -> bool:
    return any(key == s or key.startswith(f"{s}[") for s in structures)


def _has_xmp(data: bytes) -> bool:
    with pyexiv2.ImageData(data) as image:
        return bool(image.read_xmp())


def _compact(head: bytes, expect_xmp: bool) -> bytes:
    """``head`` without the padding of its XMP segment (and refused without one when
    XMP was written: exiv2 drops the block silently when it cannot encode it)."""
    at = 2
    while at + 4 <= len(head):
        end = at + 2 + int.from_bytes(head[at + 2 : at + 4], "big")
        body = head[at + 4 : end]
        if head[at + 1] == 0xE1 and body.startswith(_XMP_SIGNATURE):
            slim = _XMP_PADDING.sub(b"\n", body)
            length = (len(slim) + 2).to_bytes(2, "big")
            return head[:at] + b"\xff\xe1" + length + slim + head[end:]
        at = end
    if expect_xmp:
        raise MetadataError("exiv2 could not encode the XMP block")
    return head
