"""Lightboxes in-process: the full life cycle, and the same objects as v3 boards."""

from __future__ import annotations

from typing import Any

import pytest

from photobank.demo.credentials import DemoCredentials
from photobank.media.policy import WatermarkRule
from photobank.services import Services
from tests.api.legacy.support import call, image_ids, search_images, session, status
from tests.shoppers import new_customer

LB = "/v1/lightbox"


@pytest.fixture
def login(services: Services) -> tuple[str, str]:
    customer, password = new_customer(services)
    return customer.username, password


@pytest.fixture
def token(anonymous: Any, demo: DemoCredentials, login: tuple[str, str]) -> str:
    found: str = session(anonymous, demo, login=login)["Token"]
    return found


def test_lightbox_life_cycle_and_v3_board(
    anonymous: Any, client: Any, token: str, services: Services, demo: DemoCredentials
) -> None:
    assets = image_ids(search_images(anonymous, token, count=3))
    created = call(anonymous, f"{LB}/CreateLightbox", {"LightboxName": "Trip", "Notes": "n"}, token)
    lightbox_id = created["CreateLightboxResult"]["LightboxId"]
    added = call(
        anonymous,
        f"{LB}/CreateLightboxItems",
        {"LightboxId": lightbox_id, "AssetIds": [*assets, "0-missing"]},
        token,
    )
    assert status(added) == ("warning", ["InvalidAssets"])
    assert set(added) == {"ResponseHeader"}
    headers = call(
        anonymous,
        f"{LB}/GetLightboxHeaders",
        {"ResultsViewOptions": {"ItemCount": 10, "ItemStartNumber": 1}},
        token,
    )
    (header,) = headers["GetLightboxHeadersResult"]["LightboxHeaders"]
    assert header["LightboxItemCount"] == "3" and header["Notes"] == "n"
    update = {"LightboxId": lightbox_id, "LightboxName": "Trip 2", "Notes": "m"}
    assert status(call(anonymous, f"{LB}/UpdateLightboxHeader", update, token)) == ("success", [])
    removed = call(
        anonymous,
        f"{LB}/DeleteLightboxItems",
        {"LightboxId": lightbox_id, "AssetIds": assets[:1]},
        token,
    )
    assert status(removed) == ("success", [])
    got = call(anonymous, f"{LB}/GetLightbox", {"LightboxId": lightbox_id}, token)
    box = got["GetLightboxResult"]["Lightbox"]
    assert box["LightboxHeader"]["LightboxName"] == "Trip 2"
    assert {i["AssetId"] for i in box["LightboxItems"]} == set(assets[1:])
    bearer = {"Authorization": f"Bearer {token}"}
    board = client.get(f"/v3/boards/{lightbox_id}", headers=bearer)
    assert board.status_code == 200 and board.json()["name"] == "Trip 2"
    assert (
        status(call(anonymous, f"{LB}/DeleteLightbox", {"LightboxId": lightbox_id}, token))[0]
        == "success"
    )
    assert client.get(f"/v3/boards/{lightbox_id}", headers=bearer).status_code == 404
    gone = call(anonymous, f"{LB}/GetLightbox", {"LightboxId": lightbox_id}, token)
    assert status(gone) == ("error", ["LightboxIdDoesNotExist"])


def test_a_v3_board_is_a_lightbox(anonymous: Any, client: Any, token: str) -> None:
    bearer = {"Authorization": f"Bearer {token}"}
    made = client.post("/v3/boards", json={"name": "From v3"}, headers=bearer)
    assert made.status_code == 201, made.text
    got = call(anonymous, f"{LB}/GetLightbox", {"LightboxId": made.json()["id"]}, token)
    assert got["GetLightboxResult"]["Lightbox"]["LightboxHeader"]["LightboxName"] == "From v3"


def test_lightbox_errors(anonymous: Any, token: str, demo: DemoCredentials) -> None:
    empty = call(anonymous, f"{LB}/GetLightboxHeaders", {}, token)
    assert status(empty) == ("warning", ["LightboxesNotFound"])
    nameless = call(anonymous, f"{LB}/CreateLightbox", {"LightboxName": " "}, token)
    assert status(nameless) == ("error", ["InvalidLightboxName"])
    missing = call(anonymous, f"{LB}/DeleteLightbox", {"LightboxId": "nope"}, token)
    assert status(missing) == ("error", ["LightboxIdDoesNotExist"])
    app = session(anonymous, demo, user=False)["Token"]
    anonymous_box = call(anonymous, f"{LB}/CreateLightbox", {"LightboxName": "x"}, app)
    assert status(anonymous_box)[0] == "error"


@pytest.mark.parametrize("marked", [True, False])
def test_lightbox_urls_follow_the_customers_watermark_policy(
    anonymous: Any, services: Services, demo: DemoCredentials, marked: bool
) -> None:
    """A customer whose policy marks previews never gets a clean preview from a lightbox
    (it used to: ``Preview`` was always clean), and one whose policy clears them does."""
    customer, password = new_customer(services)
    services.watermarks.set_rule(WatermarkRule(f"customer:{customer.id}", "any", "preview", marked))
    token = session(anonymous, demo, login=(customer.username, password))["Token"]
    (asset,) = image_ids(search_images(anonymous, token, count=1))
    made = call(anonymous, f"{LB}/CreateLightbox", {"LightboxName": "Marked"}, token)
    lightbox_id = made["CreateLightboxResult"]["LightboxId"]
    call(
        anonymous,
        f"{LB}/CreateLightboxItems",
        {"LightboxId": lightbox_id, "AssetIds": [asset]},
        token,
    )
    got = call(anonymous, f"{LB}/GetLightbox", {"LightboxId": lightbox_id}, token)
    (item,) = got["GetLightboxResult"]["Lightbox"]["LightboxItems"]
    assert f"wm={int(marked)}&" in item["Urls"]["Preview"]
    assert "wm=0&" in item["Urls"]["Thumb"] and "wm=1&" in item["Urls"]["WatermarkPreview"]
