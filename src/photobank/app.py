"""ASGI application factory: the v3 skin, OAuth2, Swagger, the web interface and the gateway."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from photobank.api.allow import allowed_methods
from photobank.api.legacy.gateway import PREFIXES as LEGACY_PREFIXES
from photobank.api.legacy.gateway import LegacyGateway
from photobank.api.legacy.routes import routes as legacy_routes
from photobank.api.media.routes import media_routes
from photobank.api.operator import operator_routes
from photobank.api.swagger import swagger_routes
from photobank.api.v3 import (
    affiliates,
    ai,
    artists,
    asset_changes,
    boards,
    by_image,
    downloads,
    events,
    images,
    products,
    purchases,
    reference,
    search,
    similar,
    videos,
)
from photobank.api.v3.errors import application_error, handle_domain_error
from photobank.api.v3.fragments import FragmentCache
from photobank.api.v3.gateway import PREFIXES as V3_PREFIXES
from photobank.api.v3.gateway import V3Gateway
from photobank.api.v3.response_cache import ResponseCache
from photobank.api.v3.search_plans import SearchPlans
from photobank.auth.authorize import sign_in_routes
from photobank.auth.oauth2 import token_endpoint
from photobank.composition import Services, build_services
from photobank.config import MIB, Settings
from photobank.errors import DomainError
from photobank.ops.install import observe_requests, operations_routes
from photobank.ops.metrics import Metrics
from photobank.state.freshness import CatchUp
from photobank.tls.transport import secure_only
from photobank.web.console.session import PREFIX as CONSOLE
from photobank.web.console.traffic import Traffic
from photobank.web.routes import web_routes


async def _health(_request: Request) -> Response:
    return PlainTextResponse("ok")


async def _not_found(request: Request, _exc: Exception) -> Response:
    return application_error(404, "NotFound", f"No resource at {request.url.path}.")


async def _method_not_allowed(request: Request, _exc: Exception) -> Response:
    allow = allowed_methods(request.app.routes, request.scope["path"])
    return application_error(
        405,
        "MethodNotAllowed",
        f"{request.method} is not supported on {request.url.path}.",
        {"Allow": allow},
    )


def create_app(settings: Settings | None = None, services: Services | None = None) -> Starlette:
    """Build the app; ``services`` lets tests inject their own (clock, database)."""
    services = services or build_services(settings or Settings())
    v3_routes: list[BaseRoute] = [*images.routes, *search.routes, *reference.routes]
    v3_routes += [*downloads.routes, *products.routes, *purchases.routes]
    v3_routes += [*boards.routes, *events.routes, *similar.routes, *artists.routes]
    v3_routes += [*affiliates.routes, *by_image.routes, *asset_changes.routes, *videos.routes]
    v3_routes += ai.routes  # Getty's AI generator
    token = secure_only(token_endpoint(services), services.settings)
    metrics = Metrics()
    routes: list[BaseRoute] = [
        Route("/health", _health, methods=["GET"]),  # first: probes and the bench's ceiling
        *operations_routes(services, metrics),
        *media_routes(services),  # first: a search page loads dozens of display images
        *legacy_routes,  # wrong methods only: LegacyGateway answers the POSTs
        *v3_routes,
        Route("/oauth2/token", token, methods=["POST"]),
        Route("/oauth2/token/", token, methods=["POST"]),
        Route("/v4/oauth2/token", token, methods=["POST"]),
        *sign_in_routes(services),
        *operator_routes(services),
    ]
    routes.extend(swagger_routes(routes))
    routes.extend(web_routes(services))  # pages for people, at /, /search, /assets/{id} ...

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        services.close()

    app = Starlette(
        routes=routes,
        exception_handlers={
            DomainError: handle_domain_error,
            404: _not_found,
            405: _method_not_allowed,
        },
        lifespan=lifespan,
    )
    app.state.services = services
    budgets = services.settings
    app.state.projections = projections = FragmentCache(budgets.projection_cache_mb * MIB)
    services.catalog.on_change(projections.clear)
    app.state.responses = responses = ResponseCache(budgets.v3_answer_cache_mb * MIB)
    services.catalog.on_change(responses.clear)
    searches = ResponseCache(budgets.v3_search_cache_mb * MIB, ("/v3/search/",), None)
    app.state.searches = searches
    app.state.search_plans = SearchPlans(budgets.v3_search_plan_cache_mb * MIB)
    services.catalog.on_change(searches.clear)
    app.add_middleware(
        V3Gateway,
        services=services,
        responses=responses,
        searches=searches,
        direct=[*search.routes, *images.routes, *videos.routes],
    )
    app.add_middleware(LegacyGateway, services=services)  # outside V3Gateway: skips it
    if services.settings.mode == "emulator":
        from photobank.emulator.install import install_emulator

        install_emulator(app, services)  # outermost: sees the gateway's refusals too
    if services.shared is not None:  # one of several workers: catch up before each request
        app.add_middleware(
            CatchUp,
            generation=services.shared.generation,
            refresh=services.clear_caches,
            checkpoint=services.shared.checkpoint,
            # Caught up by the gateways there, in one step with the throttle's.
            deferred=(*V3_PREFIXES, *LEGACY_PREFIXES),
        )
    caches = {"v3_answers": lambda: responses.weight, "v3_searches": lambda: searches.weight}
    caches["projections"] = lambda: projections.weight
    app.state.traffic = traffic = Traffic(skip=f"{CONSOLE}/")  # the console's charts
    services.throttle.on_refusal(traffic.throttled_one)
    observe_requests(app, services, metrics, caches, also=[traffic])  # outermost: times all
    app.state.metrics = metrics  # request counts for pages that chart traffic
    return app
