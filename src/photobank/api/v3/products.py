"""``GET /v3/products`` and ``GET /v3/customers/current``: the signed-in customer's account."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3.common import content_language, services
from photobank.api.v3.licensing_wire import product_document
from photobank.api.v3.params import parse_query
from photobank.api.v3.user import require_customer


async def products(request: Request) -> Response:
    customer = require_customer(request, code="Unauthorized")
    params = parse_query("/v3/products", request.query_params)
    requirements = "download_requirements" in (params.get("fields") or ())
    found = services(request)
    now = found.clock.now()
    body = {
        "products": [
            product_document(product, now, requirements)
            for product in found.licensing.products.products(customer.id)
        ]
    }
    return json_response(body, headers={"Content-Language": content_language(request)})


async def current_customer(request: Request) -> Response:
    """The names on the account; a name the account does not have is ``null``, not ``""``."""
    customer = require_customer(request, code="Unauthorized")
    names = (customer.first_name, customer.middle_name, customer.last_name)
    body = {
        field: name or None
        for field, name in zip(("first_name", "middle_name", "last_name"), names, strict=True)
    }
    return json_response(body, headers={"Content-Language": content_language(request)})


routes = [
    Route("/v3/products", products, methods=["GET"]),
    Route("/v3/customers/current", current_customer, methods=["GET"]),
]
