"""Lightboxes in-process: the full life cycle, and the same objects as v3 boards."""

from __future__ import annotations

from typing import Any

import pytest

from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.media.policy import WatermarkRule
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
    assert type(lightbox_id) is int  # the wire format's integer, sent back as it came
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
    assert header["LightboxId"] == str(lightbox_id)  # headers type it as text
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
    assert box["LightboxHeader"]["LightboxId"] == str(lightbox_id)
    assert {i["AssetId"] for i in box["LightboxItems"]} == set(assets[1:])
    bearer = {"Authorization": f"Bearer {token}"}
    (listed,) = client.get("/v3/boards", headers=bearer).json()["boards"]
    board = client.get(f"/v3/boards/{listed['id']}", headers=bearer)
    assert board.status_code == 200 and board.json()["name"] == "Trip 2"
    assert {a["id"] for a in board.json()["assets"]} == set(assets[1:])
    assert box["LightboxHeader"]["LightboxUrl"].endswith(f"/v3/boards/{listed['id']}")
    assert (
        status(call(anonymous, f"{LB}/DeleteLightbox", {"LightboxId": lightbox_id}, token))[0]
        == "success"
    )
    assert client.get(f"/v3/boards/{listed['id']}", headers=bearer).status_code == 404
    gone = call(anonymous, f"{LB}/GetLightbox", {"LightboxId": lightbox_id}, token)
    assert status(gone) == ("error", ["LightboxIdDoesNotExist"])


def test_a_v3_board_is_a_lightbox_named_by_its_number(
    anonymous: Any, client: Any, token: str
) -> None:
    bearer = {"Authorization": f"Bearer {token}"}
    made = client.post("/v3/boards", json={"name": "From v3"}, headers=bearer)
    assert made.status_code == 201, made.text
    assert len(made.json()["id"]) == 32  # v3 keeps its own ids
    listing = call(anonymous, f"{LB}/GetLightboxHeaders", {}, token)
    (header,) = listing["GetLightboxHeadersResult"]["LightboxHeaders"]
    for sent in (int(header["LightboxId"]), header["LightboxId"]):  # as a number or its text
        got = call(anonymous, f"{LB}/GetLightbox", {"LightboxId": sent}, token)
        assert got["GetLightboxResult"]["Lightbox"]["LightboxHeader"]["LightboxName"] == "From v3"
    # The v3 id names no lightbox: legacy clients only ever hold numbers.
    by_v3_id = call(anonymous, f"{LB}/GetLightbox", {"LightboxId": made.json()["id"]}, token)
    assert status(by_v3_id) == ("error", ["InvalidRequest"])


def test_lightboxes_are_numbered_in_creation_order_and_numbers_are_not_reused(
    anonymous: Any, token: str
) -> None:
    def create(name: str) -> int:
        made = call(anonymous, f"{LB}/CreateLightbox", {"LightboxName": name}, token)
        number: int = made["CreateLightboxResult"]["LightboxId"]
        return number

    first, second = create("one"), create("two")
    assert second == first + 1
    call(anonymous, f"{LB}/DeleteLightbox", {"LightboxId": second}, token)
    assert create("three") == second + 1
    gone = call(anonymous, f"{LB}/GetLightbox", {"LightboxId": second}, token)
    assert status(gone) == ("error", ["LightboxIdDoesNotExist"])


OPERATIONS_ON_ONE: tuple[tuple[str, dict[str, Any]], ...] = (
    ("GetLightbox", {}),
    ("CreateLightboxItems", {"AssetIds": ["1"]}),
    ("DeleteLightboxItems", {"AssetIds": ["1"]}),
    ("DeleteLightbox", {}),
    ("UpdateLightboxHeader", {"LightboxName": "x"}),
)


@pytest.mark.parametrize(("operation", "body"), OPERATIONS_ON_ONE)
def test_lightbox_ids_unknown_or_malformed(
    anonymous: Any,
    token: str,
    services: Services,
    demo: DemoCredentials,
    operation: str,
    body: dict[str, Any],
) -> None:
    """An integer naming no lightbox of the caller's is LightboxIdDoesNotExist, whoever's
    board it numbers; a value that is no integer at all is a malformed request."""
    someone, password = new_customer(services)
    theirs = session(anonymous, demo, login=(someone.username, password))
    made = call(anonymous, f"{LB}/CreateLightbox", {"LightboxName": "mine"}, theirs["Token"])
    other = made["CreateLightboxResult"]["LightboxId"]
    for unknown in (other, other + 1000, 0, -1):
        answer = call(anonymous, f"{LB}/{operation}", {**body, "LightboxId": unknown}, token)
        assert status(answer) == ("error", ["LightboxIdDoesNotExist"]), unknown
    for malformed in ("nope", "12a", 2.5, True, [1], None):
        answer = call(anonymous, f"{LB}/{operation}", {**body, "LightboxId": malformed}, token)
        assert status(answer) == ("error", ["InvalidRequest"]), malformed


def test_lightbox_errors(anonymous: Any, token: str, demo: DemoCredentials) -> None:
    empty = call(anonymous, f"{LB}/GetLightboxHeaders", {}, token)
    assert status(empty) == ("warning", ["LightboxesNotFound"])
    nameless = call(anonymous, f"{LB}/CreateLightbox", {"LightboxName": " "}, token)
    assert status(nameless) == ("error", ["InvalidLightboxName"])
    missing = call(anonymous, f"{LB}/DeleteLightbox", {"LightboxId": 999999}, token)
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
