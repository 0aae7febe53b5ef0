"""GetPreviousDownloads: the customer's download history, as the legacy skin pages it.

It reads the very records v3's ``GET /v3/downloads`` answers (every licence
taken through either skin), filtered by the customer asking. Like
CreateDownloadRequest it is secure-only: HTTPS and the SecureToken (spec §1).

Request (Connect docs, both revisions accepted): ``ItemCount`` and 1-based
``ItemStartNumber`` (required), ``FilterOptions.ProductOffering`` (``All`` or
an offering name) and ``FilterOptions.DateRangeFilter.{Start,End}`` (ISO-8601
or ``/Date(…)/``; one without the other is refused, as the docs require both).
The older revision's ``Filter.DateRange`` / ``StartDate``/``EndDate`` spellings
are read too.

Decisions (the docs' response section is a copy of CreateDownloadRequest's):
the result pages like SearchForImages (``ItemCount``, ``ItemStartNumber``,
``ItemTotalCount``) and lists ``PreviousDownloads``, newest first; without a
date filter the whole history is listed (v3's 30-day default is a v3 rule);
``DownloadIsFree`` is true for a re-download that charged nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from photobank.api.legacy.context import Call
from photobank.api.legacy.envelope import (
    LegacyError,
    Outcome,
    enum,
    format_date,
    integer,
    invalid,
    obj,
    parse_date,
    text,
)
from photobank.api.legacy.offerings import TYPES_BY_OFFERING, offering
from photobank.licensing.history import Window
from photobank.licensing.models import DownloadRecord
from photobank.paging import from_item

MAX_ITEM_COUNT = 75  # the largest page the legacy API offers anywhere
# Wire name → product type; "All" (and the docs' LegacyRfSubscription, which
# photobank never sells) map as the filter they mean.
_PRODUCT_OFFERINGS: dict[str, str] = {
    "All": "",
    "LegacyRfSubscription": "legacyrfsubscription",
    **TYPES_BY_OFFERING,
}


def previous_downloads(call: Call, body: Any) -> Outcome:
    customer = call.require_customer()
    count = integer(body, "ItemCount", required=True) or 0
    if count <= 0:
        raise LegacyError("InvalidItemCount", "'ItemCount' must be positive.")
    if count > MAX_ITEM_COUNT:
        raise LegacyError("MaxExceeded", f"'ItemCount' may be at most {MAX_ITEM_COUNT}.")
    start = integer(body, "ItemStartNumber", required=True) or 0
    if start <= 0:
        raise LegacyError("InvalidItemStartNumber", "'ItemStartNumber' is 1-based.")
    window = from_item(start, count)
    filters, where = _filters(body)
    offering = text(filters, "ProductOffering")
    product_type = (
        enum(offering, f"{where}.ProductOffering", _PRODUCT_OFFERINGS) if offering else ""
    )
    page = call.services.licensing.history.downloads(
        customer.id,
        _window(filters, where),
        product_type=product_type or None,
        paged=window,
    )
    if page.total and start > page.total:
        raise LegacyError("StartPastTotal", f"ItemStartNumber is past the {page.total} downloads.")
    result = {
        "ItemCount": len(page.items),
        "ItemStartNumber": start,
        "ItemTotalCount": page.total,
        "PreviousDownloads": [_document(call, record) for record in page.items],
    }
    return Outcome(result)


def _filters(body: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The filter object and its name: ``FilterOptions`` (final docs) or ``Filter``."""
    for name in ("FilterOptions", "Filter"):
        if body.get(name) is not None:
            return obj(body, name), name
    return {}, "FilterOptions"


def _window(filters: dict[str, Any], where: str) -> Window:
    for name in ("DateRangeFilter", "DateRange"):
        if filters.get(name) is not None:
            where, dates = f"{where}.{name}", obj(filters, name)
            break
    else:
        return Window(None, None)
    start_key = "Start" if "Start" in dates else "StartDate"
    end_key = "End" if "End" in dates else "EndDate"
    raw_start, raw_end = dates.get(start_key), dates.get(end_key)
    if raw_start is None and raw_end is None:
        return Window(None, None)
    if raw_start is None or raw_end is None:
        invalid(f"'{where}' needs both {start_key} and {end_key}.")
    first: datetime = parse_date(raw_start, f"{where}.{start_key}")
    last: datetime = parse_date(raw_end, f"{where}.{end_key}")
    if first > last:
        invalid(f"'{where}.{start_key}' is after '{where}.{end_key}'.")
    return Window(first, last)


def _document(call: Call, record: DownloadRecord) -> dict[str, Any]:
    return {
        "ImageId": record.asset_id,
        "DateDownloaded": format_date(record.downloaded_at),
        "SizeKey": record.size_name,
        "PixelWidth": record.width,
        "PixelHeight": record.height,
        "ProductOfferingType": offering(record.product_type),
        "ProductOfferingInstanceId": str(record.product_id),
        "AgreementName": record.agreement_name,
        "DownloadIsFree": not record.charged,
        "DownloadNotes": record.download_notes,
        "ProjectCode": record.project_code,
        "DownloadedBy": record.username,
        "UrlThumb": call.services.media_urls.display(
            call.base_url, record.asset_id, "thumb", False
        ),
    }


def operations(op: Any) -> dict[str, Any]:
    return {
        "/v1/download/GetPreviousDownloads": op(
            "GetPreviousDownloads", previous_downloads, secure_only=True
        ),
    }
