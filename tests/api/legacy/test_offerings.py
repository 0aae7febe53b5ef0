"""Product offering names: one table read both ways by every legacy operation."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from photobank.api.legacy.offerings import (
    SEARCHABLE,
    TYPES_BY_OFFERING,
    offering,
    offering_names,
)
from photobank.licensing.models import PRODUCT_TYPES, Product

_NOW = datetime(2026, 6, 10, tzinfo=UTC)
_PRODUCT = Product(
    id=1, customer_id=1, type="premiumaccess", name="", agreement_name="", application_website=None,
    status="active", download_limit=None, limit_duration=None, period=0, downloads_used=0,
    overage_limit=0, credits_remaining=None, team_credits=None, imagepack_resolution=None,
    note_required=False, project_code_required=False, project_codes=(), expires_at=None,
    created_at=_NOW,
)  # fmt: skip


def test_every_product_type_has_a_name_that_reads_back() -> None:
    for product_type in PRODUCT_TYPES:
        assert TYPES_BY_OFFERING[offering(product_type)] == product_type
    assert offering("creditpack") == "CreditPack"
    assert offering("legacyrfsubscription") == "legacyrfsubscription"  # never named: kept


def test_searches_filter_on_what_collections_sell() -> None:
    assert "CreditPack" not in SEARCHABLE
    assert list(SEARCHABLE) == [
        "EasyAccess", "EditorialSubscription", "ImagePack", "PremiumAccess",
        "RoyaltyFreeSubscription",
    ]  # fmt: skip


def test_each_offering_is_named_once_in_the_products_order() -> None:
    held = [
        dataclasses.replace(_PRODUCT, id=1, type="imagepack"),
        dataclasses.replace(_PRODUCT, id=2),
        dataclasses.replace(_PRODUCT, id=3, type="imagepack"),
    ]
    assert offering_names(held) == ["ImagePack", "PremiumAccess"]
    assert offering_names([]) == []
