"""A product's figures as of a moment (status, downloads and overage left), and which
product types license which asset family."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from photobank.catalog.model import PRODUCT_TYPES as COLLECTION_PRODUCT_TYPES
from photobank.licensing.models import Product, family_product_types
from photobank.licensing.periods import period_of

NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)
_MONTHLY = Product(
    id=1, customer_id=1, type="premiumaccess", name="Premium Access",
    agreement_name="Premium Access Agreement", application_website=None, status="active",
    download_limit=10, limit_duration="month", period=period_of("month", NOW),
    downloads_used=0, overage_limit=3, credits_remaining=None, team_credits=None,
    imagepack_resolution=None, note_required=False, project_code_required=False,
    project_codes=(), expires_at=None, created_at=NOW - timedelta(days=30),
)  # fmt: skip


def _after(downloads: int, **changes: Any) -> Product:
    """The monthly product once ``downloads`` were counted this month."""
    return dataclasses.replace(_MONTHLY, downloads_used=downloads, **changes)


@pytest.mark.parametrize(
    ("downloads", "remaining", "overage_used", "overage_left", "reached"),
    [
        (0, 10, 0, 3, False),
        (4, 6, 0, 3, False),
        (10, 0, 0, 3, False),
        (12, 0, 2, 1, False),
        (13, 0, 3, 0, True),
    ],
)
def test_downloads_use_the_limit_then_the_overage(
    downloads: int, remaining: int, overage_used: int, overage_left: int, reached: bool
) -> None:
    product = _after(downloads)
    assert product.remaining_at(NOW) == remaining
    assert product.overage_used_at(NOW) == overage_used
    assert product.overage_remaining_at(NOW) == overage_left
    assert product.overages_reached_at(NOW) is reached


def test_without_an_overage_allowance_the_limit_is_the_end() -> None:
    spent = _after(10, overage_limit=0)
    assert spent.overages_reached_at(NOW) and spent.overage_remaining_at(NOW) == 0
    assert not _after(9, overage_limit=0).overages_reached_at(NOW)


def test_a_new_period_starts_from_nothing() -> None:
    next_month = NOW + timedelta(days=30)
    product = _after(13)
    assert product.remaining_at(next_month) == 10
    assert product.overage_remaining_at(next_month) == 3
    assert not product.overages_reached_at(next_month)


def test_unlimited_products_never_reach_an_overage() -> None:
    unlimited = _after(500, download_limit=None, limit_duration=None, overage_limit=0)
    assert unlimited.remaining_at(NOW) is None
    assert unlimited.overage_used_at(NOW) == 0
    assert not unlimited.overages_reached_at(NOW)


def test_status_follows_the_operator_and_the_expiry() -> None:
    assert _after(0).status_at(NOW) == "active"
    assert _after(0, status="inactive").status_at(NOW) == "inactive"
    expiring = _after(0, expires_at=NOW + timedelta(hours=1))
    assert expiring.status_at(NOW) == "active" and expiring.usable_at(NOW)
    later = NOW + timedelta(hours=1)
    assert expiring.status_at(later) == "expired" and not expiring.usable_at(later)


def test_each_family_filters_on_the_collection_product_types_that_may_license_it() -> None:
    creative, editorial = family_product_types("creative"), family_product_types("editorial")
    assert creative == ("easyaccess", "imagepack", "premiumaccess", "royaltyfreesubscription")
    assert editorial == ("easyaccess", "editorialsubscription", "imagepack", "premiumaccess")
    assert set(creative) | set(editorial) == set(COLLECTION_PRODUCT_TYPES)
