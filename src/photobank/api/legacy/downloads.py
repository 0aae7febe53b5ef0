"""GetImageDownloadAuthorizations, GetLargestImageDownloadAuthorizations, CreateDownloadRequest.

A ``DownloadToken`` is an HMAC-signed statement "this customer may download
this size of this image under this product until then" (24 hours, as the
docs say), signed with the server's media key: nothing is stored until the
download is requested. CreateDownloadRequest licenses through the very
:class:`~photobank.licensing.downloads.DownloadService` the v3 downloads use,
so both skins charge the same quotas and deliver through the same signed URLs.

Decisions: images the customer cannot download are left out of the
GetLargest… result (its docs: "an Image entry for each requested image the
customer is authorized to download", spec §4.2). ``DownloadToken`` is echoed
in each ``DownloadUrls`` entry (§0.5). ``DownloadIsFree`` is ``false``: whether a
download re-uses a licence is decided when it is requested.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from photobank.api.legacy.context import Call
from photobank.api.legacy.envelope import LegacyError, Outcome, invalid, objects, text
from photobank.api.legacy.sessions import OFFERINGS
from photobank.catalog.model import Asset
from photobank.errors import DomainError
from photobank.licensing.downloads import DownloadRequest
from photobank.media.signing import Signer, load_or_create_key
from photobank.media.urls import DownloadSize, download_sizes

TOKEN_HOURS = 24
_PURPOSE = "legacy-download"


@lru_cache(maxsize=4)
def _signer(data_dir: Path) -> Signer:
    return Signer(load_or_create_key(data_dir / "signing.key"))


def _token(call: Call, asset_id: str, size: str, product_id: int) -> str:
    customer = call.require_customer()
    expires = call.services.clock.now() + timedelta(hours=TOKEN_HOURS)
    parts = (asset_id, size, str(customer.id), str(product_id), str(int(expires.timestamp())))
    signature = _signer(call.services.settings.data_dir).sign(_PURPOSE, *parts)
    return ".".join((*parts, signature))


def _items(body: dict[str, Any], name: str) -> list[dict[str, Any]]:
    items = objects(body, name)
    if not items:
        invalid(f"'{name}' must be a non-empty list of objects.")
    return items


def _authorizations(call: Call, asset: Asset, size: DownloadSize) -> list[dict[str, Any]]:
    customer = call.require_customer()
    products = call.services.licensing.products.entitlements(customer.id).for_asset(asset)
    return [
        {
            "DownloadIsFree": False,
            "DownloadToken": _token(call, asset.id, size.name, product.id),
            "ProductOfferingInstanceId": str(product.id),
            "ProductOfferingType": OFFERINGS.get(product.type, product.type),
        }
        for product in products
    ]


def image_authorizations(call: Call, body: Any) -> Outcome:
    wanted = _items(body, "ImageSizes")
    ids = [text(item, "ImageId") or "" for item in wanted]
    found = call.services.catalog.get_assets([i for i in ids if i], asset_type="image")
    images = []
    for item, asset_id in zip(wanted, ids, strict=True):
        if not asset_id:
            raise LegacyError("MissingImageId", "Each ImageSizes entry needs an ImageId.")
        size_key = text(item, "SizeKey")
        if size_key is None:
            raise LegacyError("MissingSizeKey", f"Image {asset_id} needs a SizeKey.")
        entry: dict[str, Any] = {"ImageId": asset_id, "SizeKey": size_key, "Authorizations": []}
        asset = found.get(asset_id)
        sizes = {s.name: s for s in download_sizes(asset)} if asset else {}
        if asset is None:
            entry["Status"] = "ImageNotFound"
        elif size_key not in sizes:
            entry["Status"] = "InvalidSizeKey"
        else:
            entry["Authorizations"] = _authorizations(call, asset, sizes[size_key])
            entry["Status"] = "Available" if entry["Authorizations"] else "NoAuthorizations"
        images.append(entry)
    return Outcome({"Images": images})


def largest_authorizations(call: Call, body: Any) -> Outcome:
    wanted = [text(item, "ImageId") or "" for item in _items(body, "Images")]
    if not all(wanted):
        raise LegacyError("MissingImageId", "Each Images entry needs an ImageId.")
    found = call.services.catalog.get_assets(wanted, asset_type="image")
    images = []
    for asset_id in wanted:
        asset = found.get(asset_id)
        if asset is None:
            continue
        jpegs = [s for s in download_sizes(asset) if s.media_type == "image/jpeg"]
        authorizations = _authorizations(call, asset, jpegs[-1])
        for authorization in authorizations:
            authorization["SizeKey"] = jpegs[-1].name
        if authorizations:
            images.append({"ImageId": asset_id, "Authorizations": authorizations})
    return Outcome({"Images": images})


def create_download_request(call: Call, body: Any) -> Outcome:
    customer = call.require_customer()
    urls = []
    for item in _items(body, "DownloadItems"):
        token = text(item, "DownloadToken") or ""
        entry: dict[str, Any] = {"ImageId": None, "SizeName": None, "UrlAttachment": None}
        entry["DownloadToken"] = token
        parts = token.split(".")
        signer = _signer(call.services.settings.data_dir)
        if (
            len(parts) != 6
            or not parts[4].isdigit()
            or not parts[3].isdigit()
            or not signer.verify(parts[5], _PURPOSE, *parts[:5])
        ):
            entry["Status"] = "InvalidToken"
        elif parts[2] != str(customer.id):
            entry["ImageId"], entry["Status"] = parts[0], "NoAccess"
        elif datetime.fromtimestamp(int(parts[4]), UTC) <= call.services.clock.now():
            entry["ImageId"], entry["Status"] = parts[0], "ExpiredToken"
        else:
            entry.update(_deliver(call, customer.id, parts[0], parts[1], int(parts[3])))
        urls.append(entry)
    return Outcome({"DownloadUrls": urls})


def _deliver(
    call: Call, customer_id: int, asset_id: str, size_name: str, product_id: int
) -> dict[str, Any]:
    catalog = call.services.catalog
    asset = catalog.get_assets([asset_id], asset_type="image").get(asset_id)
    sizes = {s.name: s for s in download_sizes(asset)} if asset else {}
    if asset is None or size_name not in sizes:
        return {"ImageId": asset_id, "Status": "Unavailable"}
    size = sizes[size_name]
    request = DownloadRequest(
        asset_id=asset_id,
        customer_id=customer_id,
        height=str(size.height),
        file_type="eps" if size.media_type == "application/postscript" else "jpg",
        product_id=product_id,
    )
    try:
        result = call.services.licensing.downloads.download(request, call.base_url)
    except DomainError:
        return {"ImageId": asset_id, "Status": "NoAccess"}
    return {"ImageId": asset_id, "Status": "Success", "UrlAttachment": result.uri}


def operations(op: Any) -> dict[str, Any]:
    return {
        "/v1/download/GetImageDownloadAuthorizations": op(
            "GetImageDownloadAuthorizations", image_authorizations
        ),
        "/v1/download/GetLargestImageDownloadAuthorizations": op(
            "GetLargestImageDownloadAuthorizations", largest_authorizations
        ),
        "/v1/download/CreateDownloadRequest": op(
            "CreateDownloadRequest",
            create_download_request,
            body_keys=("CreateDownloadRequestBody",),
            secure_only=True,
        ),
    }
