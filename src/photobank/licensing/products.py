"""Granting and reading a customer's products.

Search and metadata responses project licensing fields from the caller's
products on every request, so :meth:`ProductService.entitlements` answers from
a short-lived cache that every change made here clears; downloads always read
the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy import Engine, insert, select, update

from photobank import errors
from photobank.accounts.cache import RECORD_WEIGHT, TtlCache
from photobank.clock import Clock
from photobank.clock import as_utc as utc
from photobank.licensing.entitlements import Entitlements
from photobank.licensing.models import PRODUCT_TYPES, Product
from photobank.licensing.periods import DURATIONS, period_of
from photobank.store import tables as t

_LABELS = {
    "premiumaccess": "Premium Access",
    "easyaccess": "Easy Access",
    "editorialsubscription": "Editorial Subscription",
    "royaltyfreesubscription": "Royalty-Free Subscription",
    "imagepack": "Image Pack",
    "creditpack": "Credit Pack",
    "aigeneration": "AI Generation",
}
_STATUSES = ("active", "inactive")


@dataclass(frozen=True, slots=True)
class ProductTerms:
    """What an operator sets when granting a product (None: unlimited / never / default)."""

    type: str
    download_limit: int | None = None
    limit_duration: str | None = None
    overage_limit: int = 0
    credits: int | None = None
    team_credits: int | None = None
    expires_at: datetime | None = None
    name: str | None = None
    agreement_name: str | None = None
    application_website: str | None = None
    imagepack_resolution: str | None = None
    note_required: bool = False
    project_code_required: bool = False
    project_codes: tuple[str, ...] = field(default_factory=tuple)


class ProductService:
    def __init__(
        self, engine: Engine, clock: Clock, cache_budget: int, cache_seconds: float = 5.0
    ) -> None:
        """``cache_budget``: bytes the customers' cached products may weigh in all."""
        self._engine = engine
        self._clock = clock
        self._cache: TtlCache[int, tuple[Product, ...]] = TtlCache(
            cache_seconds, cache_budget, lambda _id, products: RECORD_WEIGHT * (1 + len(products))
        )

    def grant(self, customer_id: int, terms: ProductTerms) -> Product:
        """Give a customer a new product on ``terms``; it is active at once."""
        _check(terms)
        label = _LABELS[terms.type]
        now = self._clock.now()
        row: dict[str, Any] = {
            "customer_id": customer_id,
            "type": terms.type,
            "name": terms.name or label,
            "agreement_name": terms.agreement_name or f"{label} Agreement",
            "application_website": terms.application_website,
            "status": "active",
            "download_limit": terms.download_limit,
            "limit_duration": terms.limit_duration,
            "period": period_of(terms.limit_duration, now),
            "downloads_used": 0,
            "overage_limit": terms.overage_limit,
            "credits_remaining": terms.credits,
            "team_credits": terms.team_credits,
            "imagepack_resolution": terms.imagepack_resolution,
            "note_required": terms.note_required,
            "project_code_required": terms.project_code_required,
            "project_codes": list(terms.project_codes),
            "expires_at": terms.expires_at,
            "created_at": now,
        }
        with self._engine.begin() as conn:
            exists = conn.execute(select(t.customers.c.id).where(t.customers.c.id == customer_id))
            if exists.first() is None:
                raise errors.NotFound(f"No customer has the id {customer_id}.")
            row["id"] = conn.execute(
                insert(t.products).values(row).returning(t.products.c.id)
            ).scalar_one()
        self._cache.discard(customer_id)
        return product_from_row(row)

    def customer_id(self, username: str) -> int:
        """The id of the customer called ``username`` (for the CLI)."""
        with self._engine.connect() as conn:
            found = conn.execute(
                select(t.customers.c.id).where(t.customers.c.username == username)
            ).scalar_one_or_none()
        if found is None:
            raise errors.NotFound(f"No customer has the username '{username}'.")
        return int(found)

    def products(self, customer_id: int) -> list[Product]:
        """The customer's products as stored now, oldest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(t.products)
                .where(t.products.c.customer_id == customer_id)
                .order_by(t.products.c.id)
            ).mappings()
            return [product_from_row(row) for row in rows]

    def set_status(self, product_id: int, status: str) -> None:
        """Switch a product on or off (an expired product stays expired)."""
        if status not in _STATUSES:
            raise errors.InvalidParameter(
                "status", f"Status must be one of {', '.join(_STATUSES)}."
            )
        with self._engine.begin() as conn:
            customer_id = conn.execute(
                update(t.products)
                .where(t.products.c.id == product_id)
                .values(status=status)
                .returning(t.products.c.customer_id)
            ).scalar_one_or_none()
        if customer_id is None:
            raise errors.NotFound(f"No product has the id {product_id}.")
        self._cache.discard(customer_id)

    def set_remaining(self, customer_id: int, product_id: int, remaining: int) -> Product:
        """Set what is left of a product now: downloads in the current period, or a
        credit pack's credits (for operators and the emulator's test fixtures)."""
        now = self._clock.now()
        product = next((p for p in self.products(customer_id) if p.id == product_id), None)
        if product is None:
            raise errors.NotFound(f"Customer {customer_id} has no product {product_id}.")
        limit = product.download_limit
        if remaining < 0:
            _invalid("remaining", "'remaining' cannot be negative.")
        values: dict[str, Any]
        if product.type == "creditpack":
            values = {"credits_remaining": remaining}
        elif limit is None:
            _invalid("remaining", f"Product {product_id} has no download limit.")
        elif remaining > limit:
            _invalid("remaining", f"'remaining' cannot exceed the limit of {limit}.")
        else:
            period = period_of(product.limit_duration, now)
            values = {"downloads_used": limit - remaining, "period": period}
        with self._engine.begin() as conn:
            conn.execute(update(t.products).where(t.products.c.id == product_id).values(values))
        self._cache.discard(customer_id)
        return next(p for p in self.products(customer_id) if p.id == product_id)

    def usable(self, customer_id: int) -> list[Product]:
        """The customer's products usable now (active, in date), in the order they were granted."""
        now = self._clock.now()
        return [p for p in self.products(customer_id) if p.usable_at(now)]

    def entitlements(self, customer_id: int) -> Entitlements:
        """The customer's usable products now, from the cache when it is fresh."""
        products = self._cache.get(customer_id)
        if products is None:
            products = tuple(self.products(customer_id))
            self._cache.put(customer_id, products)
        return Entitlements(customer_id, products, self._clock.now())

    def clear_caches(self) -> None:
        """Forget cached product lists (the store was changed underneath)."""
        self._cache.clear()


