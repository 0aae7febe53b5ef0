"""Boards in the web interface, in-process: what a signed-in customer does and sees."""

from __future__ import annotations

import re
from typing import Any

import pytest
from httpx import Response
from starlette.testclient import TestClient

from photobank.catalog.model import Asset
from photobank.composition import Services
from tests.shoppers import images, new_customer, premium
from tests.web.visitors import sign_in, token


def _customer(browser: TestClient, services: Services, first: str = "Pat") -> int:
    customer, password = new_customer(services, first)
    assert sign_in(browser, customer.username, password).status_code == 303
    return customer.id


def _post(browser: TestClient, path: str, **fields: str) -> Response:
    fields["csrf_token"] = token(browser.get("/boards").text)
    return browser.post(path, data=fields, follow_redirects=False)


def _new_board(browser: TestClient, name: str) -> str:
    created = _post(browser, "/boards", name=name)
    location = created.headers["location"]
    assert created.status_code == 303 and location.startswith("/boards/")
    return str(location)


def _grid_ids(html: str) -> list[str]:
    grid = html.split('aria-label="Assets on this board"', 1)
    return re.findall(r'<a href="/assets/([^"]+)"><img', grid[1]) if len(grid) > 1 else []


def test_boards_need_a_signed_in_customer(browser: TestClient) -> None:
    for path in ("/boards", "/boards/abc", "/downloads"):
        answer = browser.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in?next=")


def test_create_rename_and_delete_a_board(browser: TestClient, services: Services) -> None:
    _customer(browser, services)
    board = _new_board(browser, "Spring campaign")
    page = browser.get(board).text
    assert '<h1 id="board-name-heading">Spring campaign</h1>' in page and "0 assets" in page
    assert "Spring campaign" in browser.get("/boards").text
    assert _post(browser, f"{board}/rename", name="Summer").status_code == 303
    assert '<h1 id="board-name-heading">Summer</h1>' in browser.get(board).text
    confirm = browser.get(f"{board}/delete")
    assert confirm.status_code == 200 and "Delete “Summer”?" in confirm.text
    deleted = _post(browser, f"{board}/delete")
    assert deleted.headers["location"] == "/boards"
    assert browser.get(board).status_code == 404
    assert "Summer" not in browser.get("/boards").text


def test_an_empty_name_is_a_readable_400(browser: TestClient, services: Services) -> None:
    _customer(browser, services)
    refused = _post(browser, "/boards", name="   ")
    assert refused.status_code == 400
    assert "A board &#39;name&#39; is required." in refused.text


def test_add_from_the_asset_page_and_remove(browser: TestClient, services: Services) -> None:
    _customer(browser, services)
    first, second = images(services, 2, premium)
    board = _new_board(browser, "Picks")
    asset_page = browser.get(f"/assets/{first.id}").text
    assert f'<option value="{board.rsplit("/", 1)[1]}">Picks</option>' in asset_page
    for asset in (first, second):
        added = _post(browser, "/boards/add", board_id=board.rsplit("/", 1)[1], asset_id=asset.id)
        assert added.headers["location"] == board
    page = browser.get(board).text
    assert _grid_ids(page) == [second.id, first.id] and "2 assets" in page
    assert "2 assets" in browser.get("/boards").text
    _post(browser, f"{board}/remove", asset_id=second.id)
    assert _grid_ids(browser.get(board).text) == [first.id]


def test_add_to_a_new_board_from_search_results(browser: TestClient, services: Services) -> None:
    _customer(browser, services)
    _new_board(browser, "Existing")
    results = browser.get("/search", params={"phrase": ""}).text
    first = re.search(r'form="add-to-board" name="asset_id" value="([^"]+)"', results)
    assert first and '<form method="post" action="/boards/add" id="add-to-board"' in results
    added = _post(browser, "/boards/add", board_id="", name="Fresh", asset_id=first.group(1))
    page = browser.get(added.headers["location"]).text
    assert '<h1 id="board-name-heading">Fresh</h1>' in page and _grid_ids(page) == [first.group(1)]
    unknown = _post(browser, "/boards/add", board_id="", name="Never", asset_id="000000")
    assert unknown.status_code == 403 and "Asset not found" in unknown.text
    assert "Never" not in browser.get("/boards").text


def test_comments_are_listed_in_order(browser: TestClient, services: Services) -> None:
    _customer(browser, services, "Robin")
    board = _new_board(browser, "Discussed")
    for text in ("First thought", "Second <b>thought</b>"):
        answer = _post(browser, f"{board}/comments", text=text)
        assert answer.headers["location"] == f"{board}#comments"
    page = browser.get(board).text
    assert page.index("First thought") < page.index("Second &lt;b&gt;thought&lt;/b&gt;")
    assert "<strong>Robin Buyer</strong>" in page
    assert _post(browser, f"{board}/comments", text=" ").status_code == 400


