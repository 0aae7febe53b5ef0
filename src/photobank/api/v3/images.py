"""``GET /v3/images/{ids}`` and ``GET /v3/images?ids=``: image metadata by id."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.v3.common import content_language, field_plan, projection_context, services
from photobank.api.v3.fields import Endpoint
from photobank.api.v3.params import parse_query
from photobank.api.v3.responses import json_response
from photobank.errors import InvalidParameter, NotFound

MAX_IDS = 100
_BY_PATH = Endpoint("/v3/images/{id}", None, "detail")
_BY_QUERY = Endpoint("/v3/images", None, "detail")


def _split_ids(raw: str, parameter: str) -> list[str]:
    ids = list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    if not ids:
        raise InvalidParameter(
            parameter, f"Parameter '{parameter}' must name at least one image id."
        )
    if len(ids) > MAX_IDS:
        raise InvalidParameter(parameter, f"Parameter '{parameter}' accepts at most {MAX_IDS} ids.")
    return ids


def _respond(request: Request, endpoint: Endpoint, ids: list[str]) -> Response:
    params = parse_query(endpoint.path, request.query_params)
    plan = field_plan(request, endpoint, params.get("fields"))
    found = services(request).catalog.get_assets(ids, asset_type="image")
    missing = [i for i in ids if i not in found]
    if not found:
        joined = ", ".join(missing)
        raise NotFound(f"Image not found: {joined}", code="ImageNotFound")
    ctx = projection_context(request)
    body = {
        "images": [ctx.project(found[i], plan) for i in ids if i in found],
        "images_not_found": missing,
    }
    return json_response(body, headers={"Content-Language": content_language(request)})


async def image_by_id(request: Request) -> Response:
    return _respond(request, _BY_PATH, _split_ids(request.path_params["ids"], "id"))


async def images_by_query(request: Request) -> Response:
    raw = ",".join(request.query_params.getlist("ids"))
    return _respond(request, _BY_QUERY, _split_ids(raw, "ids"))


routes = [
    Route("/v3/images", images_by_query, methods=["GET"]),
    Route("/v3/images/{ids}", image_by_id, methods=["GET"]),
]
