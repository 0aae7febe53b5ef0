"""Boards in the web interface: list, create, rename, delete, assets, comments and
sharing (an owner shares a board with other customers by username, to edit it or
only to look and comment; a collaborator may leave it).

Every handler calls :class:`~photobank.boards.service.BoardService`, the same
service as v3 boards and legacy lightboxes, acting as the signed-in customer:
another customer's board is "not found" (404) exactly as in the API, a missing
permission is 403 and a bad name 400, each a readable page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank.accounts.models import Customer
from photobank.boards.errors import BoardAssetNotFound
from photobank.boards.models import COMMENTER, EDITOR, Board
from photobank.errors import DomainError, InvalidParameter
from photobank.paging import PageWindow, numbered_page
from photobank.web import views
from photobank.web.customer_pages import CustomerPages, page_count
from photobank.web.forms import status_of, to_sign_in
from photobank.web.search_form import parse_page

PAGE_SIZE = 30
TILES = 60  # a board's assets per page
CHOICES = 50  # boards an "Add to board" form offers, most recently updated first
# What sharing a board grants: the form's value -> (what the page says, the permissions).
ACCESS = {
    "edit": ("Can add, remove and comment", EDITOR),
    "comment": ("Can look and comment", COMMENTER),
}


@dataclass(frozen=True, slots=True)
class BoardCard:
    """A board in the list: its latest asset as the cover, when it has one."""

    board: Board
    cover: views.Picture | None


class BoardPages(CustomerPages):
    def routes(self) -> list[BaseRoute]:
        return [
            Route("/boards", self.index, methods=["GET"]),
            Route("/boards", self.post(self._create), methods=["POST"]),
            Route("/boards/add", self.post(self._add), methods=["POST"]),
            Route("/boards/{id}", self.show, methods=["GET"]),
            Route("/boards/{id}/rename", self.post(self._rename), methods=["POST"]),
            Route("/boards/{id}/delete", self.confirm_delete, methods=["GET"]),
            Route("/boards/{id}/delete", self.post(self._delete), methods=["POST"]),
            Route("/boards/{id}/remove", self.post(self._remove), methods=["POST"]),
            Route("/boards/{id}/comments", self.post(self._comment), methods=["POST"]),
            Route("/boards/{id}/share", self.post(self._share), methods=["POST"]),
            Route("/boards/{id}/unshare", self.post(self._unshare), methods=["POST"]),
        ]

    def choices(self, customer: Customer | None) -> list[Board]:
        """The boards an "Add to board" form offers: those the customer may add to."""
        if customer is None:
            return []
        boards = self.services.boards.for_customer(customer.id, paged=PageWindow(0, CHOICES))
        return [b for b in boards.boards if b.permissions.can_add_assets]

    async def index(self, request: Request) -> Response:
        customer = self.sessions.customer(request)
        if customer is None:
            return to_sign_in("/boards")
        try:
            page = parse_page(request.query_params)
        except InvalidParameter as error:
            return self.problem(request, customer, error.message, 400)
        found = await run_in_threadpool(
            self.services.boards.for_customer, customer.id, paged=numbered_page(page, PAGE_SIZE)
        )
        return self.render(
            request, "boards.html", customer, cards=self._cards(customer, found.boards),
            total=found.total, page=page, pages=page_count(found.total, PAGE_SIZE),
        )  # fmt: skip

    def _cards(self, customer: Customer, boards: list[Board]) -> list[BoardCard]:
        heroes = [b.hero_asset_id for b in boards if b.hero_asset_id]
        kept = self.services.catalog.get_kept(heroes)
        viewer, urls = self.viewer(customer), self.services.media_urls
        return [
            BoardCard(b, views.picture(urls, viewer, kept[b.hero_asset_id], ("thumb",)))
            if b.hero_asset_id in kept
            else BoardCard(b, None)
            for b in boards
        ]

    async def show(self, request: Request) -> Response:
        customer = self.sessions.customer(request)
        board_id = request.path_params["id"]
        if customer is None:
            return to_sign_in(f"/boards/{board_id}")
        boards = self.services.boards
        try:
            page = parse_page(request.query_params)
            board, comments = await run_in_threadpool(boards.comments, customer.id, board_id)
            items = await run_in_threadpool(boards.assets, customer.id, board_id)
            shared = await run_in_threadpool(boards.collaborators, customer.id, board_id)
        except DomainError as error:
            return self.problem(request, customer, error.message, status_of(error))
        shown = numbered_page(page, TILES).of(items)
        kept = self.services.catalog.get_kept([i.asset_id for i in shown])
        assets = [kept[i.asset_id] for i in shown if i.asset_id in kept]
        tiles = views.tiles(self.services.media_urls, self.viewer(customer), assets)
        return self.render(
            request, "board.html", customer, board=board, tiles=tiles, comments=comments,
            page=page, pages=page_count(len(items), TILES), shared=shared, access=ACCESS,
        )  # fmt: skip

    async def confirm_delete(self, request: Request) -> Response:
        customer = self.sessions.customer(request)
        board_id = request.path_params["id"]
        if customer is None:
            return to_sign_in(f"/boards/{board_id}")
        try:
            board = await run_in_threadpool(self.services.boards.get, customer.id, board_id)
        except DomainError as error:
            return self.problem(request, customer, error.message, status_of(error))
        return self.render(request, "board_delete.html", customer, board=board)

    # -- form actions: (customer id, board id, fields) -> the page to show next ----------

    def _create(self, who: int, _: str | None, fields: Mapping[str, str]) -> str:
        return _url(self.services.boards.create(who, fields.get("name", "")).id)

    def _add(self, who: int, _: str | None, fields: Mapping[str, str]) -> str:
        """Add an asset to a chosen board, or to a new one when no board is chosen."""
        asset_id, board_id = fields.get("asset_id", ""), fields.get("board_id", "")
        if not board_id:
            if not self.services.catalog.get_assets([asset_id]):
                raise BoardAssetNotFound(f"Asset not found: {asset_id}")
            board_id = self.services.boards.create(who, fields.get("name", "")).id
        self.services.boards.add_asset(who, board_id, asset_id)
        return _url(board_id)

    def _rename(self, who: int, board_id: str | None, fields: Mapping[str, str]) -> str:
        assert board_id is not None
        board = self.services.boards.get(who, board_id)
        self.services.boards.update(who, board_id, fields.get("name", ""), board.description)
        return _url(board_id)

    def _delete(self, who: int, board_id: str | None, _: Mapping[str, str]) -> str:
        assert board_id is not None
        self.services.boards.delete(who, board_id)
        return "/boards"

    def _remove(self, who: int, board_id: str | None, fields: Mapping[str, str]) -> str:
        assert board_id is not None
        self.services.boards.remove_assets(who, board_id, [fields.get("asset_id", "")])
        return _url(board_id)

    def _comment(self, who: int, board_id: str | None, fields: Mapping[str, str]) -> str:
        assert board_id is not None
        self.services.boards.add_comment(who, board_id, fields.get("text", ""))
        return _url(board_id) + "#comments"

    def _share(self, who: int, board_id: str | None, fields: Mapping[str, str]) -> str:
        assert board_id is not None
        access = fields.get("access", "")
        if access not in ACCESS:
            raise InvalidParameter("access", f"Access must be one of {', '.join(ACCESS)}.")
        username = fields.get("username", "")
        self.services.boards.share_with(who, board_id, username, ACCESS[access][1])
        return _url(board_id) + "#sharing"

    def _unshare(self, who: int, board_id: str | None, fields: Mapping[str, str]) -> str:
        """Remove a collaborator (the owner), or leave the board (a collaborator)."""
        assert board_id is not None
        raw = fields.get("customer_id", "")
        collaborator = int(raw) if raw.isascii() and raw.isdigit() else who
        self.services.boards.leave(who, board_id, collaborator)
        return "/boards" if collaborator == who else _url(board_id) + "#sharing"


def _url(board_id: str) -> str:
    return f"/boards/{board_id}"
