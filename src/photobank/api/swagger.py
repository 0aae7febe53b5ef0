"""Swagger UI at ``/swagger`` (assets packaged locally, no CDN) and the served
OpenAPI document: Getty's contract narrowed to the operations photobank implements."""

from __future__ import annotations

import copy
import re
from typing import Any

import orjson
import swagger_ui_bundle
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from photobank.api.v3.common import base_url, services
from photobank.api.v3.contract import spec
from photobank.tls.transport import is_secure

_PLACEHOLDER = re.compile(r"\{[^}]+\}")

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>photobank — Getty Images API v3</title>
<link rel="stylesheet" href="/swagger/static/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/swagger/static/swagger-ui-bundle.js"></script>
<script src="/swagger/static/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({url: "/swagger/openapi.json", dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout",
  validatorUrl: null});
</script></body></html>"""


def implemented_document(
    routes: list[BaseRoute], base: str, secure_base: str | None = None
) -> dict[str, Any]:
    """The contract with only the (path, method) pairs that ``routes`` serve; its OAuth2
    URLs on ``secure_base`` (the token endpoint takes HTTPS only), else on ``base``."""
    served: set[tuple[str, str]] = set()
    for route in routes:
        if isinstance(route, Route) and route.methods:
            shape = _PLACEHOLDER.sub("{}", route.path)
            served.update((shape, m.lower()) for m in route.methods)
    document = copy.deepcopy(spec())
    paths: dict[str, Any] = {}
    for path, operations in document["paths"].items():
        shape = _PLACEHOLDER.sub("{}", path)
        kept = {m: op for m, op in operations.items() if (shape, m) in served}
        if kept:
            paths[path] = kept
    document["paths"] = paths
    document["servers"] = [{"url": base}]
    document["info"]["description"] = (
        "Served by photobank: Getty Images' v3 contract, limited to the operations "
        "this server implements."
    )
    flows = document["components"]["securitySchemes"]["OAuth2"]["flows"]
    for flow in flows.values():
        for key in ("tokenUrl", "refreshUrl", "authorizationUrl"):
            if key in flow:
                flow[key] = flow[key].replace("https://api.gettyimages.com", secure_base or base)
    return document


def _secure_base(request: Request) -> str | None:
    """Where "Authorize" must send a page read over plain HTTP: the server's HTTPS
    listener on the same host (None: the page's own base will do)."""
    settings = services(request).settings
    if settings.public_url or is_secure(request.scope, settings) or not settings.https_port:
        return None
    return f"https://{request.url.hostname}:{settings.https_port}"


def swagger_routes(app_routes: list[BaseRoute]) -> list[BaseRoute]:
    async def page(_request: Request) -> Response:
        return HTMLResponse(_PAGE)

    async def document(request: Request) -> Response:
        # The base every other link uses: behind a proxy, the public URL the operator set.
        base = base_url(request)
        body = orjson.dumps(implemented_document(app_routes, base, _secure_base(request)))
        return Response(body, media_type="application/json")

    async def redirect(_request: Request) -> Response:
        return RedirectResponse("/swagger")

    return [
        Route("/swagger", page, methods=["GET"]),
        Route("/swagger/", redirect, methods=["GET"]),
        Route("/swagger/openapi.json", document, methods=["GET"]),
        Mount("/swagger/static", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path)),
    ]
