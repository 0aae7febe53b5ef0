"""Helpers every v3 route shares: services, caller, base URL, field plans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from starlette.datastructures import QueryParams
from starlette.requests import Request

from photobank.api.http import origin
from photobank.api.v3.fields import Endpoint, FieldPlan, explicit_token_fields, plan_fields
from photobank.api.v3.fragments import FragmentCache
from photobank.api.v3.projection_context import ProjectionContext
from photobank.errors import Unauthenticated
from photobank.licensing.entitlements import Entitlements
from photobank.media.policy import Watermarks

if TYPE_CHECKING:
    from photobank.auth.caller import Caller
    from photobank.composition import Services

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


_NO_QUERY = QueryParams()


def query_params(request: Request) -> QueryParams:
    """``request.query_params``, without parsing anything when there is no query string."""
    return request.query_params if request.scope["query_string"] else _NO_QUERY


def base_url(request: Request) -> str:
    """Scheme and host the client used (or the configured public URL), for links."""
    return origin(services(request).settings.public_url, request.scope, request.headers.get("host"))


def content_language(request: Request) -> str:
    """The first supported locale of Accept-Language (quality order), else en-US."""
    return negotiate_language(request.headers.get("accept-language", ""))


def negotiate_language(header: str) -> str:
    """The locale to answer in: the few headers browsers and SDKs send are remembered;
    a long one (only a client busting caches sends those) is worked out each time."""
    return _negotiate_remembered(header) if len(header) <= 128 else _negotiate(header)


@lru_cache(maxsize=512)
def _negotiate_remembered(header: str) -> str:
    return _negotiate(header)


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
    require_token(explicit_token_fields(requested), with_token)
    return plan_fields(endpoint, requested, with_token)


def require_token(named: Sequence[str], with_token: bool) -> None:
    """Refuse the licensing fields ``named`` explicitly to a caller without a token."""
    if named and not with_token:
        raise Unauthenticated(f"An access token is required for fields: {', '.join(named)}.")


@dataclass(frozen=True, slots=True)
class Audience:
    """What of the caller shows in a projected document: link base, token, watermarks
    and (for a signed-in customer) usable products."""

    base_url: str
    with_token: bool
    watermarks: Watermarks
    entitlements: Entitlements | None

    @property
    def key(self) -> tuple[Any, ...]:
        """Equal for two requests whose documents would be identical, else different."""
        products = self.entitlements.key if self.entitlements is not None else None
        return (self.base_url, self.with_token, self.watermarks.mask, products)


def audience(request: Request) -> Audience:
    return audience_of(services(request), caller(request), base_url(request))


def audience_of(found: Services, who: Caller, base: str) -> Audience:
    """The audience of a request by ``who`` whose links start with ``base``."""
    seen = found.viewers.of(who.client.api_key, who.customer.id if who.customer else None)
    return Audience(base, who.token is not None, seen.watermarks, seen.entitlements)


def projection_context(request: Request, seen_by: Audience | None = None) -> ProjectionContext:
    """How to project documents for this request (``seen_by``: its audience, if known)."""
    seen_by = seen_by or audience(request)
    return context_of(services(request), request.app.state.projections, seen_by)


def context_of(found: Services, cache: FragmentCache, seen_by: Audience) -> ProjectionContext:
    """How to project documents for ``seen_by``, keeping them in ``cache``."""
    return ProjectionContext(
        found.catalog.reference(),
        seen_by.base_url,
        found.media_urls,
        cache,
        seen_by.watermarks,
        seen_by.entitlements,
        cache.generation,
    )
