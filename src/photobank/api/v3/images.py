"""``GET /v3/images/{ids}`` and ``GET /v3/images?ids=``: image metadata by id."""

from __future__ import annotations

from starlette.routing import Route

from photobank.api.v3.by_id import ByIdOperation
from photobank.api.v3.fields import Endpoint

_BY_PATH = Endpoint("/v3/images/{id}", None, "detail")
_BY_QUERY = Endpoint("/v3/images", None, "detail")

routes = [
    Route("/v3/images", ByIdOperation(_BY_QUERY, "image"), methods=["GET"]),
    Route("/v3/images/{ids}", ByIdOperation(_BY_PATH, "image"), methods=["GET"]),
]
