"""A licensing service with its own clock over the session's catalog and store.

Tests here move time freely (expiry, period resets) without disturbing the
session clock that issued every other test's tokens.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from photobank.accounts.models import Customer
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.config import MIB
from photobank.licensing.service import LicensingService
from photobank.media.delivery import DeliveryUrls
from photobank.media.signing import Signer
from tests.shoppers import new_customer


@pytest.fixture
def licensing_clock() -> ManualClock:
    return ManualClock(datetime(2026, 6, 10, 12, tzinfo=UTC))


@pytest.fixture
def licensing(services: Services, licensing_clock: ManualClock) -> LicensingService:
    signer = Signer(b"k" * 32)
    delivery = DeliveryUrls(signer, licensing_clock, 3600)
    return LicensingService(
        services.engine, licensing_clock, services.catalog, delivery, MIB, signer
    )


@pytest.fixture
def customer(services: Services) -> Customer:
    return new_customer(services)[0]
