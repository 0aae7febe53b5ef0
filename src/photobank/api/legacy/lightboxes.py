"""The seven lightbox operations, over the boards service: a lightbox IS a v3 board.

A lightbox made here is a board through ``/v3/boards`` and the other way round.
``LightboxId`` is the board's lightbox number (see ``Board.number``): an
integer in CreateLightbox's result and in requests, its decimal text in
headers, as the wire format types them; requests may send either form, and
anything else is an ``InvalidRequest``. ``Notes`` is the board's
description; boards keep no client or project name, so ``ClientName`` and
``ProjectName`` are answered empty. ``LightboxItemId`` and ``ItemPosition`` are
the item's 1-based position, most recently added first, as boards list them.
Unknown asset ids in CreateLightboxItems are named in an ``InvalidAssets``
warning while the known ones are added.
"""

from __future__ import annotations

from typing import Any

from photobank.api.legacy.context import Call
from photobank.api.legacy.envelope import (
    LegacyError,
    Outcome,
    format_date,
    integer,
    obj,
    strings,
    text,
)
from photobank.boards.models import Board, BoardAsset
from photobank.catalog.model import Asset
from photobank.media.viewers import NO_FAMILY, display_url
from photobank.paging import PageWindow, from_item


def _lightbox(call: Call, body: dict[str, Any]) -> tuple[int, int]:
    """The signed-in customer's id and the ``LightboxId`` they name a board by; the
    board is found once the rest of the body is read, so its errors come first."""
    customer = call.require_customer()
    number = integer(body, "LightboxId", required=True)
    assert number is not None  # required
    return customer.id, number


def _board_id(call: Call, customer_id: int, number: int) -> str:
    return call.services.boards.by_number(customer_id, number).id


def _name(body: dict[str, Any]) -> str:
    name = text(body, "LightboxName")
    if name is None:
        raise LegacyError("InvalidLightboxName", "'LightboxName' is required.")
    return name


def _paging(body: dict[str, Any], name: str) -> PageWindow:
    """The page a view-options object asks for; defaults: 25 items from the first."""
    options = obj(body, name)
    count, start = integer(options, "ItemCount"), integer(options, "ItemStartNumber")
    count = 25 if count is None else count
    start = 1 if start is None else start
    if count <= 0:
        raise LegacyError("InvalidItemCount", f"'{name}.ItemCount' must be positive.")
    if start <= 0:
        raise LegacyError("InvalidItemStartNumber", f"'{name}.ItemStartNumber' is 1-based.")
    return from_item(start, count)


def _header(call: Call, board: Board) -> dict[str, Any]:
    return {
        "LightboxId": str(board.number),
        "LightboxName": board.name,
        "ClientName": "",
        "ProjectName": "",
        "DateCreated": format_date(board.created_at),
        "DateModified": format_date(board.updated_at),
        "IsShared": board.relationship != "owned",
        "LightboxItemCount": str(board.asset_count),
        "LightboxUrl": f"{call.base_url}/v3/boards/{board.id}",
        "Notes": board.description or "",
    }


def create_lightbox(call: Call, body: Any) -> Outcome:
    customer = call.require_customer()
    name = _name(body)
    board = call.services.boards.create(customer.id, name, text(body, "Notes"))
    return Outcome({"LightboxId": board.number})


def get_lightbox(call: Call, body: Any) -> Outcome:
    customer_id, number = _lightbox(call, body)
    window = _paging(body, "LightboxItemsViewOptions")
    board = call.services.boards.by_number(customer_id, number)
    page = window.of(call.services.boards.assets(customer_id, board.id))
    found = call.services.catalog.get_kept([item.asset_id for item in page])
    shown = [
        _item(call, position, item, found.get(item.asset_id))
        for position, item in enumerate(page, start=window.first)
    ]
    return Outcome({"Lightbox": {"LightboxHeader": _header(call, board), "LightboxItems": shown}})


def _item(call: Call, position: int, item: BoardAsset, asset: Asset | None) -> dict[str, Any]:
    """A lightbox item; its display URLs follow the caller's watermark policy, as v3
    boards do (``WatermarkPreview`` is watermarked by its very name)."""
    urls, base = call.services.media_urls, call.base_url
    family = asset.asset_family if asset is not None else NO_FAMILY

    def url(size: str) -> str:
        return display_url(urls, base, item.asset_id, family, size, call.watermarks)

    return {
        "AssetId": item.asset_id,
        "Comment": "",
        "DateCreated": format_date(item.added_at),
        "DateModified": format_date(item.added_at),
        "ItemPosition": position,
        "LightboxItemId": position,
        "Urls": {
            "Preview": url("preview"),
            "SmallThumb": url("thumb"),
            "Thumb": url("thumb"),
            "WatermarkPreview": urls.display(base, item.asset_id, "preview", True),
        },
    }


def create_items(call: Call, body: Any) -> Outcome:
    (customer_id, number), asset_ids = _lightbox(call, body), strings(body, "AssetIds")
    if not asset_ids:
        raise LegacyError("InvalidAssets", "'AssetIds' names no asset.")
    board_id = _board_id(call, customer_id, number)
    added = call.services.boards.add_assets(customer_id, board_id, asset_ids)
    outcome = Outcome()
    if added.not_added:
        message = f"Not in the catalog: {', '.join(added.not_added)}."
        outcome.warnings.append(("InvalidAssets", message))
    return outcome


def delete_items(call: Call, body: Any) -> Outcome:
    (customer_id, number), asset_ids = _lightbox(call, body), strings(body, "AssetIds")
    call.services.boards.remove_assets(customer_id, _board_id(call, customer_id, number), asset_ids)
    return Outcome()


def delete_lightbox(call: Call, body: Any) -> Outcome:
    customer_id, number = _lightbox(call, body)
    call.services.boards.delete(customer_id, _board_id(call, customer_id, number))
    return Outcome()


def lightbox_headers(call: Call, body: Any) -> Outcome:
    customer = call.require_customer()
    window = _paging(body, "ResultsViewOptions")
    boards = call.services.boards.for_customer(customer.id, paged=window)
    result = {
        "LightboxHeaders": [_header(call, board) for board in boards.boards],
        "TotalLightboxHeaderCount": boards.total,
    }
    outcome = Outcome(result)
    if not boards.total:
        outcome.warnings.append(("LightboxesNotFound", "The user has no lightboxes."))
    return outcome


def update_header(call: Call, body: Any) -> Outcome:
    name = _name(body)
    (customer_id, number), notes = _lightbox(call, body), text(body, "Notes")
    board_id = _board_id(call, customer_id, number)
    call.services.boards.update(customer_id, board_id, name, notes)
    return Outcome()


def operations(op: Any) -> dict[str, Any]:
    header_only: dict[str, Any] = {"result_keys": ()}
    return {
        "/v1/lightbox/CreateLightbox": op("CreateLightbox", create_lightbox),
        "/v1/lightbox/GetLightbox": op("GetLightbox", get_lightbox),
        "/v1/lightbox/CreateLightboxItems": op("CreateLightboxItems", create_items, **header_only),
        "/v1/lightbox/DeleteLightboxItems": op("DeleteLightboxItems", delete_items, **header_only),
        "/v1/lightbox/DeleteLightbox": op("DeleteLightbox", delete_lightbox, **header_only),
        "/v1/lightbox/GetLightboxHeaders": op("GetLightboxHeaders", lightbox_headers),
        "/v1/lightbox/UpdateLightboxHeader": op(
            "UpdateLightboxHeader", update_header, **header_only
        ),
    }
