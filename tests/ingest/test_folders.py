"""Folders of real files ingested, then read back through the v3 and legacy APIs."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy import select

from photobank.store import tables as t
from tests.api.legacy.support import call
from tests.ingest.conftest import API_KEY, API_SECRET, Library
from tests.ingest.support import encoded, picture, tagged_jpeg, with_metadata, write

_FIELDS = (
    "id,title,caption,artist,artist_title,credit_line,copyright,object_name,keywords,people,"
    "city,state_province,country,date_created,date_camera_shot,allowed_use,max_dimensions,"
    "orientation,product_types,collection_code,license_model,asset_family,blurhash,dominant_color"
)


def _image(library: Library, asset_id: str) -> dict[str, Any]:
    response = library.client.get(f"/v3/images/{asset_id}", params={"fields": _FIELDS})
    assert response.status_code == 200, response.text
    image: dict[str, Any] = response.json()["images"][0]
    return image


def test_every_mapped_field_reaches_v3_search_and_legacy_details(
    library: Library, tmp_path: Path
) -> None:
    tagged_jpeg(tmp_path / "photos" / "lighthouse.jpg")
    report = library.ingest(tmp_path / "photos")
    assert report.failed == [] and len(report.added) == 1
    asset_id = report.added[0][1]
    image = _image(library, asset_id)
    assert image["title"] == "Lighthouse at dusk"
    assert image["object_name"] == "Lighthouse 42"
    assert image["caption"] == "A red lighthouse on a rocky point as the sun sets."
    assert (image["artist"], image["artist_title"]) == ("Ada Lumen", "Staff photographer")
    assert image["credit_line"] == "Ada Lumen/Northlight"
    assert image["copyright"] == "2024 Northlight Ltd"
    assert {k["text"] for k in image["keywords"]} == {"lighthouse", "dusk", "coast"}
    assert sorted(image["people"]) == ["Jon Keeper", "Mia Keeper"]
    assert (image["city"], image["state_province"], image["country"]) == (
        "Brest",
        "Brittany",
        "France",
    )
    assert image["date_created"].startswith("2024-05-01T17:45:00")
    assert image["date_camera_shot"].startswith("2024-05-01T17:45:00")
    assert image["allowed_use"]["release_info"] == "Model and property released"
    assert image["allowed_use"]["usage_restrictions"] == ["No use in tobacco advertising."]
    assert image["max_dimensions"] == {"width": 96, "height": 64}
    assert image["orientation"] == "horizontal"
    assert image["collection_code"] == "LIBRARY" and image["license_model"] == "royaltyfree"
    assert set(image["product_types"]) >= {"premiumaccess", "easyaccess"}
    assert image["blurhash"] and image["dominant_color"].startswith("#")
    # What Getty's documents have no place for is kept with the source file.
    with library.services.engine.connect() as conn:
        row = conn.execute(select(t.ingested_files)).one()
    assert (row.source, row.camera_make, row.camera_model) == (
        "Northlight Archive",
        "Canon",
        "EOS R5",
    )
    assert (round(row.latitude, 3), round(row.longitude, 3)) == (48.325, -4.77)
    # Search: by phrase (a keyword) and a filter on a mapped field.
    found = library.client.get(
        "/v3/search/images/creative", params={"phrase": "lighthouse", "orientations": "horizontal"}
    ).json()
    assert [i["id"] for i in found["images"]] == [asset_id]
    none = library.client.get("/v3/search/images", params={"orientations": "vertical"}).json()
    assert none["result_count"] == 0
    # Legacy GetImageDetails.
    session = call(
        library.client,
        "/v1/session/CreateSession",
        {"SystemId": API_KEY, "SystemPassword": API_SECRET},
    )["CreateSessionResult"]
    details = call(
        library.client, "/v1/search/GetImageDetails", {"ImageIds": [asset_id]}, session["Token"]
    )["GetImageDetailsResult"]["Images"][0]
    assert (details["Title"], details["Artist"]) == ("Lighthouse at dusk", "Ada Lumen")
    assert details["Caption"] == image["caption"]
    assert (details["MaxImageResolutionWidth"], details["MaxImageResolutionHeight"]) == ("96", "64")


def test_a_customer_holding_premiumaccess_can_license_an_ingested_image(
    library: Library, tmp_path: Path
) -> None:
    write(tmp_path / "a.png", encoded(picture(), "PNG"))
    ((_, asset_id),) = library.ingest(tmp_path / "a.png").added
    delivered = library.licensed(library.buyer_token(), asset_id)
    with Image.open(io.BytesIO(delivered.content)) as file:
        assert (file.format, file.size) == ("JPEG", (96, 64))  # a PNG original, as JPEG


def test_exif_orientation_makes_renditions_upright(library: Library, tmp_path: Path) -> None:
    turned = with_metadata(encoded(picture((120, 60))), exif={"Exif.Image.Orientation": "6"})
    write(tmp_path / "turned.jpg", turned)
    ((_, asset_id),) = library.ingest(tmp_path).added
    image = library.client.get(
        f"/v3/images/{asset_id}", params={"fields": "id,thumb,max_dimensions"}
    )
    body = image.json()["images"][0]
    assert body["max_dimensions"] == {"width": 60, "height": 120}
    thumb = library.client.get(body["display_sizes"][0]["uri"])
    with Image.open(io.BytesIO(thumb.content)) as shown:
        assert shown.height > shown.width


def test_a_rerun_changes_nothing_and_a_changed_file_updates_its_asset(
    library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "photos"
    for n in range(3):
        write(folder / f"p{n}.jpg", encoded(picture((40 + n, 30))))
    first = library.ingest(folder)
    assert len(first.added) == 3
    seq = library.services.catalog.repository.last_change_seq()
    again = library.ingest(folder)
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], 3)
    assert library.services.catalog.repository.last_change_seq() == seq
    tagged_jpeg(folder / "p1.jpg", **{"Iptc.Application2.Headline": "Now with a headline"})
    changed = library.ingest(folder)
    assert changed.updated == [(str(folder / "p1.jpg"), first.added[1][1])]
    assert _image(library, first.added[1][1])["title"] == "Now with a headline"
    (change,) = library.services.catalog.repository.changes_after(seq)
    assert (change.asset_id, change.change_type) == (first.added[1][1], "update")
