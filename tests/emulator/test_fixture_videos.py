"""Fixture videos: video details in fixture documents, searchable once loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import build_services
from photobank.emulator.fixture_loader import FixtureLoader
from photobank.emulator.fixtures import validate_fixture
from photobank.errors import InvalidParameter
from tests.conftest import START, ContractClient
from tests.deployment import deployed

_KEY = "fixture-video-key"


def test_fixture_videos_are_served_as_videos(tmp_path: Path) -> None:
    settings = deployed(data_dir=tmp_path / "data", hash_cost="fast", default_qps_limit=0)
    services = build_services(settings, ManualClock(START))
    try:
        document = validate_fixture(
            {
                "clients": [{"api_key": _KEY, "api_secret": "s3cret"}],
                "assets": [
                    {"id": "100000001", "title": "a still"},
                    {
                        "id": "100000002",
                        "asset_type": "video",
                        "title": "surf at dawn",
                        "video": {"seconds": 3, "frame_rate": "25", "format": "4k"},
                    },
                    {"id": "100000003", "asset_type": "video", "title": "default details"},
                ],
            }
        )
        FixtureLoader(services).load(document, base_dir=tmp_path)
        client = ContractClient(
            create_app(settings, services), base_url="http://t", headers={"Api-Key": _KEY}
        )
        found = client.get("/v3/search/videos/creative?phrase=surf&fields=clip_length").json()
        assert found["videos"] == [{"id": "100000002", "clip_length": "00:00:03:00"}]
        assert client.get("/v3/search/videos?frame_rates=25").json()["result_count"] == 1
        assert client.get("/v3/search/videos").json()["result_count"] == 2
        assert client.get("/v3/search/images").json()["result_count"] == 1
    finally:
        services.close()


@pytest.mark.parametrize(
    ("asset", "where"),
    [
        ({"id": "1", "asset_type": "video", "video": {"frame_rate": "12"}}, "assets[0].video"),
        ({"id": "1", "asset_type": "video", "video": {"seconds": 0}}, "assets[0].video.seconds"),
        ({"id": "1", "video": {}}, "assets[0]"),
    ],
)
def test_video_mistakes_name_the_field(asset: dict[str, object], where: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        validate_fixture([asset])
    assert caught.value.message.startswith(where)
    assert "video" in caught.value.message
