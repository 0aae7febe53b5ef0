"""``GET /v3/videos/{ids}`` and ``GET /v3/videos?ids=``: video metadata by id."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.v3.by_id import respond, split_ids
from photobank.api.v3.fields import Endpoint

_BY_PATH = Endpoint("/v3/videos/{id}", None, "video_detail")
_BY_QUERY = Endpoint("/v3/videos", None, "video_detail")


async def video_by_id(request: Request) -> Response:
    ids = split_ids(request.path_params["ids"], "id", "video")
    return respond(request, _BY_PATH, ids, "video")


async def videos_by_query(request: Request) -> Response:
    return respond(request, _BY_QUERY, None, "video")


routes = [
    Route("/v3/videos", videos_by_query, methods=["GET"]),
    Route("/v3/videos/{ids}", video_by_id, methods=["GET"]),
]
