"""Which product may license which image, and which one a download picks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from photobank.accounts.models import Customer
from photobank.catalog.model import PRODUCT_TYPES as SEARCHABLE_TYPES
from photobank.catalog.model import Asset
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.errors import InvalidParameter, NotEntitled
from photobank.licensing.entitlements import candidates
from photobank.licensing.models import covers, licensable_types
from photobank.licensing.products import ProductTerms
from photobank.licensing.service import LicensingService
from photobank.search.query import SearchQuery
from tests.shoppers import images

NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)


def _image(**changes: object) -> Asset:
    base = Asset(
        id="1",
        asset_type="image",
        asset_family="creative",
        title="",
        caption="",
        collection_id=1,
        license_model="royaltyfree",
        width=100,
        height=100,
        date_created=NOW,
        date_submitted=NOW,
        product_types=("premiumaccess", "editorialsubscription", "royaltyfreesubscription"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_family_rules_narrow_what_the_collection_sells() -> None:
    creative, editorial = _image(), _image(asset_family="editorial", license_model="rightsmanaged")
    assert not covers("editorialsubscription", creative)
    assert covers("editorialsubscription", editorial)
    assert covers("royaltyfreesubscription", creative)
    assert not covers("royaltyfreesubscription", editorial)
    assert not covers("imagepack", creative)  # not among the asset's product types
    assert covers("premiumaccess", _image(asset_type="video"))  # videos follow the same rules


def test_a_credit_pack_buys_istock_images_only() -> None:
    assert not covers("creditpack", _image())
    assert covers("creditpack", _image(istock_collection="Essentials"))


def test_several_fitting_products_are_tried_subscriptions_first_then_soonest_expiry(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    grant = licensing.products.grant
    pack = grant(customer.id, ProductTerms("imagepack", download_limit=5))
    later = grant(customer.id, ProductTerms("premiumaccess", expires_at=NOW + timedelta(days=90)))
    sooner = grant(customer.id, ProductTerms("premiumaccess", expires_at=NOW + timedelta(days=9)))
    [asset] = images(services, 1, lambda a: "imagepack" in a.product_types)
    owned = licensing.products.products(customer.id)
    assert candidates(owned, asset, NOW) == [sooner, later, pack]
    assert candidates(owned, asset, NOW, product_type="imagepack") == [pack]
    assert candidates(owned, asset, NOW, product_id=later.id) == [later]


def test_a_product_id_must_be_the_customers_own(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    mine = licensing.products.grant(customer.id, ProductTerms("premiumaccess"))
    [asset] = images(services, 1, lambda a: True)
    with pytest.raises(InvalidParameter) as bad:
        candidates([mine], asset, NOW, product_id=mine.id + 10_000)
    assert bad.value.parameter == "product_id"
    with pytest.raises(InvalidParameter) as clash:
        candidates([mine], asset, NOW, product_id=mine.id, product_type="imagepack")
    assert clash.value.parameter == "product_type"


def test_no_fitting_product_is_not_entitled(
    services: Services, licensing: LicensingService, customer: Customer
) -> None:
    editorial = licensing.products.grant(customer.id, ProductTerms("editorialsubscription"))
    [creative] = images(services, 1, lambda a: a.asset_family == "creative")
    with pytest.raises(NotEntitled) as refused:
        candidates([editorial], creative, NOW)
    assert refused.value.code == "NoProductsAvailable"


def test_expired_and_inactive_products_license_nothing(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    now = licensing_clock.now()
    short = licensing.products.grant(
        customer.id, ProductTerms("premiumaccess", expires_at=now + timedelta(days=1))
    )
    off = licensing.products.grant(customer.id, ProductTerms("premiumaccess"))
    licensing.products.set_status(off.id, "inactive")
    [asset] = images(services, 1, lambda a: True)
    assert [p.id for p in licensing.products.entitlements(customer.id).for_asset(asset)] == [
        short.id
    ]
    licensing_clock.advance(timedelta(days=1))
    assert licensing.products.entitlements(customer.id).for_asset(asset) == []
    assert licensing.products.products(customer.id)[0].status_at(licensing_clock.now()) == "expired"


@pytest.mark.parametrize("product_type", SEARCHABLE_TYPES)
def test_the_download_product_filter_finds_only_what_that_product_licenses(
    services: Services, product_type: str
) -> None:
    page = services.search.search(
        SearchQuery(asset_type="image", product_types=frozenset({product_type}), limit=100)
    )
    assert page.assets, product_type
    assert all(covers(product_type, asset) for asset in page.assets)
    every = [a for batch in services.catalog.repository.iter_assets() for a in batch]
    images = [a for a in every if a.asset_type == "image"]
    assert page.total == sum(product_type in licensable_types(a) for a in images)
