"""Download authorisations: signed promises, redeemed later by a download.

An authorisation says "this customer may download this size of this image
under this product until then" (24 hours, as Getty's documentation says). It
is an HMAC-signed token, so nothing is stored until it is redeemed; redeeming
it licenses through :class:`~photobank.licensing.downloads.DownloadService`,
so it charges the same quotas and delivers through the same signed URLs as
every other download.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from photobank.catalog.model import Asset
from photobank.catalog.service import CatalogService
from photobank.clock import Clock
from photobank.errors import DomainError, Forbidden, NotFound
from photobank.licensing.downloads import (
    DownloadRequest,
    DownloadResult,
    DownloadService,
    find_image,
)
from photobank.licensing.models import Product
from photobank.licensing.products import ProductService
from photobank.media.signing import Signer
from photobank.media.urls import DownloadSize, download_sizes

TOKEN_HOURS = 24
_PURPOSE = "legacy-download"  # the signature's domain: tokens already handed out stay valid


class InvalidAuthorization(DomainError):
    """The token is not one this server signed (or it was altered)."""


class ExpiredAuthorization(DomainError):
    """The token was genuine but its 24 hours are over."""


@dataclass(frozen=True, slots=True)
class Authorization:
    """One way to download ``size``: the product to charge and the token that says so."""

    token: str
    product: Product
    size: DownloadSize


@dataclass(frozen=True, slots=True)
class Grant:
    """What a genuine token promises."""

    asset_id: str
    size_name: str
    customer_id: int
    product_id: int
    expires: datetime


class DownloadAuthorizations:
    def __init__(
        self,
        signer: Signer,
        clock: Clock,
        catalog: CatalogService,
        products: ProductService,
        downloads: DownloadService,
    ) -> None:
        self._signer = signer
        self._clock = clock
        self._catalog = catalog
        self._products = products
        self._downloads = downloads

    def authorize(self, customer_id: int, asset: Asset, size: DownloadSize) -> list[Authorization]:
        """An authorisation per usable product that may license ``asset``, the default first."""
        expires = int((self._clock.now() + timedelta(hours=TOKEN_HOURS)).timestamp())
        return [
            Authorization(self._token(asset.id, size.name, customer_id, p.id, expires), p, size)
            for p in self._products.entitlements(customer_id).for_asset(asset)
        ]

    def read(self, token: str) -> Grant:
        """The promise of a token this server signed, else :class:`InvalidAuthorization`."""
        parts = token.split(".")
        if (
            len(parts) != 6
            or not parts[4].isdigit()
            or not parts[3].isdigit()
            or not self._signer.verify(parts[5], _PURPOSE, *parts[:5])
        ):
            raise InvalidAuthorization("The download token is not valid.")
        asset_id, size_name, customer, product, expires = parts[:5]
        when = datetime.fromtimestamp(int(expires), UTC)
        return Grant(asset_id, size_name, int(customer), int(product), when)

    def redeem(self, grant: Grant, customer_id: int, base_url: str) -> DownloadResult:
        """Download what ``grant`` promised ``customer_id``, charging its product."""
        if grant.customer_id != customer_id:
            raise Forbidden("The download token was issued to another customer.")
        if grant.expires <= self._clock.now():
            raise ExpiredAuthorization("The download token has expired.")
        asset = find_image(self._catalog, grant.asset_id)  # withdrawn since: not found
        sizes = {s.name: s for s in download_sizes(asset)}
        if grant.size_name not in sizes:
            raise NotFound(f"Image {grant.asset_id} is no longer offered at {grant.size_name}.")
        size = sizes[grant.size_name]
        request = DownloadRequest(
            asset_id=grant.asset_id,
            customer_id=customer_id,
            height=str(size.height),
            file_type="eps" if size.media_type == "application/postscript" else "jpg",
            product_id=grant.product_id,
        )
        return self._downloads.download(request, base_url)

    def _token(
        self, asset_id: str, size: str, customer_id: int, product_id: int, expires: int
    ) -> str:
        parts = (asset_id, size, str(customer_id), str(product_id), str(expires))
        return ".".join((*parts, self._signer.sign(_PURPOSE, *parts)))
