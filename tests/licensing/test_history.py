"""History windows, paging and the wall between customers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from photobank.accounts.models import Customer
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.errors import Forbidden, InvalidParameter, NotFound
from photobank.licensing.downloads import DownloadRequest
from photobank.licensing.history import Window, download_window, purchase_window
from photobank.licensing.products import ProductTerms
from photobank.licensing.service import LicensingService
from photobank.paging import numbered_page
from tests.shoppers import images, new_customer, premium

NOW = datetime(2026, 6, 10, 12, 30, tzinfo=UTC)
EVERYTHING = Window(None, None)


def test_the_default_window_is_the_last_30_days() -> None:
    window = download_window(None, None, False, NOW)
    assert window.end == datetime(2026, 6, 10, 23, 59, 59, 999_999, tzinfo=UTC)
    assert window.start == datetime(2026, 5, 11, tzinfo=UTC)


def test_date_to_defaults_to_30_days_after_date_from_or_now() -> None:
    early = datetime(2026, 1, 1, 8, tzinfo=UTC)
    assert download_window(early, None, True, NOW) == Window(early, early + timedelta(days=30))
    assert download_window(NOW - timedelta(days=2), None, True, NOW).end == NOW


def test_windows_at_the_ends_of_the_calendar() -> None:
    first = datetime(1, 1, 5, tzinfo=UTC)
    assert download_window(None, first, True, NOW) == Window(
        datetime.min.replace(tzinfo=UTC), first
    )
    with pytest.raises(InvalidParameter):  # a start after today, not an overflow
        download_window(datetime(9999, 12, 20, tzinfo=UTC), None, False, NOW)


def test_use_time_keeps_the_time_part() -> None:
    start, end = NOW - timedelta(hours=3), NOW - timedelta(hours=1)
    assert download_window(start, end, True, NOW) == Window(start, end)
    assert download_window(start, end, False, NOW).start == datetime(2026, 6, 10, tzinfo=UTC)


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidParameter) as refused:
        purchase_window(NOW, NOW - timedelta(days=2))
    assert refused.value.parameter == "date_from"


def test_histories_never_show_another_customers_records(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    other = new_customer(services)[0]
    for who in (customer, other):
        licensing.products.grant(who.id, ProductTerms("premiumaccess"))
    mine, theirs = images(services, 2, premium)
    licensing.downloads.download(DownloadRequest(mine.id, customer.id), "http://x")
    licensing_clock.advance(timedelta(minutes=1))
    licensing.downloads.download(DownloadRequest(theirs.id, other.id), "http://x")
    licensing.downloads.download(DownloadRequest(mine.id, customer.id), "http://x")
    history = licensing.history
    assert [r.asset_id for r in history.downloads(customer.id, EVERYTHING).items] == [mine.id] * 2
    assert history.asset_downloads(customer.id, theirs.id) == []
    [purchase] = history.purchases(customer.id, EVERYTHING).items
    assert purchase.asset_id == mine.id and purchase.purchased_by == customer.username
    their_order = history.purchases(other.id, EVERYTHING).items[0].order_id
    with pytest.raises(Forbidden) as refused:
        history.order(customer.id, their_order)
    assert refused.value.code == "NoAccessToOrderMetadata"
    assert history.order(other.id, their_order).asset_ids == (theirs.id,)
    with pytest.raises(NotFound) as missing:
        history.order(customer.id, 99_999_999)
    assert missing.value.code == "OrderNotFound"


def test_paging_and_product_type_filter(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    licensing.products.grant(customer.id, ProductTerms("premiumaccess"))
    for asset in images(services, 5, premium):
        licensing_clock.advance(timedelta(seconds=1))
        licensing.downloads.download(DownloadRequest(asset.id, customer.id), "http://x")
    page = licensing.history.downloads(customer.id, EVERYTHING, paged=numbered_page(2, 2))
    assert page.total == 5 and len(page.items) == 2
    assert page.items[0].downloaded_at > page.items[1].downloaded_at  # newest first
    past_the_end = licensing.history.downloads(customer.id, EVERYTHING, paged=numbered_page(4, 2))
    assert past_the_end.items == ()
    none = licensing.history.downloads(customer.id, EVERYTHING, product_type="imagepack")
    assert none.total == 0


def test_company_wide_history_is_not_enabled(
    licensing: LicensingService, customer: Customer
) -> None:
    with pytest.raises(Forbidden):
        licensing.history.downloads(customer.id, EVERYTHING, company=True)
    with pytest.raises(Forbidden):
        licensing.history.purchases(customer.id, EVERYTHING, company=True)
