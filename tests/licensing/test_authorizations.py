"""Download authorisations: one per usable product, signed, 24 hours, redeemed once charged."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from photobank.accounts.models import Customer
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.errors import Forbidden, NotFound, QuotaExhausted
from photobank.licensing.authorizations import (
    TOKEN_HOURS,
    ExpiredAuthorization,
    Grant,
    InvalidAuthorization,
)
from photobank.licensing.downloads import choose_size
from photobank.licensing.products import ProductTerms
from photobank.licensing.service import LicensingService
from tests.shoppers import images, new_customer, premium

BASE = "http://photobank.test"


def test_an_authorisation_per_usable_product_redeemed_through_the_download_service(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    grant = licensing.products.grant
    first = grant(customer.id, ProductTerms("premiumaccess", download_limit=1))
    second = grant(customer.id, ProductTerms("premiumaccess", download_limit=1))
    assets = images(services, 3, premium)
    tokens = []
    for asset in assets:
        largest = choose_size(asset, height=None, file_type=None)
        found = licensing.authorizations.authorize(customer.id, asset, largest)
        assert [a.product.id for a in found] == [first.id, second.id]
        tokens.append([a.token for a in found])
    granted = licensing.authorizations.read(tokens[0][1])
    assert (granted.asset_id, granted.customer_id, granted.product_id) == (
        assets[0].id,
        customer.id,
        second.id,
    )
    result = licensing.authorizations.redeem(granted, customer.id, BASE)
    assert (result.product_id, result.charged) == (second.id, True)
    read = licensing.authorizations.read
    licensing.authorizations.redeem(read(tokens[1][0]), customer.id, BASE)
    with pytest.raises(QuotaExhausted):  # a token charges its own product, as any download
        licensing.authorizations.redeem(read(tokens[2][1]), customer.id, BASE)


@pytest.mark.parametrize("token", ["", "junk", "a.b.c.d.e.f", "1.original.2.3.4.sig"])
def test_a_token_this_server_did_not_sign_is_invalid(
    licensing: LicensingService, token: str
) -> None:
    with pytest.raises(InvalidAuthorization):
        licensing.authorizations.read(token)


def _granted(
    services: Services, licensing: LicensingService, customer: Customer
) -> tuple[str, Grant]:
    """A customer's token for the largest size of a demo image, and what it promises."""
    licensing.products.grant(customer.id, ProductTerms("premiumaccess", download_limit=5))
    (asset,) = images(services, 1, premium)
    largest = choose_size(asset, height=None, file_type=None)
    (found,) = licensing.authorizations.authorize(customer.id, asset, largest)
    return found.token, licensing.authorizations.read(found.token)


def test_a_token_is_redeemed_only_by_its_customer_and_within_a_day(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    token, granted = _granted(services, licensing, customer)
    altered = token.replace(f".{customer.id}.", f".{customer.id + 1}.", 1)
    with pytest.raises(InvalidAuthorization):
        licensing.authorizations.read(altered)
    with pytest.raises(Forbidden):
        licensing.authorizations.redeem(granted, new_customer(services)[0].id, BASE)
    licensing_clock.advance(timedelta(hours=TOKEN_HOURS))
    with pytest.raises(ExpiredAuthorization):
        licensing.authorizations.redeem(granted, customer.id, BASE)


def test_a_size_no_longer_offered_is_not_found(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    _, granted = _granted(services, licensing, customer)
    with pytest.raises(NotFound):
        licensing.authorizations.redeem(replace(granted, size_name="huge"), customer.id, BASE)
