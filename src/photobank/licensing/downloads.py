"""Licensing an image for download: the one path every API skin takes.

A first download charges one product and records the licence, its order and
the download in the same transaction as the charge; the delivery URL is
signed only after that commits. So a crash between licence and delivery
loses nothing: the customer holds the licence, and downloading again is a
free re-download that signs a new URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError

from photobank.catalog.model import Asset
from photobank.catalog.service import CatalogService
from photobank.clock import Clock
from photobank.errors import (
    ImageNotFound,
    InvalidParameter,
    QuotaExhausted,
    VideoNotFound,
)
from photobank.licensing.charges import take_credits, take_download
from photobank.licensing.entitlements import candidates
from photobank.licensing.errors import MissingDownloadRequirement
from photobank.licensing.models import DownloadRequirements, Product, standard_credits
from photobank.licensing.products import ProductService
from photobank.media.delivery import DeliveryUrls
from photobank.media.urls import DownloadSize, download_sizes
from photobank.store import tables as t

_MEDIA_TYPES = {"jpg": "image/jpeg", "eps": "application/postscript"}
MAX_PROJECT_CODE = 100


@dataclass(frozen=True, slots=True)
class DownloadRequest:
    """A customer's request to download an image or (``asset_type="video"``, ``size``) a
    video; ``None`` leaves the choice to the server."""

    asset_id: str
    customer_id: int
    asset_type: str = "image"
    size: str | None = None  # videos: a download size name
    height: str | None = None
    file_type: str | None = None
    product_id: int | None = None
    product_type: str | None = None
    use_team_credits: bool = False
    requirements: DownloadRequirements = field(default_factory=DownloadRequirements)


@dataclass(frozen=True, slots=True)
class DownloadResult:
    uri: str
    asset_id: str
    size: DownloadSize
    product_id: int
    charged: bool


@dataclass(frozen=True, slots=True)
class Licensed:
    """What a licence is for: a catalog asset or a generated image, and what a credit
    pack pays for it."""

    id: str
    asset_type: str
    credits: int


@dataclass(frozen=True, slots=True)
class _Licence:
    id: int
    product_id: int


def find_image(
    catalog: CatalogService, asset_id: str, asset_type: str = "image", *, kept: bool = False
) -> Asset:
    """The image (or video) ``asset_id`` on offer (``kept``: or withdrawn, for what a
    customer holds), else Getty's ``ImageNotFound`` (``VideoNotFound``)."""
    read = catalog.get_kept if kept else catalog.get_assets
    found = read([asset_id], asset_type=asset_type).get(asset_id)
    if found is None:
        missing = VideoNotFound if asset_type == "video" else ImageNotFound
        raise missing(f"{asset_type.title()} not found: {asset_id}")
    return found


def choose_video_size(asset: Asset, size: str | None) -> DownloadSize:
    """The video size named ``size``; by default the largest."""
    sizes = download_sizes(asset)
    if size is None:
        return sizes[-1]
    for offered in sizes:
        if offered.name == size.strip().lower():
            return offered
    raise InvalidParameter(
        "size",
        f"Invalid value '{size}' for parameter 'size': video {asset.id} "
        f"is available in sizes {', '.join(s.name for s in sizes)}.",
    )


def choose_size(asset: Asset, height: str | None, file_type: str | None) -> DownloadSize:
    """The size asked for by ``height`` and ``file_type``; by default the largest JPEG."""
    sizes = download_sizes(asset)
    if file_type is not None:
        sizes = [s for s in sizes if s.media_type == _MEDIA_TYPES[file_type]]
        if not sizes:
            raise InvalidParameter(
                "file_type",
                f"Invalid value '{file_type}' for parameter 'file_type': "
                f"image {asset.id} has no such file.",
            )
    else:
        sizes.sort(key=lambda s: s.media_type != "image/jpeg")  # stable: JPEGs first
    if height is None:
        jpegs = [s for s in sizes if s.media_type == "image/jpeg"]
        return (jpegs or sizes)[-1]
    wanted = height.strip()
    for size in sizes:
        if str(size.height) == wanted:
            return size
    offered = ", ".join(dict.fromkeys(str(s.height) for s in sizes))
    raise InvalidParameter(
        "height",
        f"Invalid value '{height}' for parameter 'height': image {asset.id} "
        f"is available at heights {offered}.",
    )


def check_details(given: DownloadRequirements) -> None:
    """Refuse a project code longer than the store keeps (notes may be long)."""
    if given.project_code is not None and len(given.project_code) > MAX_PROJECT_CODE:
        raise InvalidParameter(
            "project_code", f"'project_code' is longer than {MAX_PROJECT_CODE} characters."
        )


def check_requirements(
    product: Product, given: DownloadRequirements, notes: str = "download_notes"
) -> None:
    """Refuse a download that lacks what the product's agreement asks to be sent along
    (``notes``: what the operation calls its notes field)."""
    if product.note_required and not (given.download_notes or "").strip():
        raise MissingDownloadRequirement(
            notes, f"Product {product.id} requires {notes} with each download."
        )
    code = (given.project_code or "").strip()
    if product.project_code_required and not code:
        raise MissingDownloadRequirement(
            "project_code", f"Product {product.id} requires a project_code with each download."
        )
    if code and product.project_codes and code not in product.project_codes:
        raise InvalidParameter(
            "project_code",
            f"Invalid value '{code}' for 'project_code': allowed are "
            f"{', '.join(product.project_codes)}.",
        )


