"""Fixture assets get visual signatures at ingest, so search by image finds them."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import build_services
from photobank.emulator.fixture_loader import FixtureLoader
from photobank.emulator.fixtures import validate_fixture
from tests.conftest import START, ContractClient
from tests.deployment import deployed

_KEY = "fixture-visual-key"


def _picture(path: Path, colour: tuple[int, int, int]) -> bytes:
    """Writes a PNG fixture file; returns a smaller, recompressed copy to search with."""
    image = Image.new("RGB", (400, 300), colour)
    ImageDraw.Draw(image).ellipse((100, 50, 300, 250), fill=(255 - colour[0], 200, colour[2]))
    image.save(path, format="PNG")
    out = io.BytesIO()
    image.resize((200, 150)).save(out, format="JPEG", quality=70)
    return out.getvalue()


def _search(client: ContractClient, data: bytes) -> dict[str, Any]:
    url = client.put("/v3/search/by-image/uploads/q.jpg", content=data).json()
    body: dict[str, Any] = client.get(
        "/v3/search/images/creative/by-image", params={"image_url": url}
    ).json()
    return body


def test_fixture_files_and_drawn_fixtures_are_found_by_image(tmp_path: Path) -> None:
    settings = deployed(data_dir=tmp_path / "data", hash_cost="fast", default_qps_limit=0)
    services = build_services(settings, ManualClock(START))
    loader = FixtureLoader(services)
    try:
        red = _picture(tmp_path / "red.png", (220, 30, 30))
        blue = _picture(tmp_path / "blue.png", (20, 40, 210))
        first = {
            "clients": [{"api_key": _KEY, "api_secret": "s3cret"}],
            "assets": [{"id": "177996097", "file": "red.png"}, {"id": "123456789"}],
        }
        loader.load(validate_fixture(first), base_dir=tmp_path)
        client = ContractClient(
            create_app(settings, services), base_url="http://t", headers={"Api-Key": _KEY}
        )
        found = _search(client, red)
        assert found["result_count"] == 2 and found["images"][0]["id"] == "177996097"
        # A later load is searchable at once, and ranks by what the files show.
        second = {"assets": [{"id": "200261415-001", "file": "blue.png"}]}
        loader.load(validate_fixture(second), base_dir=tmp_path)
        for data, asset_id in ((red, "177996097"), (blue, "200261415-001")):
            found = _search(client, data)
            assert found["result_count"] == 3 and found["images"][0]["id"] == asset_id
    finally:
        services.close()
