"""Search by image: ``PUT /v3/search/by-image/uploads/{file-name}`` and
``GET /v3/search/images/creative/by-image`` / ``/v3/search/videos/creative/by-image``.

An upload answers the URL to pass as ``image_url``; a search ranks creative
assets of the operation's type (a video by its poster frame) by visual
likeness to that upload, or to the catalog asset named by ``asset_id``.
Nudity is always excluded, as on Getty. The ranking lives in
:mod:`photobank.visual`.
"""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import quote

from anyio import CapacityLimiter, to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.bodies import read_body
from photobank.api.http import json_response
from photobank.api.v3.common import (
    base_url,
    caller,
    content_language,
    field_plan,
    projection_context,
    services,
)
from photobank.api.v3.fields import Endpoint
from photobank.api.v3.params import page_window, parse_query
from photobank.api.v3.search import facets_document
from photobank.api.v3.search_params import check_country_code
from photobank.errors import InvalidParameter
from photobank.licensing.models import family_product_types
from photobank.visual.service import VisualQuery, searchable
from photobank.visual.signature import Signature
from photobank.visual.uploads import (
    MAX_BYTES,
    UPLOADS_PATH,
    check_file_name,
    decode_upload,
    too_large,
    upload_name,
)

# What the operations' ``product_types`` parameter allows: they search creative assets.
_PRODUCT_TYPES = family_product_types("creative")
_DEFAULT_FACETS = ("artists", "locations")
# Decoding and ranking hold a core each: more threads would only queue for them.
_THREADS = CapacityLimiter(2)


async def upload(request: Request) -> Response:
    name = check_file_name(request.path_params["file_name"])
    data = await read_body(request, MAX_BYTES, too_large)
    signature = await to_thread.run_sync(decode_upload, data, limiter=_THREADS)
    found = services(request)
    found.uploads.put(caller(request).client.id, name, signature)
    url = f"{base_url(request)}{UPLOADS_PATH}{quote(name)}"
    return json_response(url, headers={"Location": url})


def _route(path: str, item_schema: str, sets: str, asset_type: str, kind: str) -> Route:
    """``kind`` is the key of the result list: ``images`` or ``videos``."""
    endpoint = Endpoint(path, item_schema, sets)

    async def search_by_image(request: Request) -> Response:
        params = parse_query(path, request.query_params)
        check_country_code(request.headers.get("gi-country-code"))
        plan = field_plan(request, endpoint, params.get("fields"))
        product_types = _product_types(params.get("product_types"))
        signature, source = _source(request, params)  # after every parameter is checked
        window = page_window(params)
        facets: tuple[str, ...] = ()
        if params.get("include_facets"):
            facets = params.get("facet_fields") or _DEFAULT_FACETS
        query = VisualQuery(
            signature=signature,
            filters=searchable(
                asset_type,
                product_types=product_types,
                exclude_editorial_use_only=bool(params.get("exclude_editorial_use_only")),
                exclude_id=source,
            ),
            offset=window.offset,
            limit=window.limit,
            facet_fields=facets,
            facet_max_count=params.get("facet_max_count") or 300,
        )
        search = services(request).visual.search
        result = await to_thread.run_sync(partial(search, query), limiter=_THREADS)
        ctx = projection_context(request)
        body: dict[str, Any] = {
            "result_count": result.total,
            kind: ctx.items(result.assets, plan),
        }
        if facets:
            body["facets"] = facets_document(result)
        return json_response(body, headers={"Content-Language": content_language(request)})

    return Route(path, search_by_image, methods=["GET"])


def _source(request: Request, params: dict[str, Any]) -> tuple[Signature, str | None]:
    """The signature to search by, and the catalog asset it came from (left out of results)."""
    image_url = (params.get("image_url") or "").strip()
    asset_id = (params.get("asset_id") or "").strip()
    if bool(image_url) == bool(asset_id):
        raise InvalidParameter(
            "image_url", "Give exactly one of 'image_url' (an uploaded image) or 'asset_id'."
        )
    found = services(request)
    if asset_id:
        return found.visual.asset_signature(asset_id), asset_id
    return found.uploads.get(caller(request).client.id, upload_name(image_url)), None


def _product_types(values: tuple[str, ...] | None) -> frozenset[str]:
    chosen = frozenset(v.strip().lower() for v in values or () if v.strip())
    unknown = sorted(chosen - set(_PRODUCT_TYPES))
    if unknown:
        raise InvalidParameter(
            "product_types",
            f"Invalid value '{unknown[0]}' for parameter 'product_types'. "
            f"Allowed values: {', '.join(_PRODUCT_TYPES)}.",
        )
    return chosen


routes = [
    Route(f"{UPLOADS_PATH}{{file_name}}", upload, methods=["PUT"]),
    _route(
        "/v3/search/images/creative/by-image",
        "ImageSearchItemCreative",
        "search",
        "image",
        "images",
    ),
    _route(
        "/v3/search/videos/creative/by-image",
        "CreativeVideoSearchItem",
        "video_search",
        "video",
        "videos",
    ),
]
