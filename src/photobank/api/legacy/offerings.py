"""Product offerings: the legacy API's names of photobank's product types, both ways."""

from __future__ import annotations

from collections.abc import Iterable

from photobank.catalog.model import PRODUCT_TYPES as COLLECTION_PRODUCT_TYPES
from photobank.licensing.models import Product

_NAMES = {
    "easyaccess": "EasyAccess",
    "editorialsubscription": "EditorialSubscription",
    "imagepack": "ImagePack",
    "premiumaccess": "PremiumAccess",
    "royaltyfreesubscription": "RoyaltyFreeSubscription",
    "creditpack": "CreditPack",
    "aigeneration": "AIGeneration",  # newer than the legacy API; named so it reads back
}
# Offering name → product type, for requests that name offerings.
TYPES_BY_OFFERING = {name: product_type for product_type, name in _NAMES.items()}
# The offerings a search filters on: those collections sell.
SEARCHABLE = {n: p for n, p in TYPES_BY_OFFERING.items() if p in COLLECTION_PRODUCT_TYPES}


def offering(product_type: str) -> str:
    """The offering name of a product type (a type the wire never named keeps its own)."""
    return _NAMES.get(product_type, product_type)


def offering_names(products: Iterable[Product]) -> list[str]:
    """Each offering the products are of, once, in the products' order."""
    return list(dict.fromkeys(offering(product.type) for product in products))
