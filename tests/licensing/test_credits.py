"""Extended licences bought with credits on top of a standard licence."""

from __future__ import annotations

import pytest

from photobank.accounts.models import Customer
from photobank.composition import Services
from photobank.errors import InsufficientCredits, InvalidParameter, NotFound
from photobank.licensing.downloads import DownloadRequest
from photobank.licensing.models import EXTENDED_CREDITS
from photobank.licensing.products import ProductTerms
from photobank.licensing.service import LicensingService
from tests.shoppers import images


def test_extended_licences_cost_credits_once(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    licensing.products.grant(customer.id, ProductTerms("creditpack", credits=12))
    [asset] = images(services, 1, lambda a: a.istock_collection == "Essentials")
    licensing.downloads.download(DownloadRequest(asset.id, customer.id), "http://x")  # 1 credit
    bought = licensing.credits.acquire(customer.id, asset.id, ["multiseat", "unlimited"])
    assert bought.credits_used == EXTENDED_CREDITS["multiseat"] + EXTENDED_CREDITS["unlimited"]
    again = licensing.credits.acquire(customer.id, asset.id, ["unlimited", "multiseat"])
    assert (again.license_types, again.credits_used) == (("unlimited", "multiseat"), 0)
    [pack] = licensing.products.products(customer.id)
    assert pack.credits_remaining == 12 - 1 - bought.credits_used
    with pytest.raises(InsufficientCredits) as short:
        licensing.credits.acquire(customer.id, asset.id, ["resale"])
    assert short.value.code == "NotEnoughCreditsForPurchase"


def test_no_standard_licence_no_extension(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    licensing.products.grant(customer.id, ProductTerms("creditpack", credits=50))
    [asset] = images(services, 1, lambda a: a.istock_collection is not None)
    with pytest.raises(NotFound) as missing:
        licensing.credits.acquire(customer.id, asset.id, ["resale"])
    assert missing.value.code == "StandardLicenseNotFound"
    for bad in ([], ["lifetime"]):
        with pytest.raises(InvalidParameter) as refused:
            licensing.credits.acquire(customer.id, asset.id, bad)
        assert refused.value.parameter == "extended_licenses"


def test_team_credits_pay_when_asked(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    licensing.products.grant(customer.id, ProductTerms("creditpack", credits=1, team_credits=5))
    [asset] = images(services, 1, lambda a: a.istock_collection == "Essentials")
    licensing.downloads.download(DownloadRequest(asset.id, customer.id), "http://x")
    with pytest.raises(InsufficientCredits):
        licensing.credits.acquire(customer.id, asset.id, ["resale"])
    assert (
        licensing.credits.acquire(
            customer.id, asset.id, ["resale"], use_team_credits=True
        ).credits_used
        == EXTENDED_CREDITS["resale"]
    )
    [pack] = licensing.products.products(customer.id)
    assert (pack.credits_remaining, pack.team_credits) == (0, 0)
