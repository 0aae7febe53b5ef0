"""GetImageDownloadAuthorizations, GetLargestImageDownloadAuthorizations, CreateDownloadRequest.

The authorisations, their 24-hour ``DownloadToken`` and the choice of the
largest size are the licensing domain's
(:class:`~photobank.licensing.authorizations.DownloadAuthorizations`); this
module reads the wire, asks it and writes its answers.

Decisions: images the customer cannot download are left out of the
GetLargest… result (its docs: "an Image entry for each requested image the
customer is authorized to download", spec §4.2). ``DownloadToken`` is echoed
in each ``DownloadUrls`` entry (§0.5). ``DownloadIsFree`` is ``false``: whether a
download re-uses a licence is decided when it is requested. A refused item's
``Status`` is the envelope's mapping of the domain's reason (:func:`download_status`).
"""

from __future__ import annotations

from typing import Any

from photobank.api.legacy.context import Call
from photobank.api.legacy.envelope import (
    LegacyError,
    Outcome,
    download_status,
    invalid,
    objects,
    text,
)
from photobank.api.legacy.offerings import offering
from photobank.catalog.model import Asset
from photobank.errors import DomainError
from photobank.licensing.downloads import choose_size
from photobank.media.urls import DownloadSize, download_sizes


def _items(body: dict[str, Any], name: str) -> list[dict[str, Any]]:
    items = objects(body, name)
    if not items:
        invalid(f"'{name}' must be a non-empty list of objects.")
    return items


def _authorizations(call: Call, asset: Asset, size: DownloadSize) -> list[dict[str, Any]]:
    customer = call.require_customer()
    granted = call.services.licensing.authorizations.authorize(customer.id, asset, size)
    return [
        {
            "DownloadIsFree": False,
            "DownloadToken": a.token,
            "ProductOfferingInstanceId": str(a.product.id),
            "ProductOfferingType": offering(a.product.type),
        }
        for a in granted
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
        largest = choose_size(asset, height=None, file_type=None)
        authorizations = _authorizations(call, asset, largest)
        for authorization in authorizations:
            authorization["SizeKey"] = largest.name
        if authorizations:
            images.append({"ImageId": asset_id, "Authorizations": authorizations})
    return Outcome({"Images": images})


def create_download_request(call: Call, body: Any) -> Outcome:
    customer = call.require_customer()
    authorizations = call.services.licensing.authorizations
    urls = []
    for item in _items(body, "DownloadItems"):
        token = text(item, "DownloadToken") or ""
        entry: dict[str, Any] = {"ImageId": None, "SizeName": None, "UrlAttachment": None}
        entry["DownloadToken"] = token
        try:
            grant = authorizations.read(token)
            entry["ImageId"] = grant.asset_id
            result = authorizations.redeem(grant, customer.id, call.base_url)
        except DomainError as exc:
            entry["Status"] = download_status(exc)
        else:
            entry["Status"], entry["UrlAttachment"] = "Success", result.uri
        urls.append(entry)
    return Outcome({"DownloadUrls": urls})


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
