"""Granting products: terms are checked, counts read as of the clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from photobank.accounts.models import Customer
from photobank.clock import ManualClock
from photobank.errors import InvalidParameter, NotFound
from photobank.licensing.products import ProductTerms
from photobank.licensing.service import LicensingService


@pytest.mark.parametrize(
    ("terms", "parameter"),
    [
        (ProductTerms("goldaccess"), "type"),
        (ProductTerms("premiumaccess", download_limit=5, limit_duration="fortnight"), "duration"),
        (ProductTerms("premiumaccess", limit_duration="month"), "duration"),
        (ProductTerms("premiumaccess", download_limit=-1), "limit"),
        (ProductTerms("premiumaccess", overage_limit=-2), "overage"),
        (ProductTerms("creditpack"), "credits"),
        (ProductTerms("creditpack", credits=5, download_limit=3), "limit"),
        (ProductTerms("imagepack", download_limit=3, credits=5), "credits"),
        (ProductTerms("premiumaccess", expires_at=datetime(2027, 1, 1)), "expires"),
    ],
)
def test_bad_terms_name_what_is_wrong(
    licensing: LicensingService, customer: Customer, terms: ProductTerms, parameter: str
) -> None:
    with pytest.raises(InvalidParameter) as refused:
        licensing.products.grant(customer.id, terms)
    assert refused.value.parameter == parameter


def test_unknown_customers_get_nothing(licensing: LicensingService) -> None:
    with pytest.raises(NotFound):
        licensing.products.grant(10_000_000, ProductTerms("premiumaccess"))
    with pytest.raises(NotFound):
        licensing.products.customer_id("nobody-at-all")
    with pytest.raises(NotFound):
        licensing.products.set_status(10_000_000, "inactive")
    with pytest.raises(InvalidParameter):
        licensing.products.set_status(1, "paused")


def test_defaults_and_status_by_the_clock(
    licensing: LicensingService, licensing_clock: ManualClock, customer: Customer
) -> None:
    now = licensing_clock.now()
    terms = ProductTerms("imagepack", download_limit=3, expires_at=now + timedelta(hours=1))
    product = licensing.products.grant(customer.id, terms)
    assert (product.name, product.agreement_name) == ("Image Pack", "Image Pack Agreement")
    assert product.reset_at(now) is None and product.remaining_at(now) == 3
    assert licensing.products.customer_id(customer.username) == customer.id
    assert product.status_at(now) == "active"
    licensing_clock.advance(timedelta(hours=1))
    assert product.status_at(licensing_clock.now()) == "expired"
    licensing.products.set_status(product.id, "inactive")
    [stored] = licensing.products.products(customer.id)
    assert stored.status_at(now) == "inactive"


def test_operators_can_set_what_remains(
    licensing: LicensingService, licensing_clock: ManualClock, customer: Customer
) -> None:
    grant = licensing.products.grant
    pack = grant(customer.id, ProductTerms("imagepack", download_limit=10))
    credits = grant(customer.id, ProductTerms("creditpack", credits=5))
    unlimited = grant(customer.id, ProductTerms("premiumaccess"))
    state = licensing.set_remaining_downloads(customer.id, pack.id, 7)
    assert state == {"product_id": pack.id, "downloads_remaining": 7, "credits_remaining": None}
    assert licensing.set_remaining_downloads(customer.id, credits.id, 40)["credits_remaining"] == 40
    for product_id, remaining in ((pack.id, 11), (pack.id, -1), (unlimited.id, 3)):
        with pytest.raises(InvalidParameter):
            licensing.set_remaining_downloads(customer.id, product_id, remaining)
    with pytest.raises(NotFound):
        licensing.set_remaining_downloads(customer.id + 1, pack.id, 1)


def test_usable_products_are_those_active_and_in_date_in_granting_order(
    licensing: LicensingService, licensing_clock: ManualClock, customer: Customer
) -> None:
    now = licensing_clock.now()
    grant = licensing.products.grant
    soon = grant(
        customer.id,
        ProductTerms("imagepack", download_limit=3, expires_at=now + timedelta(hours=1)),
    )
    off = grant(customer.id, ProductTerms("premiumaccess"))
    kept = grant(customer.id, ProductTerms("editorialsubscription"))
    licensing.products.set_status(off.id, "inactive")
    assert [p.id for p in licensing.products.usable(customer.id)] == [soon.id, kept.id]
    licensing_clock.advance(timedelta(hours=1))
    assert [p.id for p in licensing.products.usable(customer.id)] == [kept.id]
