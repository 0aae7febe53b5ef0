"""Embedded IPTC, XMP and EXIF mapped onto plain fields."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from photobank.ingest.metadata import MetadataError, read_embedded
from tests.ingest.support import EXIF, IPTC, XMP, encoded, picture, with_metadata


def test_every_mapped_field_is_read() -> None:
    found = read_embedded(with_metadata(encoded(picture()), IPTC, XMP, EXIF))
    assert found.headline == "Lighthouse at dusk"
    assert found.object_name == "Lighthouse 42"
    assert found.caption.startswith("A red lighthouse")
    assert found.keywords == ("lighthouse", "dusk", "coast")
    assert (found.creator, found.creator_title) == ("Ada Lumen", "Staff photographer")
    assert (found.credit_line, found.copyright) == ("Ada Lumen/Northlight", "2024 Northlight Ltd")
    assert found.source == "Northlight Archive"
    assert found.date_created == datetime(2024, 5, 1, 17, 45, tzinfo=UTC)
    assert (found.city, found.state_province, found.country) == ("Brest", "Brittany", "France")
    assert found.sublocation == "Pointe Saint-Mathieu"
    assert found.people == ("Jon Keeper", "Mia Keeper")
    assert (found.model_released, found.property_released) == (True, True)
    assert found.instructions == "No use in tobacco advertising."
    assert (found.camera_make, found.camera_model) == ("Canon", "EOS R5")
    assert found.latitude == pytest.approx(48.325, abs=1e-6)
    assert found.longitude == pytest.approx(-4.77, abs=1e-6)


def test_xmp_wins_over_iptc_and_exif_fills_the_gaps() -> None:
    xmp = {"Xmp.dc.title": {'lang="x-default"': "From XMP"}, "Xmp.dc.subject": ["xmp-only"]}
    iptc = {"Iptc.Application2.ObjectName": "From IPTC", "Iptc.Application2.Keywords": ["iptc"]}
    exif = {
        "Exif.Image.Artist": "Exif Artist",
        "Exif.Photo.DateTimeOriginal": "2020:01:02 03:04:05",
    }
    found = read_embedded(with_metadata(encoded(picture()), iptc, xmp, exif))
    assert (found.object_name, found.keywords) == ("From XMP", ("xmp-only",))
    assert found.creator == "Exif Artist"
    assert found.date_created == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_a_file_without_metadata_maps_to_empty_fields() -> None:
    found = read_embedded(encoded(picture(), "PNG"))
    assert found.headline == "" and found.caption == ""
    assert found.keywords == () and found.date_created is None and found.latitude is None


def test_a_file_exiv2_cannot_parse_is_a_metadata_error() -> None:
    with pytest.raises(MetadataError):
        read_embedded(b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00garbage")
