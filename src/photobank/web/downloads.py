"""The signed-in customer's download history, with a re-download for each asset, and
the assets they hold a licence of (their purchases).

Records come from :class:`~photobank.licensing.history.HistoryService` (the
v3 ``GET /v3/downloads`` reads the same), always filtered by the customer
asking. A re-download posts to the asset's licence form, so it goes through
the one licensing path, where an asset already licensed is never charged again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank.catalog.model import Asset
from photobank.errors import InvalidParameter
from photobank.licensing.history import Window
from photobank.licensing.models import DownloadRecord, Page, Purchase
from photobank.paging import PageWindow, numbered_page
from photobank.web import views
from photobank.web.customer_pages import CustomerPages, page_count
from photobank.web.forms import to_sign_in
from photobank.web.search_form import parse_page

PAGE_SIZE = 30
T = TypeVar("T", DownloadRecord, Purchase)
_EVER = Window(None, None)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    record: DownloadRecord
    title: str
    thumb: views.Picture | None  # None once the asset left the catalog
    size: str
    date: str


@dataclass(frozen=True, slots=True)
class PurchaseRow:
    purchase: Purchase
    title: str
    thumb: views.Picture | None  # None once the asset left the catalog
    size: str
    date: str


class DownloadPages(CustomerPages):
    def routes(self) -> list[BaseRoute]:
        return [
            Route("/downloads", self.history, methods=["GET"]),
            Route("/purchases", self.purchases, methods=["GET"]),
        ]

    async def history(self, request: Request) -> Response:
        downloads = self.services.licensing.history.downloads
        return await self._listing(
            request, "/downloads", "downloads.html",
            lambda customer_id, paged: downloads(customer_id, _EVER, paged=paged), _history_row,
        )  # fmt: skip

    async def purchases(self, request: Request) -> Response:
        purchases = self.services.licensing.history.purchases
        return await self._listing(
            request, "/purchases", "purchases.html",
            lambda customer_id, paged: purchases(customer_id, _EVER, paged=paged), _purchase_row,
        )  # fmt: skip

    async def _listing(
        self, request: Request, path: str, template: str,
        fetch: Callable[[int, PageWindow], Page[T]],
        row: Callable[[T, Asset | None, Callable[[Asset], views.Picture]], object],
    ) -> Response:  # fmt: skip
        """A page of the signed-in customer's records at ``path``, each with its asset's
        thumbnail while the catalog keeps it."""
        customer = self.sessions.customer(request)
        if customer is None:
            return to_sign_in(path)
        try:
            page = parse_page(request.query_params)
        except InvalidParameter as error:
            return self.problem(request, customer, error.message, 400)
        found = await run_in_threadpool(fetch, customer.id, numbered_page(page, PAGE_SIZE))
        kept = self.services.catalog.get_kept([item.asset_id for item in found.items])
        viewer, urls = self.viewer(customer), self.services.media_urls

        def thumb(asset: Asset) -> views.Picture:
            return views.picture(urls, viewer, asset, ("thumb",))

        rows = [row(item, kept.get(item.asset_id), thumb) for item in found.items]
        return self.render(
            request, template, customer, rows=rows, total=found.total, page=page,
            pages=page_count(found.total, PAGE_SIZE),
        )  # fmt: skip


def _history_row(
    record: DownloadRecord, asset: Asset | None, thumb: Callable[[Asset], views.Picture]
) -> HistoryRow:
    return HistoryRow(
        record=record,
        title=asset.title if asset else record.asset_id,
        thumb=thumb(asset) if asset else None,
        size=f"{views.size_label(record.size_name)} · {record.width} \u00d7 {record.height} px",
        date=f"{record.downloaded_at:%d %B %Y, %H:%M} UTC",
    )


def _purchase_row(
    bought: Purchase, asset: Asset | None, thumb: Callable[[Asset], views.Picture]
) -> PurchaseRow:
    return PurchaseRow(
        purchase=bought,
        title=asset.title if asset else bought.asset_id,
        thumb=thumb(asset) if asset else None,
        size=views.size_label(bought.size_name),
        date=f"{bought.purchased_at:%d %B %Y}",
    )
