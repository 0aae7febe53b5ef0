"""What an asset is offered under before a download, and what iStock charges for it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from photobank.catalog.model import Asset
from photobank.licensing.entitlements import Entitlements
from photobank.licensing.models import Product, istock_prices
from photobank.licensing.offers import download_product_type, offers

NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)
_CREATIVE = Asset(
    id="1", asset_type="image", asset_family="creative", title="", caption="", collection_id=1,
    license_model="royaltyfree", width=100, height=100, date_created=NOW, date_submitted=NOW,
    product_types=("premiumaccess", "editorialsubscription", "royaltyfreesubscription"),
)  # fmt: skip
_EDITORIAL = dataclasses.replace(_CREATIVE, asset_family="editorial", license_model="rightsmanaged")
_PRODUCT = Product(
    id=1, customer_id=7, type="editorialsubscription", name="", agreement_name="Editorial",
    application_website=None, status="active", download_limit=None, limit_duration=None,
    period=0, downloads_used=0, overage_limit=0, credits_remaining=None, team_credits=None,
    imagepack_resolution=None, note_required=False, project_code_required=False,
    project_codes=(), expires_at=None, created_at=NOW,
)  # fmt: skip


def _owning(*products: dict[str, Any]) -> Entitlements:
    held = [dataclasses.replace(_PRODUCT, id=n, **changes) for n, changes in enumerate(products)]
    return Entitlements(7, held, NOW)


def test_anyone_is_offered_the_product_types_that_could_license_the_asset() -> None:
    assert [(o.product_type, o.product) for o in offers(_CREATIVE, None)] == [
        ("premiumaccess", None),
        ("royaltyfreesubscription", None),
    ]
    assert download_product_type(_EDITORIAL, None) == "premiumaccess"
    assert download_product_type(dataclasses.replace(_CREATIVE, product_types=()), None) is None


def test_a_customer_is_offered_their_own_fitting_products_the_download_default_first() -> None:
    held = _owning({}, {"type": "premiumaccess"}, {"type": "premiumaccess", "status": "inactive"})
    assert [
        (o.product_type, o.product.id if o.product else None) for o in offers(_EDITORIAL, held)
    ] == [
        ("premiumaccess", 1),
        ("editorialsubscription", 0),
    ]
    assert download_product_type(_EDITORIAL, held) == "premiumaccess"


def test_a_customer_whose_products_cannot_license_the_asset_is_offered_nothing() -> None:
    held = _owning({}, {"type": "premiumaccess", "expires_at": NOW - timedelta(days=1)})
    assert offers(_CREATIVE, held) == []
    assert download_product_type(_CREATIVE, held) is None


def test_istock_prices_standard_by_collection_then_the_extended_licences() -> None:
    assert istock_prices(_CREATIVE) == {}
    signature = istock_prices(dataclasses.replace(_CREATIVE, istock_collection="Signature"))
    assert signature == {
        "standard": 3, "multiseat": 3, "unlimited": 5, "resale": 5, "indemnification": 5,
    }  # fmt: skip
    assert next(iter(signature)) == "standard"
    essentials = istock_prices(dataclasses.replace(_CREATIVE, istock_collection="Essentials"))
    assert essentials["standard"] == 1 and essentials["unlimited"] == 5