class DownloadService:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        catalog: CatalogService,
        products: ProductService,
        delivery: DeliveryUrls,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._catalog = catalog
        self._products = products
        self._delivery = delivery

    def download(self, request: DownloadRequest, base_url: str) -> DownloadResult:
        """License (or re-use the licence of) an asset and sign its delivery URL."""
        check_details(request.requirements)
        asset = find_image(self._catalog, request.asset_id, request.asset_type)
        if asset.video is not None:
            size = choose_video_size(asset, request.size)
        else:
            size = choose_size(asset, request.height, request.file_type)

        def fitting(now: datetime) -> list[Product]:
            return candidates(
                self._products.products(request.customer_id),
                asset,
                now,
                product_id=request.product_id,
                product_type=request.product_type,
            )

        item = Licensed(asset.id, asset.asset_type, standard_credits(asset))
        product_id, charged = self.license(request, item, size, fitting)
        uri = self._delivery.url(base_url, asset.id, size.name, request.customer_id)
        return DownloadResult(uri, asset.id, size, product_id, charged)

    def license(
        self,
        request: DownloadRequest,
        item: Licensed,
        size: DownloadSize,
        fitting: Callable[[datetime], list[Product]],
    ) -> tuple[int, bool]:
        """Record a download of ``item``: a free re-download under the customer's licence,
        else charged to the first of ``fitting`` products with room. The product's id
        and whether this call charged it."""
        now = self._clock.now()
        licence, charged = self._licence(request.customer_id, item.id), False
        if licence is None:
            licence, charged = self._charge(request, item, size, fitting(now), now)
        if not charged:
            with self._engine.begin() as conn:
                _record_download(conn, request, item, size, licence, now, charged=False)
        return licence.product_id, charged

    def holds_licence(self, customer_id: int, asset_id: str) -> bool:
        return self._licence(customer_id, asset_id) is not None

    def _licence(self, customer_id: int, asset_id: str) -> _Licence | None:
        c = t.licences.c
        with self._engine.connect() as conn:
            row = conn.execute(
                select(c.id, c.product_id).where(
                    c.customer_id == customer_id, c.asset_id == asset_id
                )
            ).first()
        return _Licence(row.id, row.product_id) if row is not None else None

    def _charge(
        self,
        request: DownloadRequest,
        item: Licensed,
        size: DownloadSize,
        fitting: list[Product],
        now: datetime,
    ) -> tuple[_Licence, bool]:
        """Charge the first product with room (overage only once none has any), or refuse.

        The licence, and whether this call paid for it: when a concurrent download
        by the same customer recorded the licence first, this one rolled back and
        is a free re-download.
        """
        for overage in (False, True):
            for product in fitting:
                if overage and (product.type == "creditpack" or not product.overage_limit):
                    continue
                try:
                    with self._engine.begin() as conn:
                        if not self._take(conn, product, item, request, now, overage):
                            continue
                        check_requirements(product, request.requirements)
                        return _record_licence(conn, request, item, size, product, now), True
                except IntegrityError:
                    existing = self._licence(request.customer_id, item.id)
                    if existing is None:
                        raise
                    return existing, False
        ids = ", ".join(str(p.id) for p in fitting)
        raise QuotaExhausted(
            f"Overage limit reached: no download remains on product {ids} "
            f"for {item.asset_type} {item.id}."
        )

    @staticmethod
    def _take(
        conn: Connection,
        product: Product,
        item: Licensed,
        request: DownloadRequest,
        now: datetime,
        overage: bool,
    ) -> bool:
        if product.type == "creditpack":
            return take_credits(conn, product.id, item.credits, now, team=request.use_team_credits)
        return take_download(conn, product.id, product.limit_duration, now, overage=overage)


def _record_licence(
    conn: Connection,
    request: DownloadRequest,
    item: Licensed,
    size: DownloadSize,
    product: Product,
    now: datetime,
) -> _Licence:
    order_id = conn.execute(
        insert(t.orders)
        .values(
            customer_id=request.customer_id,
            asset_id=item.id,
            product_id=product.id,
            kind="download",
            project_code=request.requirements.project_code,
            created_at=now,
        )
        .returning(t.orders.c.id)
    ).scalar_one()
    credits = item.credits if product.type == "creditpack" else 0
    licence_id = conn.execute(
        insert(t.licences)
        .values(
            customer_id=request.customer_id,
            asset_id=item.id,
            product_id=product.id,
            order_id=order_id,
            size_name=size.name,
            bytes=size.bytes,
            credits=credits,
            licensed_at=now,
        )
        .returning(t.licences.c.id)
    ).scalar_one()
    licence = _Licence(licence_id, product.id)
    _record_download(conn, request, item, size, licence, now, charged=True)
    return licence


def _record_download(
    conn: Connection,
    request: DownloadRequest,
    item: Licensed,
    size: DownloadSize,
    licence: _Licence,
    now: datetime,
    *,
    charged: bool,
) -> None:
    row: dict[str, Any] = {
        "customer_id": request.customer_id,
        "asset_id": item.id,
        "asset_type": item.asset_type,
        "licence_id": licence.id,
        "product_id": licence.product_id,
        "size_name": size.name,
        "width": size.width,
        "height": size.height,
        "charged": charged,
        "download_notes": request.requirements.download_notes,
        "project_code": request.requirements.project_code,
        "downloaded_at": now,
    }
    conn.execute(insert(t.downloads).values(row))
