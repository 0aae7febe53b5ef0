"""The licence a customer holds on an asset, as a delivered file states it.

A delivery URL names only asset, size and customer; the file it delivers says
who licensed it, when and under which product. One indexed read (the licence
is unique per customer and asset) joined to its product and customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from photobank.clock import as_utc
from photobank.store import tables as t

_L, _P, _C = t.licences.c, t.products.c, t.customers.c


@dataclass(frozen=True, slots=True)
class HeldLicence:
    order_id: int  # what purchases and ``/v3/orders/{id}`` name the licence by
    customer_id: int
    licensee: str  # the customer's name (username when none is recorded)
    product_type: str
    agreement_name: str
    licensed_at: datetime


class HeldLicences:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def find(self, customer_id: int, asset_id: str) -> HeldLicence | None:
        """The licence ``customer_id`` holds on ``asset_id``, or None when there is none."""
        query = (
            select(
                _L.order_id,
                _L.licensed_at,
                _P.type,
                _P.agreement_name,
                _C.username,
                _C.first_name,
                _C.last_name,
            )
            .join_from(t.licences, t.products, _L.product_id == _P.id)
            .join_from(t.licences, t.customers, _L.customer_id == _C.id)
            .where(_L.customer_id == customer_id, _L.asset_id == asset_id)
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return HeldLicence(
            order_id=row.order_id,
            customer_id=customer_id,
            licensee=f"{row.first_name} {row.last_name}".strip() or row.username,
            product_type=row.type,
            agreement_name=row.agreement_name,
            licensed_at=as_utc(row.licensed_at),
        )
