"""Asset metadata by id, shared by ``/v3/images`` and ``/v3/videos``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from photobank.api.v3.common import (
    audience,
    content_language,
    field_plan,
    projection_context,
    query_params,
    services,
)
from photobank.api.v3.fields import Endpoint
from photobank.api.v3.params import parse_query
from photobank.api.v3.response_cache import ResponseCache, replay_key
from photobank.api.v3.responses import json_response
from photobank.errors import InvalidParameter, NotFound

MAX_IDS = 100
# Getty's code for unknown ids, per asset type.
NOT_FOUND_CODES = {"image": "ImageNotFound", "video": "VideosNotFound"}


def split_ids(raw: str, parameter: str, asset_type: str = "image") -> list[str]:
    ids = list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    if not ids:
        raise InvalidParameter(
            parameter, f"Parameter '{parameter}' must name at least one {asset_type} id."
        )
    if len(ids) > MAX_IDS:
        raise InvalidParameter(parameter, f"Parameter '{parameter}' accepts at most {MAX_IDS} ids.")
    return ids


def respond(request: Request, endpoint: Endpoint, ids: list[str], asset_type: str) -> Response:
    """``{"images"|"videos": [...], "..._not_found": [...]}``; 404 when none is found.

    Successful answers are stored for the gateway to replay (:mod:`.response_cache`);
    errors are not: they are worked out again."""
    stored: ResponseCache = request.app.state.responses
    generation = stored.generation  # the catalog as read below
    params = parse_query(endpoint.path, query_params(request))
    plan = field_plan(request, endpoint, params.get("fields"))
    found = services(request).catalog.get_assets(ids, asset_type=asset_type)
    missing = [i for i in ids if i not in found]
    if not found:
        joined = ", ".join(missing)
        raise NotFound(
            f"{asset_type.title()} not found: {joined}", code=NOT_FOUND_CODES[asset_type]
        )
    seen_by = audience(request)
    ctx = projection_context(request, seen_by)
    body = {
        f"{asset_type}s": [ctx.project(found[i], plan) for i in ids if i in found],
        f"{asset_type}s_not_found": missing,
    }
    language = content_language(request)
    response = json_response(body, headers={"Content-Language": language})
    stored.put(replay_key(request.scope, language, seen_by), response, generation)
    return response
