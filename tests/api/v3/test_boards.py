"""Boards over HTTP: the whole lifecycle, contract-checked, and never across customers."""

from __future__ import annotations

import pytest

from photobank.boards.models import Permissions
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.media.policy import WatermarkRule
from tests.conftest import ContractClient
from tests.shoppers import Shopper, images, shopper


@pytest.fixture
def two(services: Services, client: ContractClient, demo: DemoCredentials) -> list[Shopper]:
    return [shopper(services, client, demo) for _ in range(2)]


def _create(client: ContractClient, who: Shopper, name: str = "Trip", **extra: str) -> str:
    response = client.post("/v3/boards", json={"name": name, **extra}, headers=who.headers)
    assert response.status_code == 201, response.text
    board_id: str = response.json()["id"]
    return board_id


def test_board_lifecycle(client: ContractClient, services: Services, two: list[Shopper]) -> None:
    owner = two[0]
    photos = images(services, 3, lambda a: True)
    board_id = _create(client, owner, "Holiday", description="Ideas")
    url = f"/v3/boards/{board_id}"
    added = client.put(
        f"{url}/assets",
        json=[{"asset_id": photos[0].id}, {"asset_id": photos[1].id}, {"asset_id": "999999999"}],
        headers=owner.headers,
    )
    assert added.status_code == 201
    assert added.json() == {
        "assets_added": [{"asset_id": photos[0].id}, {"asset_id": photos[1].id}],
        "assets_not_added": ["999999999"],
    }
    assert client.put(f"{url}/assets/{photos[2].id}", headers=owner.headers).status_code == 201
    detail = client.get(url, headers=owner.headers).json()
    assert detail["name"] == "Holiday" and detail["description"] == "Ideas"
    assert detail["asset_count"] == 3 and len(detail["assets"]) == 3
    assert detail["permissions"]["can_delete_board"] is True
    assert [s["name"] for s in detail["assets"][0]["display_sizes"]] == ["comp", "preview", "thumb"]
    listed = client.get("/v3/boards", headers=owner.headers).json()
    assert listed["board_count"] == 1
    assert listed["boards"][0]["hero_asset"]["id"] == photos[2].id
    assert listed["boards"][0]["board_relationship"] == "owned"

    assert client.delete(f"{url}/assets/{photos[2].id}", headers=owner.headers).status_code == 200
    gone = client.delete(f"{url}/assets?asset_ids={photos[0].id}", headers=owner.headers)
    assert gone.status_code == 200
    assert [a["id"] for a in client.get(url, headers=owner.headers).json()["assets"]] == [
        photos[1].id
    ]
    renamed = client.put(url, json={"name": "Summer", "description": None}, headers=owner.headers)
    assert renamed.status_code == 204
    assert client.get(url, headers=owner.headers).json()["name"] == "Summer"

    posted = client.post(f"{url}/comments", json={"text": "Nice"}, headers=owner.headers)
    assert posted.status_code == 201
    comments = client.get(f"{url}/comments", headers=owner.headers).json()
    assert comments["permissions"] == {"can_add_comment": True}
    assert comments["comments"][0]["text"] == "Nice"
    assert comments["comments"][0]["created_by"]["first_name"] == owner.customer.first_name
    comment_url = f"{url}/comments/{posted.json()['id']}"
    assert client.delete(comment_url, headers=owner.headers).status_code == 204
    assert client.delete(comment_url, headers=owner.headers).status_code == 404
    assert client.delete(f"{url}/comments/²", headers=owner.headers).status_code == 404

    assert client.delete(url, headers=owner.headers).status_code == 204
    assert client.get(url, headers=owner.headers).json()["code"] == "BoardNotFound"


def test_boards_never_leak(client: ContractClient, services: Services, two: list[Shopper]) -> None:
    mine, theirs = two
    board_id = _create(client, mine)
    url = f"/v3/boards/{board_id}"
    asset = images(services, 1, lambda a: True)[0]
    assert client.get("/v3/boards", headers=theirs.headers).json()["board_count"] == 0
    for method, path, body in (
        ("GET", url, None),
        ("PUT", url, {"name": "Mine now"}),
        ("DELETE", url, None),
        ("PUT", f"{url}/assets/{asset.id}", None),
        ("DELETE", f"{url}/assets/{asset.id}", None),
        ("GET", f"{url}/comments", None),
        ("POST", f"{url}/comments", {"text": "hi"}),
    ):
        response = client.request(method, path, json=body, headers=theirs.headers)
        assert response.status_code == 404, (method, path)
        assert response.json()["code"] == "BoardNotFound"
    assert client.get(url, headers=mine.headers).json()["name"] == "Trip"


