"""Catalog entries read from v3 answers: ids kept, unknown values left out, downloads never."""

from __future__ import annotations

from typing import Any

from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.upstream.learning import learn
from tests.api.legacy.support import call, search_images, session


def test_learning_keeps_ids_and_leaves_out_unknown_values_and_download_urls() -> None:
    body = {
        "events": [
            {
                "id": 775123,
                "name": "Harbour regatta",
                "start_date": "2026-05-02T00:00:00Z",
                "hero_image": {
                    "id": "2150000001",
                    "display_sizes": [{"name": "comp", "uri": "https://media.example/c.jpg"}],
                },
            }
        ],
        "images": [
            {
                "id": "2150000002",
                "title": "Sails",
                "graphical_style": "hologram",  # a value added upstream
                "collection_id": 57,
                "collection_code": "AFP",
                "collection_name": "AFP Photos",
                "max_dimensions": {"width": 5000, "height": 3000},
                "keywords": [{"text": "sail", "type": "Subject", "relevance": 90}],
                "display_sizes": [{"name": "thumb", "uri": "https://media.example/t.jpg"}],
                "download_sizes": [{"name": "large", "uri": "https://media.example/orig.jpg"}],
            },
            {"id": "not an id"},
        ],
    }
    found = learn(body)
    assert found.events[775123]["name"] == "Harbour regatta"
    assert found.collections[57] == {"id": 57, "code": "AFP", "name": "AFP Photos"}
    hero, sails = found.assets["2150000001"], found.assets["2150000002"]
    assert hero["event_ids"] == [775123] and hero["asset_family"] == "editorial"
    assert "graphical_style" not in sails
    assert (sails["width"], sails["collection"]) == (5000, "AFP")
    assert sails["keywords"] == [{"text": "sail", "type": "Subject", "relevance": 90}]
    assert found.renditions == {
        "2150000001": "https://media.example/c.jpg",
        "2150000002": "https://media.example/t.jpg",
    }


def test_legacy_search_and_detail_answers_are_learned_as_images(
    anonymous: Any, demo: DemoCredentials, services: Services
) -> None:
    token = session(anonymous, demo)["Token"]
    answer = search_images(anonymous, token, count=3, Query={"SearchPhrase": "mountain"})
    shown = answer["SearchForImagesResult"]["Images"]
    wanted = {"ImageIds": [shown[0]["ImageId"]]}
    details = call(anonymous, "/v1/search/GetImageDetails", wanted, token)
    for body in (answer, details):
        found = learn(body)
        assert set(found.assets) >= {shown[0]["ImageId"]}
        entry = found.assets[shown[0]["ImageId"]]
        stored = services.catalog.get_assets([entry["id"]])[entry["id"]]
        assert (entry["title"], entry["asset_type"]) == (stored.title, "image")
        assert (entry["width"], entry["height"]) == (stored.width, stored.height)
        assert entry["date_created"].startswith(stored.date_created.date().isoformat())
        assert entry["asset_family"] == stored.asset_family
        assert found.renditions[entry["id"]].split("?")[0].endswith(f"/comp/{entry['id']}.jpg")
    keyed = learn(details).assets[shown[0]["ImageId"]]
    assert {k["text"] for k in keyed["keywords"]} == {
        k.text for k, _ in services.catalog.reference().keywords_of(stored)
    }
