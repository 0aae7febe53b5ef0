"""Which of a customer's products may license an asset, and in which order to try them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from photobank.catalog.model import Asset
from photobank.errors import InvalidParameter, NotEntitled
from photobank.licensing.models import Product, covers


class Entitlements:
    """A customer's usable products at one moment, for projecting many assets.

    ``key`` changes whenever the set of usable products does (a grant, an
    expiry, a status change), so projections cached under it stay correct.
    """

    def __init__(self, customer_id: int, products: Iterable[Product], now: datetime) -> None:
        self.customer_id = customer_id
        self._usable = sorted((p for p in products if p.usable_at(now)), key=Product.preference)
        self.key = (customer_id, tuple(p.id for p in self._usable))

    @property
    def empty(self) -> bool:
        """True when the customer has no usable product at all."""
        return not self._usable

    def for_asset(self, asset: Asset) -> list[Product]:
        """The usable products that may license ``asset``, the default choice first."""
        return [p for p in self._usable if covers(p.type, asset)]


def candidates(
    products: Iterable[Product],
    asset: Asset,
    now: datetime,
    *,
    product_id: int | None = None,
    product_type: str | None = None,
) -> list[Product]:
    """The products a download of ``asset`` may charge, in the order to try them.

    ``product_id`` must name one of the customer's products (else the
    parameter is invalid); a named product or type that cannot license the
    asset, or no fitting product at all, is :class:`NotEntitled`.
    """
    owned = list(products)
    if product_id is not None:
        named = named_product(owned, product_id)
        if product_type is not None and named.type != product_type:
            raise InvalidParameter(
                "product_type",
                f"Product {product_id} is a {named.type} product, not {product_type}.",
            )
        owned = [named]
    elif product_type is not None:
        owned = [p for p in owned if p.type == product_type]
    fitting = sorted(
        (p for p in owned if p.usable_at(now) and covers(p.type, asset)), key=Product.preference
    )
    if not fitting:
        raise NotEntitled(_refusal(asset, product_id, product_type))
    return fitting


def named_product(owned: Iterable[Product], product_id: int) -> Product:
    """The customer's product ``product_id``; an id not among ``owned`` is an invalid
    ``product_id``."""
    for product in owned:
        if product.id == product_id:
            return product
    raise InvalidParameter(
        "product_id",
        f"Invalid value '{product_id}' for parameter 'product_id': "
        "no such product in your account.",
    )


def _refusal(asset: Asset, product_id: int | None, product_type: str | None) -> str:
    if product_id is not None:
        return f"Product {product_id} is not active or cannot license image {asset.id}."
    if product_type is not None:
        return (
            f"No active {product_type} product of yours can license {asset.asset_type} {asset.id}."
        )
    return f"No active product of yours can license {asset.asset_type} {asset.id}."
