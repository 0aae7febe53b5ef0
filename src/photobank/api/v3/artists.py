"""``GET /v3/artists/images`` and ``/v3/artists/videos``: an artist's work, newest first."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3.common import content_language, field_plan, projection_context, services
from photobank.api.v3.fields import Endpoint
from photobank.api.v3.params import page_window, parse_query
from photobank.errors import InvalidParameter
from photobank.search.query import SearchQuery


def _route(endpoint: Endpoint, asset_type: str) -> Route:
    async def artist_work(request: Request) -> Response:
        params = parse_query(endpoint.path, request.query_params)
        name = (params["artist_name"] or "").strip()
        if not name:
            raise InvalidParameter("artist_name", "Parameter 'artist_name' is required.")
        window = page_window(params, default_size=10)
        plan = field_plan(request, endpoint, params["fields"])
        query = SearchQuery(
            asset_type=asset_type,
            artists=frozenset({name.lower()}),
            sort_order="newest",
            offset=window.offset,
            limit=window.limit,
        )
        result = services(request).search.search(query)
        ctx = projection_context(request)
        body = {
            f"{asset_type}s": ctx.items(result.assets, plan),
            "result_count": result.total,
        }
        return json_response(body, headers={"Content-Language": content_language(request)})

    return Route(endpoint.path, artist_work, methods=["GET"])


routes = [
    _route(Endpoint("/v3/artists/images", "ImageSearchItem", "search"), "image"),
    _route(Endpoint("/v3/artists/videos", None, "video_search"), "video"),
]
