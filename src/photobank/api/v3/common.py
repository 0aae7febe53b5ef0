"""Helpers every v3 route shares: services, caller, base URL, field plans."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from starlette.requests import Request

from photobank.api.v3.fields import Endpoint, FieldPlan, explicit_token_fields, plan_fields
from photobank.api.v3.projection import ProjectionCache, ProjectionContext
from photobank.errors import Unauthenticated

if TYPE_CHECKING:
    from photobank.auth.caller import Caller
    from photobank.services import Services

SUPPORTED_LANGUAGES = (
    "cs", "de", "en-GB", "en-US", "es", "fi", "fr", "hu", "id", "it", "ja", "ko", "nl", "pl",
    "pt-BR", "pt-PT", "ro", "ru", "sv", "th", "tr", "uk", "vi", "zh-HK",
)  # fmt: skip
_LANGUAGES = {lang.lower(): lang for lang in SUPPORTED_LANGUAGES}


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def caller(request: Request) -> Caller:
    found: Caller = request.state.caller
    return found


def base_url(request: Request) -> str:
    """Scheme and host the client used (or the configured public URL), for links.

    Read straight from the ASGI scope: building ``request.url`` costs more than
    a whole cached image lookup.
    """
    configured = services(request).settings.public_url
    if configured:
        return configured.rstrip("/")
    scope = request.scope
    host = request.headers.get("host")
    if host is None:
        server_host, port = scope.get("server") or ("localhost", 80)
        host = f"{server_host}:{port}"
    return f"{scope['scheme']}://{host}"


def content_language(request: Request) -> str:
    """The first supported locale of Accept-Language (quality order), else en-US."""
    return _negotiate(request.headers.get("accept-language", ""))


@lru_cache(maxsize=512)
def _negotiate(header: str) -> str:
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower()))
    for _q, _p, tag in sorted(ranked):
        if tag in _LANGUAGES:
            return _LANGUAGES[tag]
        base = tag.split("-")[0]
        if base in _LANGUAGES:
            return _LANGUAGES[base]
    return "en-US"


def field_plan(
    request: Request, endpoint: Endpoint, requested: tuple[str, ...] | None
) -> FieldPlan:
    """The fields to project, refusing explicitly named licensing fields without a token."""
    with_token = caller(request).token is not None
    if not with_token and (named := explicit_token_fields(requested)):
        raise Unauthenticated(f"An access token is required for fields: {', '.join(named)}.")
    return plan_fields(endpoint, requested, with_token)


def projection_context(request: Request) -> ProjectionContext:
    found = services(request)
    cache: ProjectionCache = request.app.state.projections
    who = caller(request)
    watermarks = found.watermarks.for_caller(
        who.client.api_key, who.customer.id if who.customer else None
    )
    entitlements = found.licensing.products.entitlements(who.customer.id) if who.customer else None
    return ProjectionContext(
        found.catalog.reference(),
        base_url(request),
        found.media_urls,
        cache,
        watermarks,
        entitlements,
    )
