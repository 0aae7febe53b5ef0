"""Boards written by many requests at once (threads here; nodes in tests/multinode)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from photobank.composition import Services
from tests.shoppers import images, new_customer


def test_assets_added_at_once_each_get_a_place_and_the_board_still_reads(
    services: Services,
) -> None:
    boards = services.boards
    owner = new_customer(services, "Ria", "Racer")[0].id
    photos = [a.id for a in images(services, 12, lambda a: True)]
    board = boards.create(owner, "Rush", None)
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda photo: boards.add_asset(owner, board.id, photo), photos * 2))
    assert boards.get(owner, board.id).asset_count == len(photos)
    assert sorted(a.asset_id for a in boards.assets(owner, board.id)) == sorted(photos)
