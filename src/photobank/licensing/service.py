"""The licensing services, wired once over one store, clock and catalog."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from photobank.catalog.service import CatalogService
from photobank.clock import Clock
from photobank.licensing.authorizations import DownloadAuthorizations
from photobank.licensing.credits import CreditService
from photobank.licensing.downloads import DownloadService
from photobank.licensing.history import HistoryService
from photobank.licensing.products import ProductService
from photobank.licensing.usage import UsageService
from photobank.media.delivery import DeliveryUrls
from photobank.media.signing import Signer


class LicensingService:
    """One entry point per concern, sharing the product service (and its cache)."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        catalog: CatalogService,
        delivery: DeliveryUrls,
        cache_budget: int,
        signer: Signer,
    ) -> None:
        """``cache_budget``: bytes the cached products may weigh (:class:`ProductService`);
        ``signer``: the server's one signing key, for download authorisations."""
        self._clock = clock
        self.products = ProductService(engine, clock, cache_budget)
        self.downloads = DownloadService(engine, clock, catalog, self.products, delivery)
        self.authorizations = DownloadAuthorizations(
            signer, clock, catalog, self.products, self.downloads
        )
        self.history = HistoryService(engine, clock, catalog)
        self.usage = UsageService(engine, clock, catalog, self.products)
        self.credits = CreditService(engine, clock, self.products)

    def set_remaining_downloads(
        self, customer_id: int, product_id: int, remaining: int
    ) -> dict[str, Any]:
        """The emulator's hook: what is left of a customer's product, then its new state."""
        product = self.products.set_remaining(customer_id, product_id, remaining)
        now = self._clock.now()
        return {
            "product_id": product.id,
            "downloads_remaining": product.remaining_at(now),
            "credits_remaining": product.credits_remaining,
        }

    def clear_caches(self) -> None:
        """Forget cached product lists (the store was restored underneath)."""
        self.products.clear_caches()
