"""Writing embedded metadata: what a reader finds, in JPEG and the other formats,
and an ingested original left untouched by the downloads made from it."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyexiv2
import pytest
from PIL import Image

from photobank.catalog.model import Asset
from photobank.ingest.embedding import credit_tags, embed, licence_tags, stamp_jpeg
from photobank.ingest.metadata import MAX_HEAD, MetadataError, read_embedded
from photobank.licensing.held import HeldLicence
from tests.ingest.conftest import Library
from tests.ingest.support import encoded, picture, tagged_jpeg, with_metadata

ASSET = Asset(
    id="1234567",
    asset_type="image",
    asset_family="creative",
    title="Lighthouse at dusk",
    caption="A red lighthouse on a rocky point; the sun sets.",
    collection_id=1,
    license_model="royaltyfree",
    width=96,
    height=64,
    date_created=datetime(2024, 5, 1, tzinfo=UTC),
    date_submitted=datetime(2024, 5, 2, tzinfo=UTC),
    artist="Zoë Ångström",
    credit_line="Zoë Ångström/Northlight",
    copyright="© 2024 Northlight Ltd",
)
LICENCE = HeldLicence(
    order_id=88,
    customer_id=17,
    licensee="Pat Buyer",
    product_type="premiumaccess",
    agreement_name="Premium Access",
    licensed_at=datetime(2026, 6, 1, 12, 0, tzinfo=UTC),
)
WEB = "http://bank.test/licence/1234567"


def _blocks(data: bytes) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    with pyexiv2.ImageData(data) as image:
        return image.read_xmp(), image.read_iptc(), image.read_exif()


def test_a_licensed_jpeg_reads_back_with_every_field() -> None:
    data = embed(encoded(picture()), licence_tags(ASSET, LICENCE, WEB, "http://bank.test"))
    xmp, iptc, exif = _blocks(data)
    found = read_embedded(data)
    assert (found.headline, found.object_name, found.caption) == (
        ASSET.title,
        ASSET.title,
        ASSET.caption,
    )
    assert (found.creator, found.credit_line, found.copyright) == (
        ASSET.artist,
        ASSET.credit_line,
        ASSET.copyright,
    )
    assert iptc["Iptc.Application2.Byline"] == [ASSET.artist]  # IPTC in UTF-8, said so
    assert iptc["Iptc.Application2.TransmissionReference"] == ASSET.id
    assert exif["Exif.Image.Copyright"] == ASSET.copyright
    assert xmp["Xmp.dc.identifier"] == xmp["Xmp.GettyImagesGIFT.AssetID"] == ASSET.id
    assert xmp["Xmp.plus.LicenseID"] == "88"
    assert xmp["Xmp.plus.Licensee[1]/plus:LicenseeName"] == "Pat Buyer"
    assert xmp["Xmp.plus.Licensee[1]/plus:LicenseeID"] == "17"
    assert xmp["Xmp.plus.LicenseTransactionDate"] == "2026-06-01T12:00:00Z"
    assert "premiumaccess" in xmp["Xmp.xmpRights.UsageTerms"]['lang="x-default"']
    assert (xmp["Xmp.xmpRights.WebStatement"], xmp["Xmp.xmpRights.Marked"]) == (WEB, "True")


def test_the_head_alone_is_rewritten_and_the_scans_are_the_originals() -> None:
    original = encoded(picture((640, 480)))
    tags = licence_tags(ASSET, LICENCE, WEB, "http://bank.test")
    stamped = stamp_jpeg(io.BytesIO(original), tags)
    whole = stamped.head + original[stamped.skip :]
    assert original[stamped.skip : stamped.skip + 2] == b"\xff\xda"  # the first scan
    assert len(stamped.head) < 4096  # no 2 KB of XMP padding
    assert b" " * 64 not in stamped.head
    with Image.open(io.BytesIO(whole)) as shown, Image.open(io.BytesIO(original)) as source:
        assert shown.tobytes() == source.tobytes()
    assert read_embedded(whole).copyright == ASSET.copyright


def test_an_earlier_licence_in_the_file_is_replaced_not_added_to() -> None:
    earlier = with_metadata(
        encoded(picture()),
        xmp={
            "Xmp.plus.Licensee": 'type="Seq"',
            "Xmp.plus.Licensee[1]/plus:LicenseeName": "Someone Else",
            "Xmp.plus.Licensee[2]/plus:LicenseeName": "And Another",
        },
    )
    xmp, _, _ = _blocks(embed(earlier, licence_tags(ASSET, LICENCE, WEB, "http://b")))
    names = [v for k, v in xmp.items() if k.endswith("plus:LicenseeName")]
    assert names == ["Pat Buyer"]


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "TIFF"])
def test_other_formats_carry_credits_too(fmt: str) -> None:
    data = embed(encoded(picture(), fmt), credit_tags(ASSET))
    found = read_embedded(data)
    assert (found.creator, found.copyright) == (ASSET.artist, ASSET.copyright)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == fmt


def test_an_asset_with_no_creator_or_copyright_is_left_as_made() -> None:
    data = encoded(picture())
    assert embed(data, credit_tags(dataclasses.replace(ASSET, artist="", copyright=""))) == data


@pytest.mark.parametrize(
    "bad",
    [
        b"GIF89a not a jpeg",
        b"\xff\xd8\xff\xe0\x00",  # a segment cut short
        b"\xff\xd8" + (b"\xff\xfe\xff\xff" + b"c" * 65533) * (MAX_HEAD // 65535 + 1),
    ],
)
def test_a_file_that_is_no_well_formed_jpeg_is_refused_with_a_reason(bad: bytes) -> None:
    with pytest.raises(MetadataError):
        stamp_jpeg(io.BytesIO(bad), credit_tags(ASSET))


def _read(library: Library, key: str) -> bytes:
    """A stored file's bytes, wherever the library keeps its media."""
    with library.services.media_storage.open(key) as reader:
        return reader.read()


def test_an_ingested_original_is_delivered_stamped_and_never_changed(
    library: Library, tmp_path: Path
) -> None:
    source = tagged_jpeg(tmp_path / "in" / "lighthouse.jpg")
    before = source.read_bytes()
    ((_, asset_id),) = library.ingest(source).added
    stored = library.services.renditions.download(_asset(library, asset_id), "original").stored
    kept = _read(library, stored.key)
    delivered = [_license_and_fetch(library, asset_id, name) for name in ("ann", "bob")]
    assert source.read_bytes() == before and _read(library, stored.key) == kept
    xmp = [_blocks(data)[0] for data in delivered]
    assert [x["Xmp.plus.Licensee[1]/plus:LicenseeName"] for x in xmp] == ["Ann Buyer", "Bob Buyer"]
    found = read_embedded(delivered[0])
    assert (found.headline, found.creator, found.copyright) == (
        "Lighthouse at dusk",
        "Ada Lumen",
        "2024 Northlight Ltd",
    )
    assert found.city == "Brest" and found.latitude is not None  # the original's own tags stay


def _asset(library: Library, asset_id: str) -> Asset:
    return library.services.catalog.get_assets([asset_id])[asset_id]


def _license_and_fetch(library: Library, asset_id: str, name: str) -> bytes:
    return library.licensed(library.buyer_token(name), asset_id).content
