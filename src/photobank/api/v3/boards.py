"""``/v3/boards``: customers' boards, their assets and comments (user token required).

A thin skin over :class:`photobank.boards.service.BoardService`; every
operation answers 401 ``Unauthorized`` without a token, as Getty's boards do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3 import boards_wire as wire
from photobank.api.v3.body import json_body, optional_text, read_json_bytes
from photobank.api.v3.common import content_language, projection_context, services
from photobank.api.v3.params import parse_query
from photobank.api.v3.user import require_customer
from photobank.boards.errors import CommentNotFound
from photobank.boards.models import MAX_ASSETS_PER_REQUEST
from photobank.errors import InvalidParameter
from photobank.paging import numbered_page

# The contract spells the last sort order "name_decending"; the domain spells it right.
_SORT = {"name_decending": "name_descending"}


def _customer_id(request: Request) -> int:
    return require_customer(request, code="Unauthorized").id


async def _on_board(request: Request, action: Callable[..., Any], *args: Any) -> Any:
    """``action(customer_id, board_id, *args)``: a boards service call, off the event loop."""
    customer_id = _customer_id(request)
    return await run_in_threadpool(action, customer_id, request.path_params["board_id"], *args)


def _headers(request: Request) -> dict[str, str]:
    return {"Content-Language": content_language(request)}


async def list_boards(request: Request) -> Response:
    customer_id = _customer_id(request)
    params = parse_query("/v3/boards", request.query_params)
    sort = params["sort_order"] or "date_last_updated_descending"
    found = services(request)
    page = await run_in_threadpool(
        lambda: found.boards.for_customer(
            customer_id,
            relationship=params["board_relationship"],
            sort_order=_SORT.get(sort, sort),
            paged=numbered_page(params["page"] or 1, params["pageSize"] or 30),
        )
    )
    heroes = found.catalog.get_kept([b.hero_asset_id for b in page.boards if b.hero_asset_id])
    ctx = projection_context(request)
    body = {
        "board_count": page.total,
        "boards": [wire.list_item(b, heroes.get(b.hero_asset_id or ""), ctx) for b in page.boards],
    }
    return json_response(body, headers=_headers(request))


async def create_board(request: Request) -> Response:
    customer_id = _customer_id(request)
    name, description = await _board_info(request)
    board = await run_in_threadpool(services(request).boards.create, customer_id, name, description)
    return json_response({"id": board.id}, status=201)


async def get_board(request: Request) -> Response:
    customer_id = _customer_id(request)
    board_id = request.path_params["board_id"]
    found = services(request)

    def read() -> Any:
        board = found.boards.get(customer_id, board_id)
        return board, found.boards.assets(customer_id, board_id)

    board, entries = await run_in_threadpool(read)
    assets = found.catalog.get_kept([e.asset_id for e in entries])
    body = wire.detail(board, entries, assets, projection_context(request))
    return json_response(body, headers=_headers(request))


async def update_board(request: Request) -> Response:
    _customer_id(request)
    name, description = await _board_info(request)
    await _on_board(request, services(request).boards.update, name, description)
    return Response(status_code=204)


async def delete_board(request: Request) -> Response:
    await _on_board(request, services(request).boards.delete)
    return Response(status_code=204)


async def add_assets(request: Request) -> Response:
    """``PUT /v3/boards/{board_id}/assets``: a JSON list of ``{"asset_id": ...}``."""
    _customer_id(request)
    asset_ids = _asset_list(await read_json_bytes(request))
    result = await _on_board(request, services(request).boards.add_assets, asset_ids)
    body = {
        "assets_added": [{"asset_id": i} for i in result.added],
        "assets_not_added": result.not_added,
    }
    return json_response(body, status=201)


async def remove_assets(request: Request) -> Response:
    _customer_id(request)
    params = parse_query("/v3/boards/{board_id}/assets", request.query_params, "delete")
    asset_ids = params["asset_ids"]
    if not asset_ids:
        raise InvalidParameter("asset_ids", "Parameter 'asset_ids' must name at least one asset.")
    _check_count("asset_ids", len(asset_ids))
    await _on_board(request, services(request).boards.remove_assets, list(asset_ids))
    return Response(status_code=200)


async def add_asset(request: Request) -> Response:
    boards = services(request).boards
    await _on_board(request, boards.add_asset, request.path_params["asset_id"])
    return Response(status_code=201)


async def remove_asset(request: Request) -> Response:
    boards = services(request).boards
    await _on_board(request, boards.remove_assets, [request.path_params["asset_id"]])
    return Response(status_code=200)


async def list_comments(request: Request) -> Response:
    board, comments = await _on_board(request, services(request).boards.comments)
    return json_response(wire.comments_list(board, comments), headers=_headers(request))


async def add_comment(request: Request) -> Response:
    _customer_id(request)
    body = await json_body(request, "CommentRequest", required=True)
    text = optional_text(body, "text") or ""
    comment_id = await _on_board(request, services(request).boards.add_comment, text)
    return json_response({"id": str(comment_id)}, status=201)


async def delete_comment(request: Request) -> Response:
    _customer_id(request)
    raw = request.path_params["comment_id"]
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise CommentNotFound(f"Comment not found: {raw}")
    await _on_board(request, services(request).boards.delete_comment, int(raw))
    return Response(status_code=204)


async def _board_info(request: Request) -> tuple[str, str | None]:
    """``BoardInfo``: a required string ``name`` and an optional ``description``."""
    body = await json_body(request, "BoardInfo", required=True)
    name = body.get("name")
    if not isinstance(name, str):
        raise InvalidParameter("name", "A board 'name' is required and must be a string.")
    return name, optional_text(body, "description")


def _asset_list(raw: bytes) -> list[str]:
    try:
        value = orjson.loads(raw) if raw.strip() else None
    except orjson.JSONDecodeError:
        raise InvalidParameter("body", "Invalid 'body': not valid JSON.") from None
    if not isinstance(value, list) or not value:
        raise InvalidParameter("body", "The 'body' must be a non-empty list of board assets.")
    _check_count("body", len(value))
    ids: list[str] = []
    for index, entry in enumerate(value):
        if not isinstance(entry, dict) or set(entry) - {"asset_id"}:
            raise InvalidParameter(
                f"body[{index}]", f"Invalid 'body[{index}]': expected {{asset_id}}."
            )
        asset_id = entry.get("asset_id")
        if not isinstance(asset_id, str) or not asset_id.strip():
            raise InvalidParameter(
                f"body[{index}].asset_id", f"Invalid 'body[{index}].asset_id': expected a string."
            )
        ids.append(asset_id.strip())
    return ids


def _check_count(name: str, count: int) -> None:
    if count > MAX_ASSETS_PER_REQUEST:
        raise InvalidParameter(
            name, f"'{name}' names at most {MAX_ASSETS_PER_REQUEST} assets per request."
        )


routes = [
    Route("/v3/boards", list_boards, methods=["GET"]),
    Route("/v3/boards", create_board, methods=["POST"]),
    Route("/v3/boards/{board_id}", get_board, methods=["GET"]),
    Route("/v3/boards/{board_id}", update_board, methods=["PUT"]),
    Route("/v3/boards/{board_id}", delete_board, methods=["DELETE"]),
    Route("/v3/boards/{board_id}/assets", add_assets, methods=["PUT"]),
    Route("/v3/boards/{board_id}/assets", remove_assets, methods=["DELETE"]),
    Route("/v3/boards/{board_id}/assets/{asset_id}", add_asset, methods=["PUT"]),
    Route("/v3/boards/{board_id}/assets/{asset_id}", remove_asset, methods=["DELETE"]),
    Route("/v3/boards/{board_id}/comments", list_comments, methods=["GET"]),
    Route("/v3/boards/{board_id}/comments", add_comment, methods=["POST"]),
    Route("/v3/boards/{board_id}/comments/{comment_id}", delete_comment, methods=["DELETE"]),
]
