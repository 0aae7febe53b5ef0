"""What licensing offers for one asset, as every skin shows it before a download.

A signed-in customer is offered their own usable products that may license the
asset, the one a download would charge first; anyone else the product types
that could license it, in the order downloads prefer them.
"""

from __future__ import annotations

from dataclasses import dataclass

from photobank.catalog.model import Asset
from photobank.licensing.entitlements import Entitlements
from photobank.licensing.models import Product, licensable_types


@dataclass(frozen=True, slots=True)
class Offer:
    product_type: str
    product: Product | None  # the customer's product; None for an anonymous caller


def offers(asset: Asset, entitlements: Entitlements | None) -> list[Offer]:
    """The offers for ``asset``, the default choice first (``entitlements``: the
    signed-in customer's usable products, None for anyone else)."""
    if entitlements is None:
        return [Offer(product_type, None) for product_type in licensable_types(asset)]
    return [Offer(p.type, p) for p in entitlements.for_asset(asset)]


def download_product_type(asset: Asset, entitlements: Entitlements | None) -> str | None:
    """The product type a download of ``asset`` would use; None when nothing could."""
    return next((offer.product_type for offer in offers(asset, entitlements)), None)
