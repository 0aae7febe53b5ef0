"""The seven lightbox operations, over the boards service: a lightbox IS a v3 board.

A lightbox made here is a board through ``/v3/boards`` and the other way round.
Decisions: ``LightboxId`` is the board's id, a string on the wire (the docs
type it as a string in headers; an integer could not name a random board id),
and requests may send it as a string or a number. ``Notes`` is the board's
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
    invalid,
    obj,
    strings,
    text,
)
from photobank.boards.models import Board, BoardAsset
from photobank.catalog.model import Asset
from photobank.media.viewers import NO_FAMILY, display_url
from photobank.paging import PageWindow, from_item


def _lightbox_id(body: dict[str, Any]) -> str:
    value = body.get("LightboxId")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        invalid("Missing 'LightboxId'.")
    return value.strip()


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
        "LightboxId": board.id,
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
    return Outcome({"LightboxId": board.id})


def get_lightbox(call: Call, body: Any) -> Outcome:
    customer = call.require_customer()
    board_id = _lightbox_id(body)
    window = _paging(body, "LightboxItemsViewOptions")
    board = call.services.boards.get(customer.id, board_id)
    page = window.of(call.services.boards.assets(customer.id, board_id))
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
    customer = call.require_customer()
    board_id, asset_ids = _lightbox_id(body), strings(body, "AssetIds")
    if not asset_ids:
        raise LegacyError("InvalidAssets", "'AssetIds' names no asset.")
    added = call.services.boards.add_assets(customer.id, board_id, asset_ids)
    outcome = Outcome()
    if added.not_added:
        message = f"Not in the catalog: {', '.join(added.not_added)}."
        outcome.warnings.append(("InvalidAssets", message))
    return outcome


def delete_items(call: Call, body: Any) -> Outcome:
    customer = call.require_customer()
    call.services.boards.remove_assets(customer.id, _lightbox_id(body), strings(body, "AssetIds"))
    return Outcome()


def delete_lightbox(call: Call, body: Any) -> Outcome:
    customer = call.require_customer()
    call.services.boards.delete(customer.id, _lightbox_id(body))
    return Outcome()


def lightbox_headers(call: Call, body: Any) -> Outcome:
    customer = call.require_customer()
    window = _paging(body, "ResultsViewOptions")
    boards = call.services.boards.for_customer(customer.id, page=1, page_size=window.end)
    # The service pages by page number; a 1-based start needs the slice itself.
    page = window.of(boards.boards)
    result = {
        "LightboxHeaders": [_header(call, board) for board in page],
        "TotalLightboxHeaderCount": boards.total,
    }
    outcome = Outcome(result)
    if not boards.total:
        outcome.warnings.append(("LightboxesNotFound", "The user has no lightboxes."))
    return outcome


def update_header(call: Call, body: Any) -> Outcome:
    customer = call.require_customer()
    name = _name(body)
    call.services.boards.update(customer.id, _lightbox_id(body), name, text(body, "Notes"))
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
