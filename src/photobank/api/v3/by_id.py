"""Asset metadata by id, shared by ``/v3/images`` and ``/v3/videos``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from starlette.requests import Request
from starlette.responses import Response

from photobank.api.http import json_response
from photobank.api.v3.common import (
    audience,
    content_language,
    field_plan,
    projection_context,
    query_params,
    services,
)
from photobank.api.v3.fields import Endpoint
from photobank.api.v3.params import check_text, parse_query, split_list
from photobank.api.v3.response_cache import ResponseCache, replay_key
from photobank.errors import InvalidParameter, NotFound

MAX_IDS = 100
# Getty's code for unknown ids, per asset type.
NOT_FOUND_CODES = {"image": "ImageNotFound", "video": "VideosNotFound"}


def split_ids(raw: str, parameter: str, asset_type: str = "image") -> list[str]:
    """The ids of a path's comma-separated list (``/v3/images/{id1},{id2}``)."""
    check_text(parameter, raw)
    return checked_ids(split_list(parameter, raw) if raw.strip() else (), parameter, asset_type)


def checked_ids(ids: Iterable[str] | None, parameter: str, asset_type: str) -> list[str]:
    """``ids`` without repeats: at least one, at most :data:`MAX_IDS`."""
    unique = list(dict.fromkeys(ids or ()))
    if not unique:
        raise InvalidParameter(
            parameter, f"Parameter '{parameter}' must name at least one {asset_type} id."
        )
    if len(unique) > MAX_IDS:
        raise InvalidParameter(parameter, f"Parameter '{parameter}' accepts at most {MAX_IDS} ids.")
    return unique


def respond(
    request: Request, endpoint: Endpoint, ids: list[str] | None, asset_type: str
) -> Response:
    """``{"images"|"videos": [...], "..._not_found": [...]}``; 404 when none is found.
    ``ids`` None: those of the ``ids`` query parameter.

    Successful answers are stored for the gateway to replay (:mod:`.response_cache`);
    errors are not: they are worked out again."""
    stored: ResponseCache = request.app.state.responses
    generation = stored.generation  # the catalog as read below
    params = parse_query(endpoint.path, query_params(request))
    if ids is None:
        ids = checked_ids(params["ids"], "ids", asset_type)
    plan = field_plan(request, endpoint, params.get("fields"))
    seen_by = audience(request)
    ctx = projection_context(request, seen_by)  # before the read: see FragmentCache.encoded
    load = partial(services(request).catalog.get_assets, asset_type=asset_type)
    found = ctx.items_of(ids, plan, load, asset_type)
    missing = [i for i in ids if i not in found]
    if not found:
        joined = ", ".join(missing)
        raise NotFound(
            f"{asset_type.title()} not found: {joined}", code=NOT_FOUND_CODES[asset_type]
        )
    body = {
        f"{asset_type}s": list(found.values()),
        f"{asset_type}s_not_found": missing,
    }
    language = content_language(request)
    response = json_response(body, headers={"Content-Language": language})
    stored.put(replay_key(request.scope, language, seen_by), response, generation)
    return response
