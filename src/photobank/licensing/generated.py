"""Licensing what the AI generator paints: which agreement a generation uses, and
charging a generated image's first download to it.

A generated image is licensed like a catalog asset (one licence per customer,
its order and every download in the history; later downloads are free), but only
an ``aigeneration`` product may license it, and only the one its generation used.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from photobank.errors import InvalidParameter, NotEntitled
from photobank.licensing.downloads import (
    DownloadRequest,
    DownloadService,
    Licensed,
    check_details,
    check_requirements,
)
from photobank.licensing.entitlements import named_product
from photobank.licensing.models import DownloadRequirements, Product
from photobank.media.urls import DownloadSize

AI_PRODUCT = "aigeneration"


def ai_product(products: Iterable[Product], product_id: int | None, now: datetime) -> Product:
    """The AI generation agreement a request uses: the one named, else the only one.

    Getty asks for ``product_id`` only from customers holding several; a customer
    without an active one is refused as Getty refuses a download without a product.
    """
    owned = list(products)
    if product_id is not None:
        named = named_product(owned, product_id)
        if named.type != AI_PRODUCT or not named.usable_at(now):
            raise NotEntitled(f"Product {product_id} is not an active AI generation product.")
        return named
    usable = sorted(
        (p for p in owned if p.type == AI_PRODUCT and p.usable_at(now)), key=Product.preference
    )
    if not usable:
        raise NotEntitled(
            "No active AI generation product: the AI generator needs an AI Generation agreement."
        )
    if len(usable) > 1:
        ids = ", ".join(str(p.id) for p in usable)
        raise InvalidParameter(
            "product_id",
            f"You hold several AI generation products ({ids}): name one in 'product_id'.",
        )
    return usable[0]


def check_generation(product: Product, requirements: DownloadRequirements) -> None:
    """Refuse a generation without the notes or project code its agreement requires."""
    check_details(requirements)
    check_requirements(product, requirements, notes="notes")


def license_generated(
    downloads: DownloadService,
    customer_id: int,
    product: Product,
    asset_id: str,
    size: DownloadSize,
    requirements: DownloadRequirements,
) -> bool:
    """Record a download of generated image ``asset_id``; charged to ``product`` when the
    customer holds no licence for it yet. Whether this download was charged."""
    check_generation(product, requirements)
    request = DownloadRequest(
        asset_id=asset_id, customer_id=customer_id, product_id=product.id, requirements=requirements
    )
    _, charged = downloads.license(
        request, Licensed(asset_id, "image", 1), size, lambda _now: [product]
    )
    return charged
