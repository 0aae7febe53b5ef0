"""The signed-in customer's download history, with a re-download for each asset, and
the assets they hold a licence of (their purchases).

Records come from :class:`~photobank.licensing.history.HistoryService` (the
v3 ``GET /v3/downloads`` reads the same), always filtered by the customer
asking. A re-download posts to the asset's licence form, so it goes through
the one licensing path, where an asset already licensed is never charged again.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank.errors import InvalidParameter
from photobank.licensing.history import Window
from photobank.licensing.models import DownloadRecord, Purchase
from photobank.paging import numbered_page
from photobank.web import views
from photobank.web.customer_pages import CustomerPages, page_count
from photobank.web.forms import to_sign_in
from photobank.web.search_form import parse_page

PAGE_SIZE = 30
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

    async def purchases(self, request: Request) -> Response:
        customer = self.sessions.customer(request)
        if customer is None:
            return to_sign_in("/purchases")
        try:
            page = parse_page(request.query_params)
        except InvalidParameter as error:
            return self.problem(request, customer, error.message, 400)
        found = await run_in_threadpool(
            self.services.licensing.history.purchases,
            customer.id, _EVER, paged=numbered_page(page, PAGE_SIZE),
        )  # fmt: skip
        kept = self.services.catalog.get_kept([p.asset_id for p in found.items])
        viewer, urls = self.viewer(customer), self.services.media_urls
        rows = [
            PurchaseRow(
                purchase=bought,
                title=asset.title if asset else bought.asset_id,
                thumb=views.picture(urls, viewer, asset, ("thumb",)) if asset else None,
                size=views.size_label(bought.size_name),
                date=f"{bought.purchased_at:%d %B %Y}",
            )
            for bought in found.items
            for asset in [kept.get(bought.asset_id)]
        ]
        return self.render(
            request, "purchases.html", customer, rows=rows, total=found.total, page=page,
            pages=page_count(found.total, PAGE_SIZE),
        )  # fmt: skip

    async def history(self, request: Request) -> Response:
        customer = self.sessions.customer(request)
        if customer is None:
            return to_sign_in("/downloads")
        try:
            page = parse_page(request.query_params)
        except InvalidParameter as error:
            return self.problem(request, customer, error.message, 400)
        found = await run_in_threadpool(
            self.services.licensing.history.downloads,
            customer.id, _EVER, paged=numbered_page(page, PAGE_SIZE),
        )  # fmt: skip
        kept = self.services.catalog.get_kept([r.asset_id for r in found.items])
        viewer, urls = self.viewer(customer), self.services.media_urls
        rows = []
        for record in found.items:
            asset = kept.get(record.asset_id)
            rows.append(
                HistoryRow(
                    record=record,
                    title=asset.title if asset else record.asset_id,
                    thumb=views.picture(urls, viewer, asset, ("thumb",)) if asset else None,
                    size=f"{views.size_label(record.size_name)} · "
                    f"{record.width} \u00d7 {record.height} px",
                    date=f"{record.downloaded_at:%d %B %Y, %H:%M} UTC",
                )
            )
        return self.render(
            request, "downloads.html", customer, rows=rows, total=found.total, page=page,
            pages=page_count(found.total, PAGE_SIZE),
        )  # fmt: skip
