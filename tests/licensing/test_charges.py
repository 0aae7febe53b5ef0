"""The conditional charges: a product is charged only while it is open and has room left."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from photobank.accounts.models import Customer
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.licensing.charges import take_credits, take_download
from photobank.licensing.models import Product
from photobank.licensing.products import ProductTerms
from photobank.licensing.service import LicensingService
from photobank.store import tables as t


def _grant(licensing: LicensingService, customer: Customer, **terms: object) -> Product:
    return licensing.products.grant(customer.id, ProductTerms(**terms))  # type: ignore[arg-type]


def _downloads(
    services: Services, product: Product, clock: ManualClock, times: int, overage: bool = False
) -> list[bool]:
    with services.engine.begin() as conn:
        return [
            take_download(conn, product.id, product.limit_duration, clock.now(), overage=overage)
            for _ in range(times)
        ]


def _row(services: Services, product: Product) -> dict[str, object]:
    with services.engine.connect() as conn:
        row = conn.execute(select(t.products).where(t.products.c.id == product.id)).mappings()
        return dict(row.one())


def test_downloads_are_counted_up_to_the_limit_and_overage_beyond_it(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    product = _grant(licensing, customer, type="premiumaccess", download_limit=2, overage_limit=1)
    assert _downloads(services, product, licensing_clock, 3) == [True, True, False]
    assert _downloads(services, product, licensing_clock, 2, overage=True) == [True, False]
    assert _row(services, product)["downloads_used"] == 3


def test_a_new_period_starts_the_count_again(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    product = _grant(
        licensing, customer, type="premiumaccess", download_limit=1, limit_duration="day"
    )
    assert _downloads(services, product, licensing_clock, 2) == [True, False]
    licensing_clock.advance(timedelta(days=1))
    assert _downloads(services, product, licensing_clock, 2) == [True, False]
    assert _row(services, product)["downloads_used"] == 1


def test_an_unlimited_product_is_always_charged_and_a_closed_one_never(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    unlimited = _grant(licensing, customer, type="premiumaccess")
    assert _downloads(services, unlimited, licensing_clock, 5) == [True] * 5
    expiring = _grant(
        licensing,
        customer,
        type="premiumaccess",
        expires_at=licensing_clock.now() + timedelta(hours=1),
    )
    switched_off = _grant(licensing, customer, type="premiumaccess")
    licensing.products.set_status(switched_off.id, "inactive")
    assert _downloads(services, switched_off, licensing_clock, 1) == [False]
    licensing_clock.advance(timedelta(hours=1))
    assert _downloads(services, expiring, licensing_clock, 1) == [False]
    assert _row(services, switched_off)["downloads_used"] == 0


def test_credits_are_spent_from_their_own_pool_never_below_zero(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    pack = _grant(licensing, customer, type="creditpack", credits=10, team_credits=4)
    now = licensing_clock.now()
    with services.engine.begin() as conn:
        spent = [
            take_credits(conn, pack.id, 6, now, team=False),
            take_credits(conn, pack.id, 6, now, team=False),  # 4 left: refused whole
            take_credits(conn, pack.id, 4, now, team=True),
            take_credits(conn, pack.id, 1, now, team=True),
        ]
    assert spent == [True, False, True, False]
    row = _row(services, pack)
    assert (row["credits_remaining"], row["team_credits"]) == (4, 0)
