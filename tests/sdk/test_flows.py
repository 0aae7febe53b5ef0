"""Getty integrations, unmodified, against a real photobank server over TLS.

Each test runs twice: over Getty's official Node SDK (``gettyimages-api``
6.7.2, pinned in ``node/package-lock.json``, driven by ``node/flows.js``; see
:mod:`tests.sdk.node_flows` for how it is pointed at 127.0.0.1:443) and over
httpx from Python (pygetty, the PyPI client, cannot be pointed at another host
without patching: see :mod:`tests.sdk.python_flows`). Both clients run the
same flows and report the same keys; the tests check what a user would see.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image

from tests.sdk.node_flows import node_sdk_results
from tests.sdk.python_flows import BOARD_NAME, python_results


@pytest.fixture(scope="module")
def node_sdk(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    session_dir = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        session_dir = session_dir.parent  # shared by the workers, above each one's own
    return node_sdk_results(session_dir)


@pytest.fixture(scope="module", params=["node-sdk", "python-httpx"])
def flows(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    if request.param == "node-sdk":
        return request.getfixturevalue("node_sdk")
    return python_results(tmp_path_factory.mktemp("python-flows"))


def test_the_readme_node_example_runs_as_written(node_sdk: dict[str, Any]) -> None:
    found = node_sdk["readme_example"]
    assert found["result_count"] > 0 and len(found["images"]) == 3
    assert all(image["asset_family"] == "creative" for image in found["images"])


def _flow(flows: dict[str, Any], name: str) -> Any:
    errors = {key: value for key, value in flows.items() if key.endswith("_error")}
    assert name in flows, f"no {name!r}: the client was refused: {errors}"
    return flows[name]


def test_client_credentials_password_and_refresh_tokens(flows: dict[str, Any]) -> None:
    app, customer = _flow(flows, "app_token"), _flow(flows, "customer_token")
    renewed = _flow(flows, "refreshed_token")
    for token in (app, customer, renewed):
        assert token["token_type"] == "Bearer" and token["has_access_token"]
        assert int(token["expires_in"]) == 1800
    assert not app["has_refresh_token"] and customer["has_refresh_token"]


def test_blended_search_with_fields_and_filters(flows: dict[str, Any]) -> None:
    found = _flow(flows, "search_all")
    assert found["result_count"] > 30 and len(found["images"]) == 30
    assert {image["asset_family"] for image in found["images"]} == {"creative", "editorial"}
    assert all(set(image) == {"id", "title", "asset_family"} for image in found["images"])


def test_creative_search_keeps_horizontal_images(flows: dict[str, Any]) -> None:
    images = _flow(flows, "search_creative")["images"]
    assert len(images) == 5
    for image in images:
        assert image["asset_family"] == "creative"
        assert image["max_dimensions"]["width"] > image["max_dimensions"]["height"]
    assert any("mountain" in image["title"].lower() for image in images)


def test_editorial_search_from_a_date_newest_first(flows: dict[str, Any]) -> None:
    images = _flow(flows, "search_editorial")["images"]
    assert len(images) == 5 and {image["asset_family"] for image in images} == {"editorial"}
    dates = [datetime.fromisoformat(image["date_created"]) for image in images]
    assert dates == sorted(dates, reverse=True)
    assert all(date.year >= 2020 for date in dates)


def test_images_by_ids_match_the_search(flows: dict[str, Any]) -> None:
    searched = _flow(flows, "search_creative")["images"]
    by_ids = _flow(flows, "images_by_ids")
    assert by_ids["images_not_found"] == []
    assert [(i["id"], i["title"]) for i in by_ids["images"]] == [
        (i["id"], i["title"]) for i in searched[:3]
    ]
    (one,) = _flow(flows, "image_by_id")["images"]
    assert (one["id"], one["max_dimensions"]) == (searched[0]["id"], searched[0]["max_dimensions"])
    assert one["caption"] and one["collection_code"]


def test_events_by_ids_match_the_event_search(flows: dict[str, Any]) -> None:
    searched = _flow(flows, "search_events")["events"]
    assert len(searched) == 3
    by_ids = _flow(flows, "events_by_ids")
    assert [(e["id"], e["name"]) for e in by_ids["events"]] == [
        (e["id"], e["name"]) for e in searched
    ]
    assert [e["id"] for e in _flow(flows, "event_by_id")["events"]] == [searched[0]["id"]]


def test_collections_and_countries(flows: dict[str, Any]) -> None:
    codes = {c["code"] for c in _flow(flows, "collections")["collections"]}
    assert {"GIN", "IST"} <= codes
    countries = _flow(flows, "countries")["countries"]
    assert len(countries) > 200
    assert {"iso_alpha_2": "NO", "iso_alpha_3": "NOR", "name": "Norway"} in countries


def test_password_and_refresh_grants_sign_in_the_demo_customer(flows: dict[str, Any]) -> None:
    customer = _flow(flows, "customer")
    assert (customer["first_name"], customer["last_name"]) == ("Demo", "Customer")
    assert _flow(flows, "refreshed_customer") == customer


def test_image_download_delivers_the_original_jpeg(flows: dict[str, Any]) -> None:
    image = _flow(flows, "search_creative")["images"][0]
    delivered = _flow(flows, "image_download")
    uri = urlsplit(delivered["uri"])
    assert (uri.scheme, uri.hostname) == ("https", "127.0.0.1")
    assert uri.path == f"/media/delivery/{image['id']}/original"
    assert delivered["status"] == 200 and delivered["content_type"] == "image/jpeg"
    assert f"GettyImages-{image['id']}.jpg" in delivered["content_disposition"]
    with Image.open(delivered["file"]) as picture:
        assert picture.format == "JPEG"
        size = image["max_dimensions"]
        assert picture.size == (size["width"], size["height"])


def test_board_create_add_get_remove_delete(flows: dict[str, Any]) -> None:
    boards = _flow(flows, "boards")
    asked = boards["asked"]
    assert boards["created"]["id"]
    assert boards["added"] == {
        "assets_added": [{"asset_id": i} for i in asked[:2]],
        "assets_not_added": [],
    }
    full = boards["full"]
    assert full["name"] == BOARD_NAME and full["asset_count"] == 3
    assert {asset["id"] for asset in full["assets"]} == set(asked)
    assert {asset["id"] for asset in boards["trimmed"]["assets"]} == set(asked[1:])
    assert boards["after_delete"] == 404


def test_video_search_details_and_download(flows: dict[str, Any]) -> None:
    found = _flow(flows, "search_videos")["videos"]
    assert found and all(set(video) == {"id", "title", "asset_family"} for video in found)
    for family in ("creative", "editorial"):
        videos = _flow(flows, f"search_videos_{family}")["videos"]
        assert videos and {video["asset_family"] for video in videos} == {family}
    by_ids = _flow(flows, "videos_by_ids")["videos"]
    assert [(v["id"], v["title"]) for v in by_ids] == [(v["id"], v["title"]) for v in found[:3]]
    assert [v["id"] for v in _flow(flows, "video_by_id")["videos"]] == [found[0]["id"]]
    delivered = _flow(flows, "video_download")
    assert delivered["status"] == 200 and delivered["content_type"].startswith("video/")
    assert f"GettyImages-{found[0]['id']}." in delivered["content_disposition"]
    assert Path(delivered["file"]).stat().st_size > 0
