"""``GET /v3/collections`` and ``GET /v3/countries``."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3.common import content_language, services


async def collections(request: Request) -> Response:
    body = {
        "collections": [
            {
                "id": c.id,
                "code": c.code,
                "name": c.name,
                "asset_family": c.asset_family,
                "license_model": c.license_model,
                "product_types": list(c.product_types),
            }
            for c in services(request).catalog.collections()
        ]
    }
    return json_response(body, headers={"Content-Language": content_language(request)})


@cache
def _countries(language: str) -> list[dict[str, str]]:
    """Country list with names in ``language`` (pycountry's ISO 3166 translations)."""
    locale = language.replace("-", "_")
    translation = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[locale, locale.split("_")[0]], fallback=True
    )
    countries = [
        {
            "iso_alpha_2": c.alpha_2,
            "iso_alpha_3": c.alpha_3,
            "name": translation.gettext(getattr(c, "common_name", None) or c.name),
        }
        for c in pycountry.countries
    ]
    return sorted(countries, key=lambda c: c["name"])


async def countries(request: Request) -> Response:
    language = content_language(request)
    return json_response(
        {"countries": _countries(language)}, headers={"Content-Language": language}
    )


routes = [
    Route("/v3/collections", collections, methods=["GET"]),
    Route("/v3/countries", countries, methods=["GET"]),
]
