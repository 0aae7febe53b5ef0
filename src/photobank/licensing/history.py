"""A customer's download history, purchases and orders: reads over the licensing records.

Every query is filtered by the customer asking, so one customer never sees
another's records; an order of someone else's is refused, not hidden, as
Getty does (``NoAccessToOrderMetadata``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import Engine, Select, func, select

from photobank.catalog.service import CatalogService
from photobank.clock import Clock
from photobank.clock import as_utc as utc
from photobank.errors import InvalidParameter
from photobank.licensing.downloads import find_image
from photobank.licensing.errors import CompanyRecordsDisabled, NotYourOrder, OrderNotFound
from photobank.licensing.models import DownloadRecord, Order, Page, Purchase
from photobank.paging import PageWindow
from photobank.store import tables as t

DEFAULT_WINDOW = timedelta(days=30)
FIRST_30 = PageWindow(0, 30)  # the first page, as v3 pages by default
_D, _P, _C, _L = t.downloads.c, t.products.c, t.customers.c, t.licences.c
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Window:
    """An inclusive time range of history; ``None`` ends are open."""

    start: datetime | None
    end: datetime | None


def download_window(
    date_from: datetime | None, date_to: datetime | None, use_time: bool, now: datetime
) -> Window:
    """Getty's defaults: ``date_to`` is now, or 30 days after ``date_from`` if that is
    earlier; ``date_from`` is 30 days before ``date_to``. Without ``use_time`` only
    the dates count: the window runs from the start of one day to the end of the other."""
    if date_to is None:
        date_to = now if date_from is None else min(now, _shift(date_from, DEFAULT_WINDOW))
    if date_from is None:
        date_from = _shift(date_to, -DEFAULT_WINDOW)
    return _window(date_from, date_to, use_time)


def _shift(value: datetime, delta: timedelta) -> datetime:
    """``value + delta``, held at the calendar's ends (a client may send year 1 or 9999)."""
    try:
        return value + delta
    except OverflowError:
        return (datetime.min if delta < timedelta(0) else datetime.max).replace(tzinfo=UTC)


def purchase_window(
    date_from: datetime | None, date_to: datetime | None, use_time: bool = False
) -> Window:
    return _window(date_from, date_to, use_time)


def _window(start: datetime | None, end: datetime | None, use_time: bool) -> Window:
    if not use_time:
        start = datetime.combine(start.date(), time(), start.tzinfo) if start else None
        end = datetime.combine(end.date(), time.max, end.tzinfo) if end else None
    if start is not None and end is not None and start > end:
        raise InvalidParameter(
            "date_from", "Invalid value for parameter 'date_from': it is after 'date_to'."
        )
    return Window(start, end)


