"""Boards as a customer sees them: one query gives a board with the customer's
permissions on it, its counts and its hero (the asset added last)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, and_, func, select

from photobank.boards.errors import BoardNotFound
from photobank.boards.models import OWNER, Board, Permissions
from photobank.clock import as_utc
from photobank.store import tables as t

_B, _C, _A, _M = t.boards, t.board_collaborators, t.board_assets, t.board_comments


def seen_board(conn: Connection, customer_id: int, which: Any, named: object) -> Board:
    """The board ``which`` selects, if the customer owns or collaborates on it."""
    row = conn.execute(visible_boards(customer_id).where(which)).mappings().first()
    if row is None or (row["owner_id"] != customer_id and row["permissions"] is None):
        raise BoardNotFound(f"Board not found: {named}")
    return to_board(row, customer_id)


def visible_boards(customer_id: int) -> Select[Any]:
    """Boards with the customer's collaborator permissions, counts and hero, in one query."""
    assets = select(func.count()).where(_A.c.board_id == _B.c.id).scalar_subquery()
    comments = select(func.count()).where(_M.c.board_id == _B.c.id).scalar_subquery()
    latest = _A.alias("latest")
    # Correlated to the outer board explicitly: nested in the hero's own subquery it
    # would otherwise take the highest position of every board.
    last = select(func.max(latest.c.position)).where(latest.c.board_id == _B.c.id).correlate(_B)

    def hero(column: Any) -> Any:
        """A column of the board's most recently added asset."""
        where = (_A.c.board_id == _B.c.id, _A.c.position == last.scalar_subquery())
        return select(column).where(*where).scalar_subquery()

    return select(
        _B,
        _C.c.permissions,
        assets.label("asset_count"),
        comments.label("comment_count"),
        hero(_A.c.asset_id).label("hero_asset_id"),
        hero(_A.c.added_at).label("hero_added_at"),
    ).outerjoin(_C, and_(_C.c.board_id == _B.c.id, _C.c.customer_id == customer_id))


def to_board(row: Any, customer_id: int) -> Board:
    owned = row["owner_id"] == customer_id
    return Board(
        id=row["id"],
        number=row["legacy_id"],
        owner_id=row["owner_id"],
        name=row["name"],
        description=row["description"],
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        asset_count=int(row["asset_count"]),
        comment_count=int(row["comment_count"]),
        relationship="owned" if owned else "invited",
        permissions=OWNER if owned else Permissions.from_granted(row["permissions"]),
        hero_asset_id=row["hero_asset_id"],
        hero_added_at=as_utc(row["hero_added_at"]) if row["hero_added_at"] else None,
    )
