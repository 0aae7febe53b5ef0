"""``GET /v3/images/{id}/similar``, ``/same-series`` and their ``/v3/videos`` twins.

Image lists answer ``ImageSearchItemSearchResults`` (search items, search
field sets), video lists ``{"videos", "result_count"}`` with the video search
sets; the ranking lives in :mod:`photobank.search.similar`.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3.by_id import NOT_FOUND_CODES
from photobank.api.v3.common import content_language, field_plan, projection_context, services
from photobank.api.v3.fields import Endpoint
from photobank.api.v3.params import page_window, parse_query
from photobank.catalog.model import Asset
from photobank.errors import NotFound
from photobank.search.similar import RelatedImages, RelatedPage

_Finder = Callable[[RelatedImages, Asset, int, int], RelatedPage]


def _route(path: str, find: _Finder, asset_type: str = "image") -> Route:
    if asset_type == "image":
        endpoint = Endpoint(path, "ImageSearchItem", "search")
    else:
        endpoint = Endpoint(path, None, "video_search")

    async def related(request: Request) -> Response:
        params = parse_query(path, request.query_params)
        plan = field_plan(request, endpoint, params.get("fields"))
        asset_id = request.path_params["id"]
        found = services(request)
        asset = found.catalog.get_assets([asset_id], asset_type=asset_type).get(asset_id)
        if asset is None:
            raise NotFound(
                f"{asset_type.title()} not found: {asset_id}", code=NOT_FOUND_CODES[asset_type]
            )
        window = page_window(params)
        result = find(found.related, asset, window.offset, window.limit)
        ctx = projection_context(request)
        body = {
            f"{asset_type}s": ctx.items(result.assets, plan),
            "result_count": result.total,
        }
        return json_response(body, headers={"Content-Language": content_language(request)})

    return Route(path, related, methods=["GET"])


routes = [
    _route("/v3/images/{id}/similar", RelatedImages.similar),
    _route("/v3/images/{id}/same-series", RelatedImages.same_series),
    _route("/v3/videos/{id}/similar", RelatedImages.similar, "video"),
    _route("/v3/videos/{id}/same-series", RelatedImages.same_series, "video"),
]
