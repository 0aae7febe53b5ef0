"""One asset at a time: show, edit, withdraw, restore, delete — seen by the server at once.

``GET /operator/v1/assets/{id}`` answers the asset's record as ``photobank
assets show --json`` prints it; ``PATCH`` takes a JSON object of manifest
field names (``title``, ``keywords`` …) and answers the record as saved;
``POST …/withdraw`` and ``…/restore`` answer the record; ``DELETE`` answers
204. Each goes through the same domain code as the CLI, inside the server, so
search, cached answers and partners' channels follow before the answer.
"""

from __future__ import annotations

from typing import Any

import orjson
from anyio import to_thread
from starlette.requests import Request
from starlette.responses import Response

from photobank.api.bodies import JSON_BODY_LIMIT, read_body
from photobank.api.operator.guard import Handler, Refused
from photobank.api.records import AssetRecords
from photobank.catalog.removal import delete_assets
from photobank.composition import Services
from photobank.errors import NotFound
from photobank.ingest.edits import edit_of, update_asset
from photobank.ingest.sources import source_files


def asset_handlers(services: Services) -> dict[str, Handler]:
    """The handlers by method, and by action for the POSTs."""

    def record(asset_id: str) -> dict[str, Any]:
        asset = services.catalog.get_kept([asset_id]).get(asset_id)
        if asset is None:
            raise NotFound(f"Asset not found: {asset_id}", code="AssetNotFound")
        source = source_files(services.engine, [asset_id]).get(asset_id)
        return AssetRecords(services).record(asset, source)

    async def show(request: Request) -> dict[str, Any]:
        return record(request.path_params["asset_id"])

    async def edit(request: Request) -> dict[str, Any]:
        asset_id = request.path_params["asset_id"]
        changes = _json_object(await read_body(request, JSON_BODY_LIMIT, _too_large))
        row = edit_of(asset_id, changes, "body")
        await to_thread.run_sync(update_asset, services, row)
        return record(asset_id)

    async def withdraw(request: Request) -> dict[str, Any]:
        asset_id = request.path_params["asset_id"]
        record(asset_id)  # an unknown id is a 404, not a quiet no-op
        await to_thread.run_sync(services.catalog.withdraw, [asset_id])
        return record(asset_id)

    async def restore(request: Request) -> dict[str, Any]:
        asset_id = request.path_params["asset_id"]
        record(asset_id)
        await to_thread.run_sync(services.catalog.restore, [asset_id])
        return record(asset_id)

    async def delete(request: Request) -> Response:
        ids = [request.path_params["asset_id"]]
        storage = services.media_storage
        await to_thread.run_sync(delete_assets, services.catalog, storage, services.renditions, ids)
        return Response(status_code=204)

    return {"GET": show, "PATCH": edit, "DELETE": delete, "withdraw": withdraw, "restore": restore}


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise Refused(400, "The body must be a JSON object of fields and new values.") from None
    if not isinstance(value, dict):
        raise Refused(400, "The body must be a JSON object of fields and new values.")
    return value


def _too_large() -> Exception:
    return Refused(413, "The body is larger than the 1 MB an edit may be.")
