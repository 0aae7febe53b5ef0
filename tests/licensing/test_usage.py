"""Usage batches: all or nothing, once per transaction id."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from photobank.accounts.models import Customer
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.errors import Conflict, Forbidden, InvalidParameter
from photobank.licensing.products import ProductTerms
from photobank.licensing.service import LicensingService
from photobank.licensing.usage import MAX_USAGES, UsageEntry
from photobank.store import tables as t
from tests.shoppers import images


def _reports(services: Services) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.usage_reports)).scalar_one())


def test_a_batch_is_recorded_once(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    licensing.products.grant(customer.id, ProductTerms("premiumaccess"))
    today = licensing_clock.now()
    usages = [UsageEntry(a.id, 2, today) for a in images(services, 3, lambda a: True)]
    before = _reports(services)
    assert licensing.usage.report(customer.id, "tx-1", usages) == 3
    assert _reports(services) == before + 3
    with pytest.raises(Conflict) as again:
        licensing.usage.report(customer.id, "tx-1", usages)
    assert again.value.code == "TransactionIdDuplicated"
    assert _reports(services) == before + 3


def test_one_bad_entry_records_nothing(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    licensing.products.grant(customer.id, ProductTerms("premiumaccess"))
    today = licensing_clock.now()
    [asset] = images(services, 1, lambda a: True)
    good = UsageEntry(asset.id, 1, today)
    cases = [
        ([good, UsageEntry("923533904", 1, today)], "asset_usages"),
        ([], "asset_usages"),
        ([good] * (MAX_USAGES + 1), "asset_usages"),
        ([good, UsageEntry(asset.id, 0, today)], "asset_usages[1].quantity"),
        ([UsageEntry(asset.id, 2**40, today)], "asset_usages[0].quantity"),
        ([UsageEntry(asset.id, 1, today + timedelta(days=1))], "asset_usages[0].usage_date"),
    ]
    before = _reports(services)
    for usages, parameter in cases:
        with pytest.raises(InvalidParameter) as refused:
            licensing.usage.report(customer.id, "tx-bad", usages)
        assert (refused.value.parameter, refused.value.code) == (parameter, "InvalidRequest")
        assert "923533904" in refused.value.message or usages != cases[0][0]
    with pytest.raises(InvalidParameter):
        licensing.usage.report(customer.id, "x" * 101, [good])
    assert _reports(services) == before


def test_a_customer_without_products_may_not_report(
    services: Services,
    licensing: LicensingService,
    licensing_clock: ManualClock,
    customer: Customer,
) -> None:
    [asset] = images(services, 1, lambda a: True)
    with pytest.raises(Forbidden) as refused:
        licensing.usage.report(customer.id, "tx", [UsageEntry(asset.id, 1, licensing_clock.now())])
    assert refused.value.code == "UnauthorizedToReportUsage"
