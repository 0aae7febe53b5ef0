"""``GET /v3/artists/images`` and ``/v3/artists/videos``: an artist's work, newest first.

The catalog holds no videos yet, so the videos operation validates its
parameters and answers an empty, well-formed page.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.v3.common import content_language, field_plan, projection_context, services
from photobank.api.v3.fields import Endpoint
from photobank.api.v3.params import parse_query
from photobank.api.v3.responses import json_response
from photobank.errors import InvalidParameter
from photobank.search.query import SearchQuery

_IMAGES = Endpoint("/v3/artists/images", "ImageSearchItem", "search")


def _artist_params(request: Request, path: str) -> tuple[str, int, int, tuple[str, ...] | None]:
    params = parse_query(path, request.query_params)
    name = (params["artist_name"] or "").strip()
    if not name:
        raise InvalidParameter("artist_name", "Parameter 'artist_name' is required.")
    return name, params["page"] or 1, params["page_size"] or 10, params["fields"]


async def artist_images(request: Request) -> Response:
    name, page, page_size, fields = _artist_params(request, _IMAGES.path)
    plan = field_plan(request, _IMAGES, fields)
    query = SearchQuery(
        artists=frozenset({name.lower()}),
        sort_order="newest",
        offset=(page - 1) * page_size,
        limit=page_size,
    )
    result = services(request).search.search(query)
    ctx = projection_context(request)
    body = {
        "images": [ctx.project(asset, plan) for asset in result.assets],
        "result_count": result.total,
    }
    return json_response(body, headers={"Content-Language": content_language(request)})


async def artist_videos(request: Request) -> Response:
    _artist_params(request, "/v3/artists/videos")
    return json_response(
        {"result_count": 0, "videos": []},
        headers={"Content-Language": content_language(request)},
    )


routes = [
    Route("/v3/artists/images", artist_images, methods=["GET"]),
    Route("/v3/artists/videos", artist_videos, methods=["GET"]),
]
