"""Usage reports: a customer tells how often they used which assets, in batches.

A batch is all or nothing (Getty: "all asset Ids specified must be valid or
the operation will fail causing no usages to be recorded"), and its
transaction id may be used once per customer, so a retried upload cannot
count twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError

from photobank.catalog.service import CatalogService
from photobank.clock import Clock
from photobank.licensing.errors import InvalidUsageReport, TransactionIdUsed, UsageReportRefused
from photobank.licensing.products import ProductService
from photobank.store import tables as t

MAX_USAGES = 1000
MAX_QUANTITY = 2**31 - 1  # the contract's int32


@dataclass(frozen=True, slots=True)
class UsageEntry:
    asset_id: str
    quantity: int
    usage_date: datetime


class UsageService:
    def __init__(
        self, engine: Engine, clock: Clock, catalog: CatalogService, products: ProductService
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._catalog = catalog
        self._products = products

    def report(self, customer_id: int, transaction_id: str, usages: list[UsageEntry]) -> int:
        """Record a batch; the number of usages recorded."""
        now = self._clock.now()
        _check_batch(transaction_id, usages, now)
        ids = list(dict.fromkeys(u.asset_id for u in usages))
        found = self._catalog.get_kept(ids)  # withdrawn ones too: licensed before
        unknown = [i for i in ids if i not in found]
        if unknown:
            raise InvalidUsageReport(
                "asset_usages", f"Unknown asset ids: {', '.join(unknown)}. No usage was recorded."
            )
        if self._products.entitlements(customer_id).empty:
            raise UsageReportRefused("Only a customer with an active product may report usage.")
        try:
            with self._engine.begin() as conn:
                batch_id = conn.execute(
                    insert(t.usage_batches)
                    .values(customer_id=customer_id, transaction_id=transaction_id, reported_at=now)
                    .returning(t.usage_batches.c.id)
                ).scalar_one()
                conn.execute(
                    insert(t.usage_reports),
                    [
                        {
                            "batch_id": batch_id,
                            "asset_id": u.asset_id,
                            "quantity": u.quantity,
                            "usage_date": u.usage_date,
                        }
                        for u in usages
                    ],
                )
        except IntegrityError as exc:
            raise TransactionIdUsed(
                f"The transaction id '{transaction_id}' was used before."
            ) from exc
        return len(usages)


def _check_batch(transaction_id: str, usages: list[UsageEntry], now: datetime) -> None:
    if not transaction_id.strip() or len(transaction_id) > 100:
        raise InvalidUsageReport("id", "The batch transaction id must be 1 to 100 characters.")
    if not usages or len(usages) > MAX_USAGES:
        raise InvalidUsageReport(
            "asset_usages", f"A batch must hold 1 to {MAX_USAGES} asset usages, not {len(usages)}."
        )
    end_of_today = datetime.combine(now.date(), time.max, now.tzinfo)
    for index, usage in enumerate(usages):
        if not 1 <= usage.quantity <= MAX_QUANTITY:
            raise InvalidUsageReport(
                f"asset_usages[{index}].quantity",
                f"A usage quantity must be between 1 and {MAX_QUANTITY}."
            )  # fmt: skip
        if usage.usage_date > end_of_today:
            raise InvalidUsageReport(
                f"asset_usages[{index}].usage_date", "A usage date cannot be in the future."
            )  # fmt: skip
