"""Fixture documents describe collections and events; new ones keep the ids they give."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import build_services
from photobank.emulator.fixture_loader import FixtureLoader
from photobank.emulator.fixtures import validate_fixture
from tests.conftest import START
from tests.deployment import deployed

_KEY = "fixture-named-key"


def test_collections_and_events_keep_their_ids_and_names(tmp_path: Path) -> None:
    settings = deployed(data_dir=tmp_path / "data", hash_cost="fast", default_qps_limit=0)
    services = build_services(settings, ManualClock(START))
    try:
        document = {
            "clients": [{"api_key": _KEY, "api_secret": "s3cret"}],
            "collections": [{"id": 57, "code": "AFP", "name": "AFP Photos"}],
            "events": [{"id": 775123, "name": "Harbour regatta", "start_date": "2026-05-02"}],
            "assets": [
                {
                    "id": "2150000001",
                    "asset_family": "editorial",
                    "collection": "AFP",
                    "event_ids": [775123],
                },
                {"id": "2150000002", "asset_family": "editorial", "collection": 57},
            ],
            "recording": {"upstream": "https://api.gettyimages.com"},
            "exchanges": [{"request": {"method": "GET"}}],
        }
        FixtureLoader(services).load(validate_fixture(document))
        client = TestClient(create_app(settings, services), headers={"Api-Key": _KEY})
        image = client.get(
            "/v3/images/2150000001", params={"fields": "collection_id,collection_name,event_ids"}
        ).json()["images"][0]
        assert (image["collection_id"], image["collection_name"]) == (57, "AFP Photos")
        assert image["event_ids"] == [775123]
        event = client.get("/v3/events/775123").json()["events"][0]
        assert event["name"] == "Harbour regatta"
        other = client.get("/v3/images/2150000002", params={"fields": "collection_id"}).json()
        assert other["images"][0]["collection_id"] == 57
    finally:
        services.close()
