"""HEIC files (written at test time by pillow-heif) ingested like any image."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from photobank.store import tables as t
from tests.ingest.conftest import Library
from tests.ingest.support import XMP, picture, write, xmp_packet


def _heic(size: tuple[int, int], orientation: int = 1, xmp: bytes | None = None) -> bytes:
    """A HEIC whose EXIF and XMP pillow-heif writes (exiv2 writes none into BMFF files)."""
    exif = Image.Exif()
    exif.update({0x0112: orientation, 0x010F: "Apple", 0x0110: "iPhone 15 Pro"})
    out = io.BytesIO()
    picture(size, (30, 140, 60)).save(out, format="HEIF", exif=exif.tobytes(), xmp=xmp, quality=80)
    return out.getvalue()


def test_a_heic_is_an_image_with_metadata_and_jpeg_renditions(
    library: Library, tmp_path: Path
) -> None:
    xmp = xmp_packet({**XMP, "Xmp.dc.title": "Green field"})
    write(tmp_path / "photos" / "field.heic", _heic((240, 135), xmp=xmp))
    report = library.ingest(tmp_path / "photos")
    assert report.failed == [] and len(report.added) == 1
    asset_id = report.added[0][1]
    response = library.client.get(
        f"/v3/images/{asset_id}", params={"fields": "id,title,people,max_dimensions,comp"}
    )
    image = response.json()["images"][0]
    assert image["title"] == "Green field"
    assert sorted(image["people"]) == ["Jon Keeper", "Mia Keeper"]
    assert image["max_dimensions"] == {"width": 240, "height": 135}
    with library.services.engine.connect() as conn:
        row = conn.execute(select(t.ingested_files)).one()
    assert (row.camera_make, row.camera_model) == ("Apple", "iPhone 15 Pro")
    comp = library.client.get(image["display_sizes"][0]["uri"])
    assert comp.status_code == 200
    with Image.open(io.BytesIO(comp.content)) as shown:
        assert shown.format == "JPEG" and shown.size == (240, 135)
        assert shown.convert("RGB").getpixel((5, 5))[1] > 100  # the green field


def test_a_turned_heic_is_upright_and_a_misnamed_one_is_refused(
    library: Library, tmp_path: Path
) -> None:
    write(tmp_path / "photos" / "turned.heif", _heic((120, 60), orientation=6))
    write(tmp_path / "photos" / "named.jpg", _heic((40, 30)))
    report = library.ingest(tmp_path / "photos")
    assert [(Path(f.path).name, f.reason) for f in report.failed] == [
        ("named.jpg", "holds a HEIF image but is named as JPEG")
    ]
    ((_, asset_id),) = report.added
    body = library.client.get(
        f"/v3/images/{asset_id}", params={"fields": "id,thumb,max_dimensions"}
    ).json()["images"][0]
    assert body["max_dimensions"] == {"width": 60, "height": 120}
    thumb = library.client.get(body["display_sizes"][0]["uri"])
    with Image.open(io.BytesIO(thumb.content)) as shown:
        assert shown.height > shown.width