def product_from_row(row: Mapping[Any, Any]) -> Product:
    expires = row["expires_at"]
    return Product(
        id=row["id"],
        customer_id=row["customer_id"],
        type=row["type"],
        name=row["name"],
        agreement_name=row["agreement_name"],
        application_website=row["application_website"],
        status=row["status"],
        download_limit=row["download_limit"],
        limit_duration=row["limit_duration"],
        period=row["period"],
        downloads_used=row["downloads_used"],
        overage_limit=row["overage_limit"],
        credits_remaining=row["credits_remaining"],
        team_credits=row["team_credits"],
        imagepack_resolution=row["imagepack_resolution"],
        note_required=row["note_required"],
        project_code_required=row["project_code_required"],
        project_codes=tuple(row["project_codes"]),
        expires_at=utc(expires) if expires is not None else None,
        created_at=utc(row["created_at"]),
    )


def _check(terms: ProductTerms) -> None:
    if terms.type not in PRODUCT_TYPES:
        _invalid("type", f"Product type must be one of {', '.join(PRODUCT_TYPES)}.")
    if terms.limit_duration is not None and terms.limit_duration not in DURATIONS:
        _invalid("duration", f"Duration must be one of {', '.join(DURATIONS)}.")
    if terms.limit_duration is not None and terms.download_limit is None:
        _invalid("duration", "A limit duration needs a download limit.")
    _non_negative(
        ("limit", terms.download_limit),
        ("overage", terms.overage_limit),
        ("credits", terms.credits),
        ("team_credits", terms.team_credits),
    )
    if terms.type == "creditpack":
        if terms.credits is None:
            _invalid("credits", "A creditpack product needs a number of credits.")
        if terms.download_limit is not None or terms.overage_limit:
            _invalid("limit", "A creditpack product is limited by its credits, not downloads.")
    elif terms.credits is not None or terms.team_credits is not None:
        _invalid("credits", "Only a creditpack product holds credits.")
    if terms.expires_at is not None and terms.expires_at.tzinfo is None:
        _invalid("expires", "The expiry needs a time zone.")


def _non_negative(*values: tuple[str, int | None]) -> None:
    for name, value in values:
        if value is not None and value < 0:
            _invalid(name, f"'{name}' cannot be negative.")


def _invalid(name: str, message: str) -> NoReturn:
    raise errors.InvalidParameter(name, message)
