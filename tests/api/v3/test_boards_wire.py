"""Boards as v3 documents: list items, the detail with its links and permissions, comments."""

from __future__ import annotations

from datetime import datetime

import pytest

from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from tests.conftest import ContractClient
from tests.shoppers import Shopper, images, shopper

PERMISSIONS = {
    "can_add_assets", "can_delete_board", "can_invite_to_board", "can_remove_assets",
    "can_update_description", "can_update_name",
}  # fmt: skip


@pytest.fixture
def owner(services: Services, client: ContractClient, demo: DemoCredentials) -> Shopper:
    return shopper(services, client, demo)


def _board(client: ContractClient, owner: Shopper) -> str:
    created = client.post("/v3/boards", json={"name": "Coast"}, headers=owner.headers)
    board_id: str = created.json()["id"]
    return board_id


def test_an_empty_board_is_listed_without_a_hero(client: ContractClient, owner: Shopper) -> None:
    board_id = _board(client, owner)
    (item,) = client.get("/v3/boards", headers=owner.headers).json()["boards"]
    assert item["id"] == board_id and "hero_asset" not in item
    assert (item["asset_count"], item["board_relationship"], item["description"]) == (
        0,
        "owned",
        None,
    )
    datetime.fromisoformat(item["date_created"])


def test_the_detail_links_the_board_and_its_assets_carry_no_watermark_flag(
    client: ContractClient, services: Services, owner: Shopper
) -> None:
    board_id = _board(client, owner)
    (photo,) = images(services, 1, lambda a: True)
    client.put(f"/v3/boards/{board_id}/assets/{photo.id}", headers=owner.headers)
    detail = client.get(f"/v3/boards/{board_id}", headers=owner.headers).json()
    assert detail["links"] == {
        "invitation": None,
        "share": f"http://photobank.test/v3/boards/{board_id}",
    }
    assert set(detail["permissions"]) == PERMISSIONS and all(detail["permissions"].values())
    (asset,) = detail["assets"]
    assert (asset["id"], asset["asset_type"]) == (photo.id, "image")
    assert all(set(size) == {"name", "uri"} for size in asset["display_sizes"])
    (item,) = client.get("/v3/boards", headers=owner.headers).json()["boards"]
    assert item["hero_asset"] == asset


def test_comments_name_their_author_and_what_the_reader_may_do(
    client: ContractClient, owner: Shopper
) -> None:
    board_id = _board(client, owner)
    url = f"/v3/boards/{board_id}/comments"
    assert client.post(url, json={"text": "Lovely light"}, headers=owner.headers).status_code == 201
    listed = client.get(url, headers=owner.headers).json()
    assert listed["permissions"] == {"can_add_comment": True}
    (comment,) = listed["comments"]
    assert comment["text"] == "Lovely light" and isinstance(comment["id"], str)
    assert comment["created_by"] == {"first_name": "Pat", "last_name": "Buyer"}
    assert comment["permissions"] == {"can_delete_comment": True}
    detail = client.get(f"/v3/boards/{board_id}", headers=owner.headers).json()
    assert detail["comment_count"] == 1
