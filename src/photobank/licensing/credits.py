"""Extended licences bought with iStock credits on top of a standard licence.

The credits are spent by the same conditional UPDATE as downloads, in the
transaction that records the extended licences and their order; a licence
type the customer already holds for the asset is never charged twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from photobank.clock import Clock
from photobank.errors import InsufficientCredits
from photobank.licensing.charges import take_credits
from photobank.licensing.errors import InvalidExtendedLicences, StandardLicenceNotFound
from photobank.licensing.models import EXTENDED_CREDITS, Product
from photobank.licensing.products import ProductService
from photobank.store import tables as t


@dataclass(frozen=True, slots=True)
class AcquiredLicences:
    """The extended licences the customer now holds of those asked for, and what it cost."""

    license_types: tuple[str, ...]
    credits_used: int


class CreditService:
    def __init__(self, engine: Engine, clock: Clock, products: ProductService) -> None:
        self._engine = engine
        self._clock = clock
        self._products = products

    def acquire(
        self,
        customer_id: int,
        asset_id: str,
        license_types: Sequence[str],
        *,
        use_team_credits: bool = False,
    ) -> AcquiredLicences:
        """Buy the extended licences of ``license_types`` not yet held for ``asset_id``."""
        wanted = tuple(dict.fromkeys(license_types))
        if not wanted or any(name not in EXTENDED_CREDITS for name in wanted):
            raise InvalidExtendedLicences(
                "extended_licenses",
                f"'extended_licenses' must list some of {', '.join(EXTENDED_CREDITS)}.",
            )
        licence_id, held = self._held(customer_id, asset_id)
        new = [name for name in wanted if name not in held]
        if not new:
            return AcquiredLicences(wanted, 0)
        cost = sum(EXTENDED_CREDITS[name] for name in new)
        now = self._clock.now()
        for pack in self._credit_packs(customer_id):
            try:
                with self._engine.begin() as conn:
                    if not take_credits(conn, pack.id, cost, now, team=use_team_credits):
                        continue
                    order_id = conn.execute(
                        insert(t.orders)
                        .values(
                            customer_id=customer_id,
                            asset_id=asset_id,
                            product_id=pack.id,
                            kind="extended",
                            created_at=now,
                        )
                        .returning(t.orders.c.id)
                    ).scalar_one()
                    conn.execute(
                        insert(t.extended_licences),
                        [
                            {
                                "licence_id": licence_id,
                                "license_type": name,
                                "credits": EXTENDED_CREDITS[name],
                                "order_id": order_id,
                                "acquired_at": now,
                            }
                            for name in new
                        ],
                    )
                return AcquiredLicences(wanted, cost)
            except IntegrityError:  # bought concurrently: charge only for what is still missing
                return self.acquire(
                    customer_id, asset_id, wanted, use_team_credits=use_team_credits
                )
        pool = "team credits" if use_team_credits else "credits"
        raise InsufficientCredits(
            f"Licensing {', '.join(new)} for asset {asset_id} costs {cost} credits; "
            f"no credit pack of yours has that many {pool} left."
        )

    def _held(self, customer_id: int, asset_id: str) -> tuple[int, set[str]]:
        """The customer's standard licence of the asset and the extended types it carries."""
        lic, ext = t.licences.c, t.extended_licences.c
        with self._engine.connect() as conn:
            licence_id = conn.execute(
                select(lic.id).where(lic.customer_id == customer_id, lic.asset_id == asset_id)
            ).scalar_one_or_none()
            if licence_id is None:
                raise StandardLicenceNotFound(
                    f"No standard license for asset {asset_id} was found."
                )
            held = conn.execute(select(ext.license_type).where(ext.licence_id == licence_id))
            return licence_id, set(held.scalars())

    def _credit_packs(self, customer_id: int) -> list[Product]:
        now = self._clock.now()
        packs = [
            p
            for p in self._products.products(customer_id)
            if p.type == "creditpack" and p.usable_at(now)
        ]
        return sorted(packs, key=Product.preference)
