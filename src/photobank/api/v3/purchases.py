"""Purchases and what follows them: purchased assets, orders, usage reports, extended licences."""

from __future__ import annotations

import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3.body import json_body
from photobank.api.v3.common import base_url, content_language, projection_context, services
from photobank.api.v3.licensing_wire import order_document, purchase_document, thumb_uris
from photobank.api.v3.params import parse_datetime, parse_path, parse_query
from photobank.api.v3.user import require_customer
from photobank.errors import InvalidParameter
from photobank.licensing.history import purchase_window
from photobank.licensing.usage import UsageEntry
from photobank.paging import numbered_page

_INVALID_REQUEST = "InvalidRequest"


async def purchased_assets(request: Request) -> Response:
    customer = require_customer(request, code="Unauthorized")
    raw_page = request.query_params.get("page", "").strip()
    if re.fullmatch(r"-[0-9]+|0+", raw_page):  # below 1: Getty's code of its own
        raise InvalidParameter(
            "page", f"Invalid value '{raw_page}' for parameter 'page': pages start at 1.",
            code="PageNumberLessThanOne",
        )  # fmt: skip
    params = parse_query("/v3/purchased-assets", request.query_params)
    found = services(request)
    page = found.licensing.history.purchases(
        customer.id,
        purchase_window(params["date_from"], params["date_to"]),
        paged=numbered_page(params["page"] or 1, params["page_size"] or 75),
        company=bool(params["company_purchases"]),
    )
    assets = found.catalog.get_kept([p.asset_id for p in page.items])
    thumbs = thumb_uris(projection_context(request), assets.values())
    base = base_url(request)
    body = {
        "result_count": page.total,
        "previous_purchases": [
            purchase_document(p, base, thumbs.get(p.asset_id)) for p in page.items
        ],
    }
    return json_response(body, headers={"Content-Language": content_language(request)})


async def order(request: Request) -> Response:
    customer = require_customer(request, code="Unauthorized")
    order_id = parse_path("/v3/orders/{id}", "id", request.path_params["id"])
    found = services(request).licensing.history.order(customer.id, order_id)
    return json_response(
        order_document(found), headers={"Content-Language": content_language(request)}
    )


async def usage_batch(request: Request) -> Response:
    """``PUT /v3/usage-batches/{id}``: record a batch of usages, all or nothing."""
    customer = require_customer(request)
    body = await json_body(
        request, "report_usage_batch_request", required=True, code=_INVALID_REQUEST
    )
    raw = body.get("asset_usages")
    if not isinstance(raw, list):
        raise InvalidParameter(
            "asset_usages", "'asset_usages' must be a list of asset usages.", code=_INVALID_REQUEST
        )
    usages = [_usage(index, entry) for index, entry in enumerate(raw)]
    count = await run_in_threadpool(
        services(request).licensing.usage.report, customer.id, request.path_params["id"], usages
    )
    return json_response({"invalid_assets": [], "total_asset_usages_processed": count}, status=201)


def _usage(index: int, entry: Any) -> UsageEntry:
    """One ``asset_usage`` of the body, its faults named by position."""
    name = f"asset_usages[{index}]"

    def refuse(problem: str, field: str = name) -> InvalidParameter:
        return InvalidParameter(field, f"Invalid {field}: {problem}.", code=_INVALID_REQUEST)

    if not isinstance(entry, dict):
        raise refuse("expected an object")
    unknown = sorted(set(entry) - {"asset_id", "quantity", "usage_date"})
    if unknown:
        raise refuse(f"unknown property '{unknown[0]}'")
    asset_id, quantity, usage_date = (
        entry.get("asset_id"),
        entry.get("quantity"),
        entry.get("usage_date"),
    )
    if not isinstance(asset_id, str) or not asset_id:
        raise refuse("expected a string", f"{name}.asset_id")
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise refuse("expected an integer", f"{name}.quantity")
    if not isinstance(usage_date, str):
        raise refuse("expected an ISO 8601 date", f"{name}.usage_date")
    try:
        when = parse_datetime(f"{name}.usage_date", usage_date)
    except InvalidParameter:
        raise refuse("expected an ISO 8601 date", f"{name}.usage_date") from None
    return UsageEntry(asset_id, quantity, when)


async def asset_licensing(request: Request) -> Response:
    """``POST /v3/asset-licensing/{assetId}``: extended licences paid with iStock credits."""
    customer = require_customer(request)
    code = "InvalidRequestParameters"
    body = await json_body(request, "AcquireAssetLicensesRequest", required=True, code=code)
    names, team = body.get("extended_licenses"), body.get("use_team_credits", False)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InvalidParameter(
            "extended_licenses", "'extended_licenses' must be a list of licence names.", code=code
        )
    if not isinstance(team, bool):
        raise InvalidParameter(
            "use_team_credits", "'use_team_credits' must be a boolean.", code=code
        )
    acquired = await run_in_threadpool(
        lambda: services(request).licensing.credits.acquire(
            customer.id,
            request.path_params["assetId"],
            [n.strip().lower() for n in names],
            use_team_credits=team,
        )
    )
    return json_response(
        {"acquired_licenses": list(acquired.license_types), "credits_used": acquired.credits_used}
    )


routes = [
    Route("/v3/purchased-assets", purchased_assets, methods=["GET"]),
    Route("/v3/orders/{id}", order, methods=["GET"]),
    Route("/v3/usage-batches/{id}", usage_batch, methods=["PUT"]),
    Route("/v3/asset-licensing/{assetId}", asset_licensing, methods=["POST"]),
]
