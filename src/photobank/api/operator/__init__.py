"""The operator's HTTP surface, for scripts and the web console, under ``/operator/v1/``.

Every endpoint needs the operator token (``Authorization: Bearer``) over
HTTPS (see :mod:`photobank.api.operator.guard`).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from photobank.api.operator.assets import asset_handlers
from photobank.api.operator.guard import Handler, guarded
from photobank.api.operator.uploads import ingest_handler
from photobank.composition import Services


def operator_routes(services: Services) -> list[BaseRoute]:
    wrap = guarded(services)
    assets = asset_handlers(services)
    one = "/operator/v1/assets/{asset_id}"
    return [
        Route("/operator/v1/ingest", wrap(ingest_handler(services)), methods=["POST"]),
        Route(one, wrap(_by_method(assets)), methods=["GET", "PATCH", "DELETE"]),
        Route(f"{one}/withdraw", wrap(assets["withdraw"]), methods=["POST"]),
        Route(f"{one}/restore", wrap(assets["restore"]), methods=["POST"]),
    ]


def _by_method(handlers: dict[str, Handler]) -> Handler:
    async def handler(request: Request) -> Any:
        return await handlers[request.method](request)

    return handler