def test_collaborators_see_shared_boards_within_their_permissions(
    client: ContractClient, services: Services, two: list[Shopper]
) -> None:
    owner, guest = two
    board_id = _create(client, owner, "Shared")
    viewer = Permissions(can_add_assets=True)
    services.boards.share(owner.customer.id, board_id, guest.customer.id, viewer)
    url = f"/v3/boards/{board_id}"
    invited = client.get("/v3/boards?board_relationship=invited", headers=guest.headers).json()
    assert [b["id"] for b in invited["boards"]] == [board_id]
    assert client.get("/v3/boards?board_relationship=owned", headers=guest.headers).json() == {
        "board_count": 0,
        "boards": [],
    }
    detail = client.get(url, headers=guest.headers).json()
    assert detail["permissions"]["can_delete_board"] is False
    asset = images(services, 1, lambda a: True)[0]
    assert client.put(f"{url}/assets/{asset.id}", headers=guest.headers).status_code == 201
    for response in (
        client.delete(url, headers=guest.headers),
        client.delete(f"{url}/assets/{asset.id}", headers=guest.headers),
        client.put(url, json={"name": "Renamed"}, headers=guest.headers),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "InsufficientAccess"
    posted = client.post(f"{url}/comments", json={"text": "guest"}, headers=guest.headers)
    owner_view = client.get(f"{url}/comments", headers=owner.headers).json()
    assert owner_view["comments"][0]["permissions"]["can_delete_comment"] is True
    mine = client.post(f"{url}/comments", json={"text": "owner"}, headers=owner.headers).json()
    denied = client.delete(f"{url}/comments/{mine['id']}", headers=guest.headers)
    assert denied.status_code == 403
    assert (
        client.delete(f"{url}/comments/{posted.json()['id']}", headers=guest.headers).status_code
        == 204
    )


def test_boards_need_a_user_token(client: ContractClient, app_token: str) -> None:
    anonymous = client.get("/v3/boards")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "Unauthorized"
    app_only = client.post(
        "/v3/boards", json={"name": "x"}, headers={"Authorization": f"Bearer {app_token}"}
    )
    assert app_only.status_code == 401


def test_unknown_asset_on_single_add_is_403(client: ContractClient, two: list[Shopper]) -> None:
    board_id = _create(client, two[0])
    response = client.put(f"/v3/boards/{board_id}/assets/nope", headers=two[0].headers)
    assert response.status_code == 403 and response.json()["code"] == "AssetNotFound"


@pytest.mark.parametrize(
    ("path", "method", "body", "named"),
    [
        ("/v3/boards", "POST", {"description": "no name"}, "name"),
        ("/v3/boards", "POST", {"name": "   "}, "name"),
        ("/v3/boards", "POST", {"name": "x" * 201}, "name"),
        ("/v3/boards", "POST", {"name": 3}, "name"),
        ("/v3/boards", "POST", {"name": "ok", "description": 5}, "description"),
        ("/v3/boards", "POST", {"name": "ok", "colour": "red"}, "colour"),
        ("/v3/boards", "POST", "not json", "body"),
        ("/v3/boards?page=0", "GET", None, "page"),
        ("/v3/boards?pageSize=500", "GET", None, "pageSize"),
        ("/v3/boards?sort_order=size", "GET", None, "sort_order"),
        ("/v3/boards?board_relationship=friend", "GET", None, "board_relationship"),
        ("{board}/assets", "PUT", {"asset_id": "1"}, "body"),
        ("{board}/assets", "PUT", [{"asset": "1"}], "body[0]"),
        ("{board}/assets", "PUT", [{"asset_id": 1}], "body[0].asset_id"),
        ("{board}/assets", "DELETE", None, "asset_ids"),
        ("{board}/comments", "POST", {"text": ""}, "text"),
        ("{board}/comments", "POST", {"text": 4}, "text"),
    ],
)
def test_bad_input_is_a_400_naming_it(
    client: ContractClient, two: list[Shopper], path: str, method: str, body: object, named: str
) -> None:
    who = two[0]
    board_id = _create(client, who)
    url = path.replace("{board}", f"/v3/boards/{board_id}")
    if isinstance(body, str):
        response = client.request(method, url, content=body, headers=who.headers)
    else:
        response = client.request(method, url, json=body, headers=who.headers)
    assert response.status_code == 400, response.text
    assert named in response.json()["message"]


def test_list_sorts_and_pages(client: ContractClient, two: list[Shopper]) -> None:
    who = two[0]
    for name in ("beta", "Alpha", "gamma"):
        _create(client, who, name)
    by_name = client.get("/v3/boards?sort_order=name_ascending", headers=who.headers).json()
    assert [b["name"] for b in by_name["boards"]] == ["Alpha", "beta", "gamma"]
    url = "/v3/boards?sort_order=name_decending&pageSize=2&page=2"
    reverse = client.get(url, headers=who.headers).json()
    assert (reverse["board_count"], [b["name"] for b in reverse["boards"]]) == (3, ["Alpha"])


@pytest.mark.parametrize("marked", [True, False])
def test_board_urls_follow_the_customers_watermark_policy(
    client: ContractClient, services: Services, demo: DemoCredentials, marked: bool
) -> None:
    """The same policy as a legacy lightbox's: one decision for every skin."""
    owner = shopper(services, client, demo)
    scope = f"customer:{owner.customer.id}"
    services.watermarks.set_rule(WatermarkRule(scope, "any", "preview", marked))
    board_id = _create(client, owner)
    (photo,) = images(services, 1, lambda a: True)
    client.put(f"/v3/boards/{board_id}/assets/{photo.id}", headers=owner.headers)
    detail = client.get(f"/v3/boards/{board_id}", headers=owner.headers).json()
    uris = {s["name"]: s["uri"] for s in detail["assets"][0]["display_sizes"]}
    assert f"wm={int(marked)}&" in uris["preview"] and "wm=0&" in uris["thumb"]
