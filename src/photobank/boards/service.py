"""The boards service: every board operation, checked against the acting customer.

v3 boards and the legacy API's lightboxes are the same objects, so both skins
call this one service. Every method takes ``customer_id`` (the signed-in
customer acting) first; a board that customer neither owns nor collaborates on
raises :class:`BoardNotFound`, exactly like one that does not exist.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, update

from photobank.boards.checks import board_description, board_name, comment_text, require
from photobank.boards.errors import (
    BoardAssetNotFound,
    CollaboratorNotFound,
    CommentNotFound,
)
from photobank.boards.models import (
    EDITOR,
    SORT_ORDERS,
    AddResult,
    Board,
    BoardAsset,
    BoardPage,
    Collaborator,
    Comment,
    Permissions,
)
from photobank.boards.numbers import next_number
from photobank.boards.rows import seen_board, to_board, visible_boards
from photobank.catalog.service import CatalogService
from photobank.clock import Clock, as_utc
from photobank.errors import InvalidParameter
from photobank.paging import PageWindow
from photobank.store import tables as t

FIRST_30 = PageWindow(0, 30)  # the first page, as v3 pages boards by default
_B, _C, _A, _M = t.boards, t.board_collaborators, t.board_assets, t.board_comments
_ORDER = {
    "date_last_updated_descending": (_B.c.updated_at.desc(), _B.c.id),
    "date_last_updated_ascending": (_B.c.updated_at.asc(), _B.c.id),
    "name_ascending": (func.lower(_B.c.name).asc(), _B.c.id),
    "name_descending": (func.lower(_B.c.name).desc(), _B.c.id),
}


class BoardService:
    def __init__(self, engine: Engine, clock: Clock, catalog: CatalogService) -> None:
        self._engine = engine
        self._clock = clock
        self._catalog = catalog

    # -- boards ---------------------------------------------------------

    def create(self, customer_id: int, name: str, description: str | None = None) -> Board:
        """A new board owned by ``customer_id``."""
        name, description = board_name(name), board_description(description)
        board_id, now = secrets.token_hex(16), self._clock.now()
        with self._engine.begin() as conn:
            conn.execute(
                insert(_B).values(
                    id=board_id, owner_id=customer_id, name=name, description=description,
                    created_at=now, updated_at=now, legacy_id=next_number(conn),
                )
            )  # fmt: skip
        return self.get(customer_id, board_id)

    def get(self, customer_id: int, board_id: str) -> Board:
        with self._engine.connect() as conn:
            return self._board(conn, customer_id, board_id)

    def by_number(self, customer_id: int, number: int) -> Board:
        """The board a legacy client names by its lightbox number."""
        with self._engine.connect() as conn:
            return seen_board(conn, customer_id, _B.c.legacy_id == number, number)

    def for_customer(
        self,
        customer_id: int,
        *,
        relationship: str | None = None,
        sort_order: str = "date_last_updated_descending",
        paged: PageWindow = FIRST_30,
    ) -> BoardPage:
        """The customer's boards: ``relationship`` "owned", "invited" or None for both;
        the ``paged`` slice of them."""
        if sort_order not in SORT_ORDERS:
            raise InvalidParameter("sort_order", f"Unknown board sort order '{sort_order}'.")
        owned = _B.c.owner_id == customer_id
        invited = _C.c.customer_id.is_not(None)
        where = {"owned": owned, "invited": invited}.get(relationship or "", or_(owned, invited))
        visible = visible_boards(customer_id).where(where)
        with self._engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(visible.subquery())).scalar_one()
            rows = conn.execute(
                visible.order_by(*_ORDER[sort_order]).offset(paged.offset).limit(paged.limit)
            ).mappings()
            boards = [to_board(row, customer_id) for row in rows]
        return BoardPage(int(total), boards)

    def update(self, customer_id: int, board_id: str, name: str, description: str | None) -> Board:
        """Rename and re-describe; each change needs its own permission."""
        name, description = board_name(name), board_description(description)
        with self._engine.begin() as conn:
            board = self._board(conn, customer_id, board_id)
            if name != board.name:
                require(board.permissions.can_update_name, "rename")
            if description != board.description:
                require(board.permissions.can_update_description, "update the description of")
            conn.execute(
                update(_B)
                .where(_B.c.id == board_id)
                .values(name=name, description=description, updated_at=self._clock.now())
            )
            return self._board(conn, customer_id, board_id)

    def delete(self, customer_id: int, board_id: str) -> None:
        """Delete the board with its assets, comments and collaborators (owner only)."""
        with self._engine.begin() as conn:
            board = self._board(conn, customer_id, board_id)
            require(board.permissions.can_delete_board, "delete")
            for table in (_A, _M, _C):
                conn.execute(delete(table).where(table.c.board_id == board_id))
            conn.execute(delete(_B).where(_B.c.id == board_id))

    # -- collaborators --------------------------------------------------

    def share(
        self,
        customer_id: int,
        board_id: str,
        collaborator_id: int,
        permissions: Permissions = EDITOR,
    ) -> None:
        """Invite ``collaborator_id`` (or change their permissions); needs can_invite."""
        with self._engine.begin() as conn:
            board = self._board(conn, customer_id, board_id)
            require(board.permissions.can_invite_to_board, "invite others to")
            if collaborator_id == board.owner_id:
                return
            # A collaborator never gains more than an editor: deletion stays with the owner.
            granted = [p for p in permissions.granted() if p in EDITOR.granted()]
            conn.execute(
                delete(_C).where(_C.c.board_id == board_id, _C.c.customer_id == collaborator_id)
            )
            conn.execute(
                insert(_C).values(
                    board_id=board_id, customer_id=collaborator_id, permissions=granted,
                    added_at=self._clock.now(),
                )
            )  # fmt: skip

    def share_with(
        self, customer_id: int, board_id: str, username: str, permissions: Permissions = EDITOR
    ) -> None:
        """:meth:`share` with the customer named ``username``."""
        with self._engine.connect() as conn:
            found = conn.execute(
                select(t.customers.c.id).where(t.customers.c.username == username.strip())
            ).scalar_one_or_none()
        if found is None:
            raise CollaboratorNotFound(f"No customer has the username '{username.strip()[:80]}'.")
        self.share(customer_id, board_id, found, permissions)

    def collaborators(self, customer_id: int, board_id: str) -> list[Collaborator]:
        """Whom the board is shared with, first invited first, and what each may do."""
        people = t.customers.c
        with self._engine.connect() as conn:
            self._board(conn, customer_id, board_id)
            rows = conn.execute(
                select(_C.c.customer_id, _C.c.permissions, people.username,
                       people.first_name, people.last_name)
                .join(t.customers, people.id == _C.c.customer_id)
                .where(_C.c.board_id == board_id)
                .order_by(_C.c.added_at, _C.c.customer_id)
            ).mappings()  # fmt: skip
            return [
                Collaborator(
                    row["customer_id"],
                    row["username"],
                    f"{row['first_name']} {row['last_name']}".strip(),
                    Permissions.from_granted(list(row["permissions"])),
                )
                for row in rows
            ]

    def leave(self, customer_id: int, board_id: str, collaborator_id: int) -> None:
        """Remove a collaborator: the owner may remove anyone, a collaborator themself."""
        with self._engine.begin() as conn:
            board = self._board(conn, customer_id, board_id)
            if collaborator_id != customer_id:
                require(board.relationship == "owned", "remove collaborators from")
            conn.execute(
                delete(_C).where(_C.c.board_id == board_id, _C.c.customer_id == collaborator_id)
            )

    # -- assets ---------------------------------------------------------

    def assets(self, customer_id: int, board_id: str) -> list[BoardAsset]:
        """The board's assets, most recently added first."""
        with self._engine.connect() as conn:
            self._board(conn, customer_id, board_id)
            rows = conn.execute(
                select(_A.c.asset_id, _A.c.added_at)
                .where(_A.c.board_id == board_id)
                .order_by(_A.c.position.desc())
            )
            return [BoardAsset(asset_id, as_utc(at)) for asset_id, at in rows]

    def add_assets(self, customer_id: int, board_id: str, asset_ids: Sequence[str]) -> AddResult:
        """Add catalog assets; ids the catalog does not know come back as not added."""
        wanted = list(dict.fromkeys(asset_ids))
        known = self._catalog.get_assets(wanted)
        added = [i for i in wanted if i in known]
        now = self._clock.now()
        with self._engine.begin() as conn:
            board = self._board(conn, customer_id, board_id)
            require(board.permissions.can_add_assets, "add assets to")
            # Adds to one board queue here, so two never take the same position or add
            # the same asset twice: a write that changes nothing takes the board's row
            # lock on PostgreSQL, and SQLite's write lock (its reads before a first
            # write are outside any transaction).
            conn.execute(update(_B).where(_B.c.id == board_id).values(updated_at=_B.c.updated_at))
            present = set(
                conn.execute(
                    select(_A.c.asset_id).where(_A.c.board_id == board_id, _A.c.asset_id.in_(added))
                ).scalars()
            )
            last = conn.execute(
                select(func.coalesce(func.max(_A.c.position), 0)).where(_A.c.board_id == board_id)
            ).scalar_one()
            fresh = [i for i in added if i not in present]
            rows = [
                {"board_id": board_id, "asset_id": i, "position": last + n, "added_at": now}
                for n, i in enumerate(fresh, start=1)
            ]
            if rows:
                conn.execute(insert(_A), rows)
                conn.execute(update(_B).where(_B.c.id == board_id).values(updated_at=now))
        return AddResult(added, [i for i in wanted if i not in known])

    def add_asset(self, customer_id: int, board_id: str, asset_id: str) -> None:
        """Add one asset; an unknown one raises :class:`BoardAssetNotFound`."""
        if not self.add_assets(customer_id, board_id, [asset_id]).added:
            self.get(customer_id, board_id)  # an unknown board wins over an unknown asset
            raise BoardAssetNotFound(f"Asset not found: {asset_id}")

    def remove_assets(self, customer_id: int, board_id: str, asset_ids: Sequence[str]) -> int:
        """Remove assets (absent ones are ignored); returns how many left the board."""
        with self._engine.begin() as conn:
            board = self._board(conn, customer_id, board_id)
            require(board.permissions.can_remove_assets, "remove assets from")
            gone = conn.execute(
                delete(_A).where(_A.c.board_id == board_id, _A.c.asset_id.in_(list(asset_ids)))
            ).rowcount
            if gone:
                conn.execute(
                    update(_B).where(_B.c.id == board_id).values(updated_at=self._clock.now())
                )
            return int(gone)

    # -- comments -------------------------------------------------------

    def comments(self, customer_id: int, board_id: str) -> tuple[Board, list[Comment]]:
        """The board (for its comment permission) and its comments, oldest first."""
        with self._engine.connect() as conn:
            board = self._board(conn, customer_id, board_id)
            rows = conn.execute(
                select(_M, t.customers.c.first_name, t.customers.c.last_name)
                .join(t.customers, t.customers.c.id == _M.c.author_id)
                .where(_M.c.board_id == board_id)
                .order_by(_M.c.id)
            ).mappings()
            return board, [_comment(row, board, customer_id) for row in rows]

    def add_comment(self, customer_id: int, board_id: str, text: str) -> int:
        """Add a comment; returns its id."""
        text = comment_text(text)
        with self._engine.begin() as conn:
            board = self._board(conn, customer_id, board_id)
            require(board.permissions.can_add_comment, "comment on")
            result = conn.execute(
                insert(_M).values(
                    board_id=board_id, author_id=customer_id, text=text,
                    created_at=self._clock.now(),
                )
            )  # fmt: skip
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def delete_comment(self, customer_id: int, board_id: str, comment_id: int) -> None:
        """Delete a comment: its author or the board's owner may."""
        with self._engine.begin() as conn:
            board = self._board(conn, customer_id, board_id)
            author = conn.execute(
                select(_M.c.author_id).where(_M.c.id == comment_id, _M.c.board_id == board_id)
            ).scalar_one_or_none()
            if author is None:
                raise CommentNotFound(f"Comment not found: {comment_id}")
            require(author == customer_id or board.relationship == "owned", "delete comments of")
            conn.execute(delete(_M).where(_M.c.id == comment_id))

    # -- reading --------------------------------------------------------

    def _board(self, conn: Connection, customer_id: int, board_id: str) -> Board:
        return seen_board(conn, customer_id, _B.c.id == board_id, board_id)


def _comment(row: Any, board: Board, customer_id: int) -> Comment:
    return Comment(
        id=row["id"],
        board_id=row["board_id"],
        author_id=row["author_id"],
        author_first_name=row["first_name"],
        author_last_name=row["last_name"],
        text=row["text"],
        created_at=as_utc(row["created_at"]),
        can_delete=row["author_id"] == customer_id or board.relationship == "owned",
    )
