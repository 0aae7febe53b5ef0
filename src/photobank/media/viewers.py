"""What of a caller shows in asset documents, decided once for every skin.

A document's display URLs carry the watermark flags of the caller's policy
(:mod:`photobank.media.policy`) and it lists the caller's usable products. Every
skin asks :class:`Viewers` and builds display URLs with :func:`display_url`, so a
v3 board, a legacy lightbox and a search result show one caller the same media.
"""

from __future__ import annotations

from dataclasses import dataclass

from photobank.licensing.entitlements import Entitlements
from photobank.licensing.products import ProductService
from photobank.media.policy import WatermarkPolicy, Watermarks
from photobank.media.urls import MediaUrls

NO_FAMILY = ""  # an asset no longer in the catalog: each size's default applies


@dataclass(frozen=True, slots=True)
class Viewer:
    """One caller's watermark decisions and (for a signed-in customer) usable products."""

    watermarks: Watermarks
    entitlements: Entitlements | None


class Viewers:
    def __init__(self, policy: WatermarkPolicy, products: ProductService) -> None:
        self._policy = policy
        self._products = products

    def of(self, client_key: str | None, customer_id: int | None) -> Viewer:
        """The viewer behind a request by ``client_key`` for ``customer_id`` (None: nobody)."""
        watermarks = self._policy.for_caller(client_key, customer_id)
        if customer_id is None:
            return Viewer(watermarks, None)
        return Viewer(watermarks, self._products.entitlements(customer_id))


def display_url(
    urls: MediaUrls, base: str, asset_id: str, family: str, size: str, watermarks: Watermarks
) -> str:
    """The display URL of ``size`` with the watermark flag ``watermarks`` decide."""
    return urls.display(base, asset_id, size, watermarks.watermarked(family, size))
