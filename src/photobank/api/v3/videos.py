"""``GET /v3/videos/{ids}`` and ``GET /v3/videos?ids=``: video metadata by id."""

from __future__ import annotations

from starlette.routing import Route

from photobank.api.v3.by_id import ByIdOperation
from photobank.api.v3.fields import Endpoint

_BY_PATH = Endpoint("/v3/videos/{id}", None, "video_detail")
_BY_QUERY = Endpoint("/v3/videos", None, "video_detail")

routes = [
    Route("/v3/videos", ByIdOperation(_BY_QUERY, "video"), methods=["GET"]),
    Route("/v3/videos/{ids}", ByIdOperation(_BY_PATH, "video"), methods=["GET"]),
]
