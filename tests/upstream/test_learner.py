"""What an answer teaches the catalog: ids kept, pictures fetched once, downloads never."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import httpx
from PIL import Image

from photobank.clock import ManualClock
from photobank.composition import build_services
from photobank.media.originals import OriginalStore
from photobank.upstream.forward import Forwarder
from photobank.upstream.learner import Learner
from photobank.upstream.recording import Recording
from tests.conftest import START
from tests.deployment import deployed


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(out, format="JPEG")
    return out.getvalue()


def test_an_event_answer_becomes_an_event_a_collection_and_an_asset_with_its_picture(
    tmp_path: Path,
) -> None:
    fetched: list[str] = []

    def media(request: httpx.Request) -> httpx.Response:
        fetched.append(str(request.url))
        return httpx.Response(200, content=_jpeg(), headers={"content-type": "image/jpeg"})

    services = build_services(
        deployed(data_dir=tmp_path / "data", hash_cost="fast"), ManualClock(START)
    )
    recording = Recording.open(tmp_path / "rec.json", "https://api.test", START)
    forwarder = Forwarder("https://api.test", transport=httpx.MockTransport(media))
    warnings: list[str] = []
    learner = Learner(services, recording, forwarder, warnings.append)
    hero = {
        "id": "2150000001",
        "title": "Regatta start",
        "collection_id": 57,
        "collection_code": "AFP",
        "collection_name": "AFP Photos",
        "max_dimensions": {"width": 5000, "height": 3000},
        "display_sizes": [{"name": "comp", "uri": "https://media.test/comp/2150000001.jpg"}],
        "download_sizes": [{"name": "large", "uri": "https://media.test/original.jpg"}],
    }
    body = {
        "events": [
            {
                "id": 775123,
                "name": "Harbour regatta",
                "start_date": "2026-05-02T00:00:00Z",
                "editorial_segments": ["sport"],
                "hero_image": hero,
            }
        ]
    }
    try:
        assert asyncio.run(learner.take(body)) == 1
        assert asyncio.run(learner.take(body)) == 0  # nothing new: nothing written or fetched
        asset = services.catalog.get_assets(["2150000001"])["2150000001"]
        ref = services.catalog.reference()
        assert asset.title == "Regatta start" and (asset.width, asset.height) == (5000, 3000)
        assert asset.event_ids == (775123,) and ref.events[775123].name == "Harbour regatta"
        assert ref.collections[asset.collection_id].code == "AFP"
        assert asset.collection_id == 57
        key = OriginalStore(services.media_storage, services.catalog.reference).key_for(asset.id)
        with services.media_storage.open(key) as original:
            assert original.read() == _jpeg()  # the display picture is the original
    finally:
        services.close()
    assert fetched == ["https://media.test/comp/2150000001.jpg"]
    assert (tmp_path / "rec.media" / "2150000001.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert recording.learned["assets"]["2150000001"]["file"] == "rec.media/2150000001.jpg"
    assert warnings == []
