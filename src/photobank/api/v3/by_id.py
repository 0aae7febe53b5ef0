"""Asset metadata by id, shared by ``/v3/images`` and ``/v3/videos``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

import orjson
from starlette.datastructures import QueryParams
from starlette.types import Scope

from photobank.api.http import json_headers, origin, view_headers
from photobank.api.v3.common import audience_of, context_of, negotiate_language, require_token
from photobank.api.v3.fields import Endpoint, explicit_token_fields, plan_fields
from photobank.api.v3.operation import Headers, PlainOperation
from photobank.api.v3.params import check_text, parse_query, split_list
from photobank.api.v3.response_cache import ResponseCache, replay_key
from photobank.errors import InvalidParameter, NotFound

if TYPE_CHECKING:
    from photobank.auth.caller import Caller
    from photobank.composition import Services

MAX_IDS = 100
# Getty's code for unknown ids, per asset type.
NOT_FOUND_CODES = {"image": "ImageNotFound", "video": "VideosNotFound"}
_NO_QUERY = QueryParams()


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


class ByIdOperation(PlainOperation):
    """``{"images"|"videos": [...], "..._not_found": [...]}`` (404 when none is found),
    called by the gateway without routing (:mod:`.operation`).

    The ids are those of the path (``path_params["ids"]``, comma-separated) or of the
    ``ids`` query parameter. Items are the kept ones joined as they are
    (:mod:`.fragments`; on PostgreSQL the assets of the others are read in a worker
    thread); successful answers are stored for the gateway to replay
    (:mod:`.response_cache`), errors are worked out again."""

    def __init__(self, endpoint: Endpoint, asset_type: str) -> None:
        self._endpoint = endpoint
        self._asset_type = asset_type
        self._in_path = "{" in endpoint.path
        kind = f"{asset_type}s".encode()
        self._opening = b'{"' + kind + b'":['
        self._missing_key = b'],"' + kind + b'_not_found":'

    async def answer(self, scope: Scope) -> tuple[Headers, bytes]:
        asset_type = self._asset_type
        ids = split_ids(scope["path_params"]["ids"], "id", asset_type) if self._in_path else None
        state = scope["app"].state
        found: Services = state.services
        stored: ResponseCache = state.responses
        generation = stored.generation  # the catalog as read below
        raw: bytes = scope["query_string"]
        params = parse_query(self._endpoint.path, QueryParams(raw) if raw else _NO_QUERY)
        if ids is None:
            ids = checked_ids(params["ids"], "ids", asset_type)
        who: Caller = scope["state"]["caller"]
        with_token = who.token is not None
        requested = params.get("fields")
        require_token(explicit_token_fields(requested), with_token)
        plan = plan_fields(self._endpoint, requested, with_token)
        host, accepted, _country = view_headers(scope)
        seen_by = audience_of(found, who, origin(found.settings.public_url, scope, host))
        ctx = context_of(found, state.projections, seen_by)  # before the read: see .fragments
        catalog = found.catalog  # items not kept are projected from assets read off the loop
        load = partial(catalog.get_assets, asset_type=asset_type, keep=False)
        items = await ctx.cache.read_of_ids(ids, plan, ctx, load, catalog.must_wait, asset_type)
        if not items:
            raise NotFound(
                f"{asset_type.title()} not found: {', '.join(ids)}",
                code=NOT_FOUND_CODES[asset_type],
            )
        missing = [i for i in ids if i not in items]
        listed = b",".join(items.values())
        body = b"".join((self._opening, listed, self._missing_key, orjson.dumps(missing), b"}"))
        language = negotiate_language(accepted or "")
        headers = json_headers(body, {"Content-Language": language})
        stored.put_encoded(replay_key(scope, language, seen_by), tuple(headers), body, generation)
        return headers, body
