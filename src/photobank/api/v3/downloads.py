"""Downloads: licensing an image or a video, and the customer's download history.

Three paths license an image through the same service: the contract's
``POST /v3/downloads/images/{id}``, the 2014 launch form ``POST
/v3/downloads/{id}`` (largest size by default; the 2014 SDK sends
``auto_download=false`` and reads ``uri``) and the hypermedia form ``POST
/Public/3.0/downloads/{id}`` that the seed's ``largestDownloads`` example links.
``POST /v3/downloads/videos/{id}`` licenses a video through the same service
(``size`` names one of its download sizes; ``auto_download`` is off by default).
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3.body import json_body, optional_text
from photobank.api.v3.common import base_url, content_language, projection_context, services
from photobank.api.v3.licensing_wire import download_document, thumb_uris
from photobank.api.v3.params import parse_query
from photobank.api.v3.user import require_customer
from photobank.licensing.downloads import DownloadRequest
from photobank.licensing.history import download_window
from photobank.licensing.models import DownloadRecord, DownloadRequirements
from photobank.paging import numbered_page

_IMAGES = "/v3/downloads/images/{id}"
_VIDEOS = "/v3/downloads/videos/{id}"
_NO_CACHE = {"Cache-Control": "no-cache", "Pragma": "no-cache", "Expires": "-1"}


async def download_image(request: Request) -> Response:
    """License the image and answer 303 to its delivery URL, or 200 ``{"uri"}``."""
    params = parse_query(_IMAGES, request.query_params, "post")
    return await _download(request, params, height=params["height"], file_type=params["file_type"])


async def download_video(request: Request) -> Response:
    """License the video (``size``: a download size) like an image; 200 ``{"uri"}`` by default."""
    params = parse_query(_VIDEOS, request.query_params, "post")
    return await _download(request, params, asset_type="video", size=params["size"])


async def _download(request: Request, params: dict[str, Any], **chosen: Any) -> Response:
    customer = require_customer(request)
    body = await json_body(request, "PremiumAccessDownloadData", required=False)
    wanted = DownloadRequest(
        asset_id=request.path_params["id"],
        customer_id=customer.id,
        **chosen,
        product_id=params["product_id"],
        product_type=params["product_type"],
        use_team_credits=bool(params["use_team_credits"]),
        requirements=DownloadRequirements(
            download_notes=optional_text(body, "download_notes"),
            project_code=optional_text(body, "project_code"),
        ),
    )
    # A licence is a write transaction that may wait for another: off the event loop.
    result = await run_in_threadpool(
        services(request).licensing.downloads.download, wanted, base_url(request)
    )
    if params["auto_download"]:
        return Response(status_code=303, headers={"Location": result.uri, **_NO_CACHE})
    return json_response({"uri": result.uri})


def _documents(request: Request, records: list[DownloadRecord]) -> list[dict[str, Any]]:
    assets = services(request).catalog.get_kept([r.asset_id for r in records])
    thumbs = thumb_uris(projection_context(request), assets.values())
    return [download_document(r, thumbs.get(r.asset_id)) for r in records]


async def download_history(request: Request) -> Response:
    customer = require_customer(request)
    params = parse_query("/v3/downloads", request.query_params)
    found = services(request)
    window = download_window(
        params["date_from"], params["date_to"], bool(params["use_time"]), found.clock.now()
    )
    page = found.licensing.history.downloads(
        customer.id,
        window,
        product_type=params["product_type"],
        paged=numbered_page(params["page"] or 1, params["page_size"] or 30),
        company=bool(params["company_downloads"]),
    )
    body = {"result_count": page.total, "downloads": _documents(request, list(page.items))}
    return json_response(body, headers={"Content-Language": content_language(request)})


def _history_route(asset_type: str) -> Route:
    path = f"/v3/{asset_type}s/{{id}}/downloadhistory"

    async def history(request: Request) -> Response:
        return _asset_history(request, path, asset_type)

    return Route(path, history, methods=["GET"])


def _asset_history(request: Request, path: str, asset_type: str) -> Response:
    """The caller's downloads of one asset; an unknown one (or one of the other type) is a 404."""
    customer = require_customer(request)
    params = parse_query(path, request.query_params)
    asset_id = request.path_params["id"]
    records = services(request).licensing.history.asset_downloads(
        customer.id, asset_id, company=bool(params["company_downloads"]), asset_type=asset_type
    )
    body = {"id": asset_id, "downloads": _documents(request, records)}
    return json_response(body, headers={"Content-Language": content_language(request)})


routes = [
    Route(_IMAGES, download_image, methods=["POST"]),
    Route("/v3/downloads/{id}", download_image, methods=["POST"]),
    Route("/Public/3.0/downloads/{id}", download_image, methods=["POST"]),
    Route("/v3/downloads", download_history, methods=["GET"]),
    _history_route("image"),
    Route(_VIDEOS, download_video, methods=["POST"]),
    _history_route("video"),
]
