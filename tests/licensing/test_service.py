"""The licensing entry points share one product service, so they see one set of quotas."""

from __future__ import annotations

from photobank.accounts.models import Customer
from photobank.composition import Services
from photobank.licensing.downloads import choose_size
from photobank.licensing.products import ProductTerms
from photobank.licensing.service import LicensingService
from tests.shoppers import images, premium


def test_a_granted_product_is_seen_by_every_entry_point(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    product = licensing.products.grant(customer.id, ProductTerms("imagepack", download_limit=3))
    (asset,) = images(services, 1, premium)
    largest = choose_size(asset, height=None, file_type=None)
    assert licensing.set_remaining_downloads(customer.id, product.id, 0) == {
        "product_id": product.id,
        "downloads_remaining": 0,
        "credits_remaining": None,
    }
    (offered,) = licensing.authorizations.authorize(customer.id, asset, largest)
    assert offered.product.id == product.id
    assert licensing.products.usable(customer.id) == [offered.product]
