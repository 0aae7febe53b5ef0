"""The boards service: the API the v3 skin and the legacy lightboxes share."""

from __future__ import annotations

import pytest

from photobank.accounts.models import Customer
from photobank.boards.errors import (
    BoardAssetNotFound,
    BoardNotFound,
    CommentNotFound,
    InsufficientAccess,
)
from photobank.boards.models import EDITOR, OWNER, Permissions
from photobank.composition import Services
from photobank.errors import InvalidParameter
from photobank.paging import numbered_page
from tests.shoppers import images, new_customer


@pytest.fixture
def people(services: Services) -> list[Customer]:
    return [new_customer(services, first, "Tester")[0] for first in ("Ada", "Bo", "Cy")]


def test_owner_lifecycle(services: Services, people: list[Customer]) -> None:
    boards, ada = services.boards, people[0].id
    photos = [a.id for a in images(services, 2, lambda a: True)]
    board = boards.create(ada, "  Ideas  ", "for later")
    assert (board.name, board.relationship, board.permissions) == ("Ideas", "owned", OWNER)
    result = boards.add_assets(ada, board.id, [*photos, photos[0], "nope"])
    assert (result.added, result.not_added) == (photos, ["nope"])
    again = boards.add_assets(ada, board.id, photos)
    assert boards.get(ada, board.id).asset_count == 2 and again.added == photos
    assert [a.asset_id for a in boards.assets(ada, board.id)] == photos[::-1]
    assert boards.get(ada, board.id).hero_asset_id == photos[1]
    assert boards.remove_assets(ada, board.id, [photos[1], "absent"]) == 1
    renamed = boards.update(ada, board.id, "Plans", None)
    assert (renamed.name, renamed.description) == ("Plans", None)
    comment_id = boards.add_comment(ada, board.id, "first")
    board_now, comments = boards.comments(ada, board.id)
    assert board_now.comment_count == 1 and comments[0].id == comment_id
    assert comments[0].author_first_name == "Ada" and comments[0].can_delete
    boards.delete_comment(ada, board.id, comment_id)
    with pytest.raises(CommentNotFound):
        boards.delete_comment(ada, board.id, comment_id)
    boards.delete(ada, board.id)
    with pytest.raises(BoardNotFound):
        boards.get(ada, board.id)


def test_strangers_cannot_tell_a_board_exists(services: Services, people: list[Customer]) -> None:
    boards, ada, bo = services.boards, people[0].id, people[1].id
    board = boards.create(ada, "Private")
    for attempt in (
        lambda: boards.get(bo, board.id),
        lambda: boards.update(bo, board.id, "Mine", None),
        lambda: boards.delete(bo, board.id),
        lambda: boards.add_assets(bo, board.id, []),
        lambda: boards.remove_assets(bo, board.id, []),
        lambda: boards.comments(bo, board.id),
        lambda: boards.add_comment(bo, board.id, "hi"),
        lambda: boards.share(bo, board.id, bo),
    ):
        with pytest.raises(BoardNotFound):
            attempt()
    assert boards.for_customer(bo).total == 0


def test_collaborators_act_within_their_permissions(
    services: Services, people: list[Customer]
) -> None:
    boards, ada, bo, cy = services.boards, people[0].id, people[1].id, people[2].id
    board = boards.create(ada, "Team", "shared")
    boards.share(ada, board.id, bo, Permissions(can_add_assets=True, can_delete_board=True))
    seen = boards.get(bo, board.id)
    assert seen.relationship == "invited"
    assert seen.permissions == Permissions(can_add_assets=True)  # never can_delete_board
    assert boards.for_customer(bo, relationship="invited").boards[0].id == board.id
    assert boards.for_customer(bo, relationship="owned").total == 0
    with pytest.raises(InsufficientAccess):
        boards.delete(bo, board.id)
    with pytest.raises(InsufficientAccess):
        boards.update(bo, board.id, "Renamed", "shared")
    with pytest.raises(InsufficientAccess):
        boards.share(bo, board.id, cy)
    boards.update(bo, board.id, "Team", "shared")  # nothing changes: nothing to permit
    boards.share(ada, board.id, bo, EDITOR)
    assert boards.update(bo, board.id, "Renamed", None).name == "Renamed"
    owner_comment = boards.add_comment(ada, board.id, "owner")
    with pytest.raises(InsufficientAccess):
        boards.delete_comment(bo, board.id, owner_comment)
    boards.leave(bo, board.id, bo)
    with pytest.raises(BoardNotFound):
        boards.get(bo, board.id)


def test_single_add_and_validation(services: Services, people: list[Customer]) -> None:
    boards, ada, bo = services.boards, people[0].id, people[1].id
    board = boards.create(ada, "One")
    with pytest.raises(BoardAssetNotFound):
        boards.add_asset(ada, board.id, "999999999")
    with pytest.raises(BoardNotFound):
        boards.add_asset(bo, board.id, "999999999")
    for name in ("", "   ", "x" * 201):
        with pytest.raises(InvalidParameter) as refused:
            boards.create(ada, name)
        assert refused.value.parameter == "name"
    with pytest.raises(InvalidParameter) as refused:
        boards.add_comment(ada, board.id, " ")
    assert refused.value.parameter == "text"
    with pytest.raises(InvalidParameter):
        boards.for_customer(ada, sort_order="size")


def test_listing_sorts_and_pages(services: Services, people: list[Customer]) -> None:
    boards, ada = services.boards, people[0].id
    for name in ("b", "A", "c"):
        boards.create(ada, name)
    names = [b.name for b in boards.for_customer(ada, sort_order="name_descending").boards]
    assert names == ["c", "b", "A"]
    page = boards.for_customer(ada, sort_order="name_ascending", paged=numbered_page(2, 2))
    assert (page.total, [b.name for b in page.boards]) == (3, ["c"])


def test_a_boards_hero_is_its_own_latest_asset_beside_a_longer_board(services: Services) -> None:
    boards = services.boards
    owner = new_customer(services, "Hana", "Hero")[0].id
    photos = [a.id for a in images(services, 6, lambda a: True)]
    longer = boards.create(owner, "Longer", None)
    boards.add_assets(owner, longer.id, photos)
    shorter = boards.create(owner, "Shorter", None)
    boards.add_assets(owner, shorter.id, photos[:2])
    assert boards.get(owner, shorter.id).hero_asset_id == photos[1]
    assert boards.get(owner, longer.id).hero_asset_id == photos[5]