def test_a_customer_never_sees_another_customers_boards(
    app: Any, browser: TestClient, services: Services
) -> None:
    _customer(browser, services)
    board = _new_board(browser, "Private plans")
    other = TestClient(app, base_url="http://photobank.test")
    _customer(other, services, "Sam")
    assert "Private plans" not in other.get("/boards").text
    shown = other.get(board)
    assert shown.status_code == 404 and "Private plans" not in shown.text
    assert other.get(f"{board}/delete").status_code == 404
    asset: Asset = images(services, 1, premium)[0]
    board_id = board.rsplit("/", 1)[1]
    attempts = [
        _post(other, f"{board}/rename", name="Taken"),
        _post(other, f"{board}/delete"),
        _post(other, f"{board}/comments", text="hello"),
        _post(other, "/boards/add", board_id=board_id, asset_id=asset.id),
    ]
    assert [a.status_code for a in attempts] == [404] * 4
    page = browser.get(board).text
    assert "Private plans" in page and "hello" not in page and _grid_ids(page) == []


def test_board_forms_without_their_token_are_refused(
    browser: TestClient, services: Services
) -> None:
    _customer(browser, services)
    board = _new_board(browser, "Guarded")
    for path, fields in (("/boards", {"name": "x"}), (f"{board}/delete", {})):
        refused = browser.post(path, data=fields)
        assert refused.status_code == 403 and "expired" in refused.text
    assert browser.get(board).status_code == 200


def test_a_collaborator_may_not_delete_the_owners_board(
    app: Any, browser: TestClient, services: Services
) -> None:
    owner = _customer(browser, services)
    board = _new_board(browser, "Shared shoot")
    other = TestClient(app, base_url="http://photobank.test")
    collaborator = _customer(other, services, "Sam")
    services.boards.share(owner, board.rsplit("/", 1)[1], collaborator)
    assert "shared with you" in other.get("/boards").text
    page = other.get(board).text
    assert "Shared shoot" in page and 'id="delete-board"' not in page
    refused = _post(other, f"{board}/delete")
    assert refused.status_code == 403 and "permission to delete" in refused.text
    assert browser.get(board).status_code == 200


def test_a_long_board_is_paged(
    browser: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("photobank.web.boards.TILES", 1)
    _customer(browser, services)
    first, second = images(services, 2, premium)
    board = _new_board(browser, "Long")
    for asset in (first, second):
        _post(browser, "/boards/add", board_id=board.rsplit("/", 1)[1], asset_id=asset.id)
    page = browser.get(board).text
    assert _grid_ids(page) == [second.id] and "Page 1 of 2" in page
    assert _grid_ids(browser.get(f"{board}?page=2").text) == [first.id]


def test_a_form_posted_after_signing_out_asks_to_sign_in(browser: TestClient) -> None:
    answer = _post(browser, "/boards", name="Anonymous")
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in?next=%2Fboards"


def test_an_owner_shares_a_board_to_comment_then_to_edit_and_the_guest_leaves(
    app: Any, services: Services
) -> None:
    owner, guest = (TestClient(app, base_url="http://photobank.test") for _ in range(2))
    _customer(owner, services, "Olive")
    guest_customer, password = new_customer(services, "Gus")
    assert sign_in(guest, guest_customer.username, password).status_code == 303
    board = _new_board(owner, "Shoot review")
    [asset] = images(services, 1, premium)
    _post(owner, "/boards/add", asset_id=asset.id, board_id=board.rsplit("/", 1)[1])
    assert guest.get(board).status_code == 404  # not shared yet: as if it did not exist

    unknown = _post(owner, f"{board}/share", username="nobody-here", access="comment")
    assert unknown.status_code == 404 and "No customer has the username" in unknown.text
    shared = _post(owner, f"{board}/share", username=guest_customer.username, access="comment")
    assert shared.status_code == 303
    seen = guest.get(board).text
    assert "Shoot review" in guest.get("/boards").text and _grid_ids(seen) == [asset.id]
    assert 'id="comment-text"' in seen and 'id="remove-from-board"' not in seen
    assert "Can look and comment" in owner.get(board).text
    assert _post(guest, f"{board}/rename", name="Mine now").status_code == 403

    _post(owner, f"{board}/share", username=guest_customer.username, access="edit")
    assert 'id="remove-from-board"' in guest.get(board).text
    assert 'id="share-username"' not in guest.get(board).text  # only the owner invites

    left = _post(guest, f"{board}/unshare", customer_id=str(guest_customer.id))
    assert left.headers["location"] == "/boards"
    assert guest.get(board).status_code == 404
    assert "Only you can see this board." in owner.get(board).text
