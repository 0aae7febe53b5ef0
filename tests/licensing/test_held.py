"""The licence a delivered file states: who licensed the asset, when and under which product."""

from __future__ import annotations

from photobank.accounts.models import Customer
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.licensing.downloads import DownloadRequest
from photobank.licensing.held import HeldLicence, HeldLicences
from photobank.licensing.products import ProductTerms
from photobank.licensing.service import LicensingService
from tests.shoppers import images, new_customer, premium


def test_a_download_is_held_under_the_customers_name_and_product(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    terms = ProductTerms("premiumaccess", download_limit=5, agreement_name="Newsroom 2026")
    licensing.products.grant(customer.id, terms)
    (asset,) = images(services, 1, premium)
    held = HeldLicences(services.engine)
    assert held.find(customer.id, asset.id) is None
    licensing.downloads.download(DownloadRequest(asset.id, customer.id), "http://x.test")
    found = held.find(customer.id, asset.id)
    assert found is not None
    assert found == HeldLicence(
        order_id=found.order_id,
        customer_id=customer.id,
        licensee="Pat Buyer",
        product_type="premiumaccess",
        agreement_name="Newsroom 2026",
        licensed_at=licensing_clock.now(),
    )
    assert found.licensed_at.utcoffset() is not None  # an aware UTC time, as files state it
    other = new_customer(services)[0]
    assert held.find(other.id, asset.id) is None  # a licence is one customer's


def test_a_customer_without_a_name_is_named_by_username(
    services: Services, licensing: LicensingService
) -> None:
    nameless = services.accounts.create_customer("nameless-held", "pw-nameless-held")
    licensing.products.grant(nameless.id, ProductTerms("premiumaccess"))
    (asset,) = images(services, 1, premium)
    licensing.downloads.download(DownloadRequest(asset.id, nameless.id), "http://x.test")
    found = HeldLicences(services.engine).find(nameless.id, asset.id)
    assert found is not None and found.licensee == "nameless-held"