class HistoryService:
    def __init__(self, engine: Engine, clock: Clock, catalog: CatalogService) -> None:
        self._engine = engine
        self._clock = clock
        self._catalog = catalog

    def downloads(
        self,
        customer_id: int,
        window: Window,
        *,
        product_type: str | None = None,
        paged: PageWindow = FIRST_30,
        company: bool = False,
    ) -> Page[DownloadRecord]:
        """The customer's downloads in ``window``, newest first: the ``paged`` slice."""
        _own_records_only(company)
        query = _download_query().where(_D.customer_id == customer_id)
        query = _within(query, _D.downloaded_at, window)
        if product_type is not None:
            query = query.where(_P.type == product_type)
        order = (_D.downloaded_at.desc(), _D.id.desc())
        return self._page(query.order_by(*order), paged, _download)

    def asset_downloads(
        self, customer_id: int, asset_id: str, *, company: bool = False, asset_type: str = "image"
    ) -> list[DownloadRecord]:
        """The customer's downloads of one image (or video), newest first (``ImageNotFound``
        or ``VideoNotFound`` if unknown)."""
        _own_records_only(company)
        find_image(self._catalog, asset_id, asset_type, kept=True)
        query = _download_query().where(_D.customer_id == customer_id, _D.asset_id == asset_id)
        with self._engine.connect() as conn:
            rows = conn.execute(query.order_by(_D.downloaded_at.desc(), _D.id.desc())).mappings()
            return [_download(row) for row in rows]

    def purchases(
        self,
        customer_id: int,
        window: Window,
        *,
        paged: PageWindow = FIRST_30,
        company: bool = False,
    ) -> Page[Purchase]:
        """The customer's licences in ``window``, newest first: the ``paged`` slice."""
        _own_records_only(company)
        query: Select[Any] = (
            select(_L.asset_id, _L.order_id, _L.size_name, _L.bytes, _L.licensed_at, _C.username)
            .join_from(t.licences, t.customers, _L.customer_id == _C.id)
            .where(_L.customer_id == customer_id)
        )
        query = _within(query, _L.licensed_at, window)
        order = (_L.licensed_at.desc(), _L.id.desc())
        page_rows = self._page(query.order_by(*order), paged, dict)
        assets = self._catalog.get_kept([row["asset_id"] for row in page_rows.items])
        purchases = tuple(
            Purchase(
                asset_id=row["asset_id"],
                asset_type=asset.asset_type if (asset := assets.get(row["asset_id"])) else "image",
                license_model=asset.license_model if asset else None,
                order_id=row["order_id"],
                purchased_by=row["username"],
                size_name=row["size_name"],
                bytes=row["bytes"],
                purchased_at=utc(row["licensed_at"]),
            )
            for row in page_rows.items
        )
        return Page(purchases, page_rows.total)

    def order(self, customer_id: int, order_id: int) -> Order:
        """One of the customer's orders; another customer's is refused."""
        o = t.orders.c
        query = select(
            o.id, o.customer_id, o.kind, o.asset_id, o.project_code, o.created_at,
            _C.username, _C.first_name, _C.last_name,
        ).join_from(t.orders, t.customers, o.customer_id == _C.id)  # fmt: skip
        with self._engine.connect() as conn:
            row = conn.execute(query.where(o.id == order_id)).mappings().first()
        if row is None:
            raise OrderNotFound(f"Order not found: {order_id}")
        if row["customer_id"] != customer_id:
            raise NotYourOrder(f"You have no access to the metadata of order {order_id}.")
        return Order(
            id=row["id"],
            customer_id=row["customer_id"],
            kind=row["kind"],
            asset_ids=(row["asset_id"],),
            ordered_by=row["username"],
            licensee_name=f"{row['first_name']} {row['last_name']}".strip() or row["username"],
            project_code=row["project_code"],
            created_at=utc(row["created_at"]),
        )

    def _page(self, query: Select[Any], paged: PageWindow, convert: Callable[[Any], T]) -> Page[T]:
        with self._engine.connect() as conn:
            total = conn.execute(
                select(func.count()).select_from(query.order_by(None).subquery())
            ).scalar_one()
            rows = conn.execute(query.limit(paged.limit).offset(paged.offset)).mappings()
            return Page(tuple(convert(row) for row in rows), total)


def _own_records_only(company: bool) -> None:
    """photobank has no companies: asking for a company's records is refused as Getty
    refuses an account not enabled for it."""
    if company:
        raise CompanyRecordsDisabled("Company-wide history is not enabled for this account.")


def _download_query() -> Select[Any]:
    return (
        select(
            _D.id,
            _D.customer_id,
            _D.asset_id,
            _D.asset_type,
            _D.product_id,
            _D.size_name,
            _D.width,
            _D.height,
            _D.charged,
            _D.download_notes,
            _D.project_code,
            _D.downloaded_at,
            _P.type.label("product_type"),
            _P.agreement_name,
            _C.username,
            _C.first_name,
            _C.last_name,
        )
        .join_from(t.downloads, t.products, _D.product_id == _P.id)
        .join_from(t.downloads, t.customers, _D.customer_id == _C.id)
    )


def _within(query: Select[Any], column: Any, window: Window) -> Select[Any]:
    if window.start is not None:
        query = query.where(column >= window.start)
    if window.end is not None:
        query = query.where(column <= window.end)
    return query


def _download(row: Any) -> DownloadRecord:
    return DownloadRecord(
        id=row["id"],
        customer_id=row["customer_id"],
        username=row["username"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        asset_id=row["asset_id"],
        asset_type=row["asset_type"],
        product_id=row["product_id"],
        product_type=row["product_type"],
        agreement_name=row["agreement_name"],
        size_name=row["size_name"],
        width=row["width"],
        height=row["height"],
        charged=row["charged"],
        download_notes=row["download_notes"],
        project_code=row["project_code"],
        downloaded_at=utc(row["downloaded_at"]),
    )
