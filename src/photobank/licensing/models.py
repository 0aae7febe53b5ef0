"""Licensing records as plain values, and the rules of which product may license what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from photobank.catalog.model import PRODUCT_TYPES as COLLECTION_PRODUCT_TYPES
from photobank.catalog.model import Asset
from photobank.licensing.periods import next_reset, period_of

# Getty's product types, in the order a download picks among several that fit:
# renewing subscriptions first, then finite packs, credits (real money) last. An
# AI generation agreement licenses generated images only (no collection sells it).
PRODUCT_TYPES = (
    "premiumaccess",
    "easyaccess",
    "editorialsubscription",
    "royaltyfreesubscription",
    "imagepack",
    "creditpack",
    "aigeneration",
)
_PREFERENCE = {name: rank for rank, name in enumerate(PRODUCT_TYPES)}
# Subscriptions that license one asset family only.
_ONE_FAMILY = {"editorialsubscription": "editorial", "royaltyfreesubscription": "creative"}
_NEVER = datetime.max.replace(tzinfo=UTC)
T = TypeVar("T")

# iStock prices in credits: the standard licence by iStock collection, and the
# extended licences bought on top of it (POST /v3/asset-licensing).
STANDARD_CREDITS = {"Essentials": 1, "Signature": 3}
EXTENDED_CREDITS = {"multiseat": 3, "unlimited": 5, "resale": 5, "indemnification": 5}


def covers(product_type: str, asset: Asset) -> bool:
    """Whether a product of this type may license ``asset`` (an image or a video) at all.

    Getty products license what the asset's collection sells them for
    (``asset.product_types``), within their family: an editorial subscription
    licenses editorial assets only, a royalty-free subscription creative
    royalty-free ones. A credit pack buys iStock assets.
    """
    if product_type == "creditpack":
        return asset.istock_collection is not None
    if product_type not in asset.product_types:
        return False
    if _ONE_FAMILY.get(product_type, asset.asset_family) != asset.asset_family:
        return False
    return product_type != "royaltyfreesubscription" or asset.license_model == "royaltyfree"


def family_product_types(family: str) -> tuple[str, ...]:
    """The product types collections sell (:data:`photobank.catalog.model.PRODUCT_TYPES`)
    that may license assets of ``family``: what a search of that family filters on."""
    return tuple(p for p in COLLECTION_PRODUCT_TYPES if _ONE_FAMILY.get(p, family) == family)


def licensable_types(asset: Asset) -> tuple[str, ...]:
    """The product types that could license ``asset``, in the order downloads prefer them."""
    return tuple(p for p in PRODUCT_TYPES if covers(p, asset))


def standard_credits(asset: Asset) -> int:
    """Credits a credit pack spends on the standard licence of ``asset``."""
    return STANDARD_CREDITS.get(asset.istock_collection or "", 1)


def istock_prices(asset: Asset) -> dict[str, int]:
    """Credits of each licence of an iStock asset: ``standard``, then the extended
    licences bought on top of it; empty for an asset iStock does not sell."""
    if not asset.istock_collection:
        return {}
    return {"standard": standard_credits(asset), **EXTENDED_CREDITS}


@dataclass(frozen=True, slots=True)
class Product:
    """One of a customer's agreements; counts are as stored, read them through ``*_at``."""

    id: int
    customer_id: int
    type: str
    name: str
    agreement_name: str
    application_website: str | None
    status: str  # active | inactive, as set by the operator
    download_limit: int | None  # None: unlimited
    limit_duration: str | None  # day | week | month | year | None: over the whole term
    period: int
    downloads_used: int
    overage_limit: int
    credits_remaining: int | None
    team_credits: int | None
    imagepack_resolution: str | None
    note_required: bool
    project_code_required: bool
    project_codes: tuple[str, ...]
    expires_at: datetime | None
    created_at: datetime

    def status_at(self, now: datetime) -> str:
        """``active``, ``inactive`` or ``expired`` (past its expiry by the server's clock)."""
        if self.status != "active":
            return self.status
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"

    def usable_at(self, now: datetime) -> bool:
        return self.status_at(now) == "active"

    def used_at(self, now: datetime) -> int:
        """Downloads counted in the current period (a lapsed period counts nothing)."""
        current = period_of(self.limit_duration, now) == self.period
        return self.downloads_used if current else 0

    def remaining_at(self, now: datetime) -> int | None:
        if self.download_limit is None:
            return None
        return max(0, self.download_limit - self.used_at(now))

    def overage_used_at(self, now: datetime) -> int:
        if self.download_limit is None:
            return 0
        return max(0, self.used_at(now) - self.download_limit)

    def overage_remaining_at(self, now: datetime) -> int:
        """Downloads past the limit still allowed in the current period."""
        return self.overage_limit - self.overage_used_at(now)

    def overages_reached_at(self, now: datetime) -> bool:
        """Whether the limit and the whole overage allowance are used up (never for a
        product without a limit)."""
        return self.overage_used_at(now) >= self.overage_limit and self.remaining_at(now) == 0

    def reset_at(self, now: datetime) -> datetime | None:
        return next_reset(self.limit_duration, now) if self.download_limit is not None else None

    def preference(self) -> tuple[int, datetime, int]:
        """Sort key among products that fit: type order, soonest expiry, oldest grant."""
        return (_PREFERENCE[self.type], self.expires_at or _NEVER, self.id)


@dataclass(frozen=True, slots=True)
class DownloadRequirements:
    """What a customer sends along with a download (Getty's PremiumAccessDownloadData)."""

    download_notes: str | None = None
    project_code: str | None = None


@dataclass(frozen=True, slots=True)
class DownloadRecord:
    """One download request that produced a delivery URL (charged or a free re-download)."""

    id: int
    customer_id: int
    username: str
    first_name: str
    last_name: str
    asset_id: str
    asset_type: str
    product_id: int
    product_type: str
    agreement_name: str
    size_name: str
    width: int
    height: int
    charged: bool
    download_notes: str | None
    project_code: str | None
    downloaded_at: datetime


@dataclass(frozen=True, slots=True)
class Purchase:
    """A licence as the customer's purchase history shows it."""

    asset_id: str
    asset_type: str  # image | video ("image" when the asset has left the catalog)
    license_model: str | None
    order_id: int
    purchased_by: str
    size_name: str
    bytes: int
    purchased_at: datetime


@dataclass(frozen=True, slots=True)
class Order:
    id: int
    customer_id: int
    kind: str  # download | extended
    asset_ids: tuple[str, ...]
    ordered_by: str
    licensee_name: str
    project_code: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a customer's records and how many there are in all."""

    items: tuple[T, ...]
    total: int
