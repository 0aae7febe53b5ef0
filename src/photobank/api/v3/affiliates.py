"""``GET /v3/affiliates/search/images`` and ``/videos``: affiliate partners' assets.

Getty answers these from its affiliates' catalogs; a photobank server has no
affiliates, so after validating the parameters it answers an empty result of
the documented shape rather than a 404 a client would have to special-case.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3.common import content_language
from photobank.api.v3.params import parse_query


def _route(path: str, items: str) -> Route:
    async def affiliates(request: Request) -> Response:
        parse_query(path, request.query_params)
        body = {"auto_corrections": {"phrase": None}, items: []}
        return json_response(body, headers={"Content-Language": content_language(request)})

    return Route(path, affiliates, methods=["GET"])


routes = [
    _route("/v3/affiliates/search/images", "images"),
    _route("/v3/affiliates/search/videos", "videos"),
]
