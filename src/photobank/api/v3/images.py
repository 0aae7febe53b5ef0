"""``GET /v3/images/{ids}`` and ``GET /v3/images?ids=``: image metadata by id."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.v3.by_id import respond, split_ids
from photobank.api.v3.fields import Endpoint

_BY_PATH = Endpoint("/v3/images/{id}", None, "detail")
_BY_QUERY = Endpoint("/v3/images", None, "detail")


async def image_by_id(request: Request) -> Response:
    return respond(request, _BY_PATH, split_ids(request.path_params["ids"], "id"), "image")


async def images_by_query(request: Request) -> Response:
    return respond(request, _BY_QUERY, None, "image")


routes = [
    Route("/v3/images", images_by_query, methods=["GET"]),
    Route("/v3/images/{ids}", image_by_id, methods=["GET"]),
]
