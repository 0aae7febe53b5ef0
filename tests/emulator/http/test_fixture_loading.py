"""Fixtures over HTTP and from files: real Getty ids, drawn pixels or a given image."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageStat

from photobank.testing import ControlError, PhotobankEmulator

GETTY_IDS = ["200261415-001", "177996097", "467073457"]


def _images(photobank: PhotobankEmulator, ids: list[str], fields: str) -> list[dict[str, object]]:
    response = httpx.get(
        f"{photobank.base_url}/v3/images",
        params={"ids": ",".join(ids), "fields": fields},
        headers={"Api-Key": photobank.api_key},
    )
    assert response.status_code == 200, response.text
    return list(response.json()["images"])


def _thumb(photobank: PhotobankEmulator, asset_id: str) -> Image.Image:
    [image] = _images(photobank, [asset_id], "id,display_set")
    sizes = {size["name"]: size["uri"] for size in image["display_sizes"]}  # type: ignore[attr-defined]
    response = httpx.get(sizes["thumb"])
    assert response.status_code == 200
    return Image.open(io.BytesIO(response.content)).convert("RGB")


def test_a_yaml_file_with_real_getty_ids(photobank: PhotobankEmulator, tmp_path: Path) -> None:
    red = tmp_path / "red.png"
    Image.new("RGB", (900, 600), (220, 20, 30)).save(red)
    fixture = tmp_path / "fixture.yaml"
    fixture.write_text(
        "assets:\n"
        "  - id: 200261415-001\n"
        "    title: Red square\n"
        "    file: red.png\n"
        "  - id: 177996097\n"
        "    asset_family: editorial\n"
        "    collection: AFP\n"
        "    artist: Jane Doe\n"
        "  - id: 467073457\n"
        "    keywords: [mountain]\n"
    )
    loaded = photobank.fixtures.load(fixture)
    assert loaded["assets"] == GETTY_IDS
    found = {
        i["id"]: i for i in _images(photobank, GETTY_IDS, "id,title,max_dimensions,asset_family")
    }
    assert found["200261415-001"]["title"] == "Red square"
    assert found["200261415-001"]["max_dimensions"] == {"width": 900, "height": 600}
    assert found["177996097"]["asset_family"] == "editorial"
    red_thumb = _thumb(photobank, "200261415-001")
    assert _is_red(red_thumb)  # the given file, not drawn pixels
    drawn = _thumb(photobank, "467073457")
    assert len(drawn.getcolors(maxcolors=1 << 16) or []) > 50  # drawn, not a flat fill


def test_a_json_document_and_a_second_load_replaces_metadata(photobank: PhotobankEmulator) -> None:
    photobank.fixtures.load({"assets": [{"id": "177996097", "title": "One"}]})
    photobank.fixtures.load({"assets": [{"id": "177996097", "title": "Two"}]})
    [image] = _images(photobank, ["177996097"], "id,title")
    assert image["title"] == "Two"


def test_a_bad_fixture_names_the_field(photobank: PhotobankEmulator, tmp_path: Path) -> None:
    fixture = tmp_path / "bad.json"
    fixture.write_text(json.dumps({"assets": [{"id": "1"}, {"id": "2", "width": "wide"}]}))
    with pytest.raises(ControlError) as caught:
        photobank.fixtures.load(fixture)
    assert caught.value.status == 400
    assert caught.value.message.startswith("assets[1].width")
    with pytest.raises(ControlError) as missing:
        photobank.fixtures.load([{"id": "1", "file": str(tmp_path / "absent.jpg")}])
    assert missing.value.message.startswith("assets[0].file")


def _is_red(image: Image.Image) -> bool:
    red, green, blue = ImageStat.Stat(image).mean
    return red > 180 and green < 60 and blue < 60


def test_restoring_a_snapshot_puts_a_fixture_file_back(
    photobank: PhotobankEmulator, tmp_path: Path
) -> None:
    red = tmp_path / "red.jpg"
    Image.new("RGB", (400, 300), (220, 20, 30)).save(red)
    photobank.fixtures.load([{"id": "177996097", "file": str(red)}])
    assert _is_red(_thumb(photobank, "177996097"))
    photobank.snapshot("red")
    photobank.fixtures.load([{"id": "177996097", "dominant_color": "2060c0"}])
    assert not _is_red(_thumb(photobank, "177996097"))  # drawn from the new metadata
    photobank.restore("red")
    assert _is_red(_thumb(photobank, "177996097"))
    photobank.reset()  # the seed never had this asset
    gone = httpx.get(
        f"{photobank.base_url}/v3/images/177996097", headers={"Api-Key": photobank.api_key}
    )
    assert gone.status_code == 404
