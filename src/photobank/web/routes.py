"""The web interface's routes: search, asset pages, sign-in and licensing; boards
(:mod:`photobank.web.boards`) and download history (:mod:`photobank.web.downloads`).

Each handler reads its input, calls one domain service and renders a template;
every domain refusal becomes a readable message on the page (4xx), never a 500.
Paths (``/``, ``/search``, ``/assets/…``, ``/sign-in``, ``/sign-out``,
``/boards…``, ``/downloads``, the operator console under ``/console/`` and static
files under :data:`~photobank.web.pages.STATIC_PREFIX`) share no prefix with
the APIs (``/v3``, ``/v1``, ``/oauth2``, ``/media``, ``/swagger``, ``/operator``).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from photobank.accounts.attempts import TooManyFailedAttempts
from photobank.accounts.models import Customer
from photobank.api.http import json_response
from photobank.catalog.model import Asset
from photobank.errors import DomainError, InvalidParameter, NotFound
from photobank.licensing.downloads import DownloadRequest, DownloadResult, find_image
from photobank.media.viewers import Viewer
from photobank.search.query import SearchQuery
from photobank.tls.transport import source_address
from photobank.web import views
from photobank.web.boards import BoardPages
from photobank.web.by_image import ImageSearchPages
from photobank.web.console import console_routes
from photobank.web.downloads import DownloadPages
from photobank.web.forms import (
    FORM_EXPIRED,
    BadForm,
    local,
    read_form,
    see_other,
    status_of,
    to_sign_in,
)
from photobank.web.pages import HERE, STATIC_PREFIX, Pages
from photobank.web.refine import Refinements
from photobank.web.search_form import SearchForm, collection_choices, parse_search
from photobank.web.session import CSRF_FIELD, WebSessions

if TYPE_CHECKING:
    from photobank.composition import Services

SIMILAR = 12
RELATED = 6  # related searches an asset's page offers
COMPLETIONS = 8  # phrases suggested as the visitor types
WRONG_CREDENTIALS = "Wrong username or password, or the account is disabled."


def web_routes(services: Services) -> list[BaseRoute]:
    site = WebSite(services)
    return [
        Route("/", site.search, methods=["GET"]),
        Route("/search", site.search, methods=["GET"]),
        Route("/search/completions", site.completions, methods=["GET"]),
        Route("/assets/{id}", site.asset, methods=["GET"]),
        Route("/assets/{id}/license", site.license, methods=["POST"]),
        Route("/sign-in", site.sign_in_form, methods=["GET"]),
        Route("/sign-in", site.sign_in, methods=["POST"]),
        Route("/sign-out", site.sign_out, methods=["POST"]),
        *site.boards.routes(),
        *site.downloads.routes(),
        *site.by_image.routes(),
        *site.refinements.routes(),
        *console_routes(services),
        Mount(STATIC_PREFIX, StaticFiles(directory=HERE / "static"), name="web-static"),
    ]


class WebSite:
    def __init__(self, services: Services) -> None:
        self._services = services
        self._sessions = WebSessions(
            services.signer, services.accounts, services.clock, services.settings
        )
        self._pages = Pages(self._sessions)
        self.boards = BoardPages(services, self._sessions, self._pages)
        self.downloads = DownloadPages(services, self._sessions, self._pages)
        self.by_image = ImageSearchPages(services, self._sessions, self._pages)
        self.refinements = Refinements(services, self._pages)

    def _render(
        self, request: Request, template: str, customer: Customer | None, status: int = 200,
        headers: dict[str, str] | None = None, **context: Any,
    ) -> Response:  # fmt: skip
        return self._pages.render(request, template, context, status, customer, headers)

    async def search(self, request: Request) -> Response:
        customer = self._sessions.customer(request)
        try:
            choices = collection_choices(self._services.catalog.reference())
            form = parse_search(request.query_params, choices)
        except InvalidParameter as error:
            return self._render(
                request, "search.html", customer, 400, form=SearchForm(), message=error.message
            )
        page = await run_in_threadpool(self._services.search.search, form.query())
        viewer = self._viewer(customer)
        return self._render(
            request,
            "search.html",
            customer,
            form=form,
            total=page.total,
            pages=form.pages(page.total),
            tiles=views.tiles(self._services.media_urls, viewer, page.assets),
            boards=await run_in_threadpool(self.boards.choices, customer),
        )

    async def completions(self, request: Request) -> Response:
        """Phrases completing what is typed in the search box, as a JSON list."""
        typed = request.query_params.get("phrase", "")
        found = await run_in_threadpool(self._services.completions.complete, typed, COMPLETIONS)
        return json_response(found, headers={"Cache-Control": "private, max-age=60"})

    async def asset(
        self, request: Request, message: str | None = None, status: int = 200
    ) -> Response:
        customer = self._sessions.customer(request)
        asset = self._asset(request.path_params["id"])
        if asset is None:
            return self._render(request, "not_found.html", customer, 404)
        related = self._services.related
        similar = await run_in_threadpool(related.similar, asset, 0, SIMILAR)
        series = await run_in_threadpool(related.same_series, asset, 0, SIMILAR)
        searches = await run_in_threadpool(self._related_searches, asset)
        viewer = self._viewer(customer)
        urls = self._services.media_urls
        return self._render(
            request,
            "asset.html",
            customer,
            status,
            asset=asset,
            image=views.picture(urls, viewer, asset, ("comp", "high_res_comp")),
            clip=views.clip(urls, viewer, asset),
            detail=views.detail(asset, self._services.catalog.reference()),
            similar=views.tiles(urls, viewer, similar.assets),
            series=views.tiles(urls, viewer, series.assets),
            related=searches,
            products=views.product_choices(asset, viewer, self._services.clock.now()),
            sizes=views.size_choices(asset),
            boards=await run_in_threadpool(self.boards.choices, customer),
            message=message,
        )

    async def license(self, request: Request) -> Response:
        """License the chosen size with the chosen product, then go to the signed download."""
        try:
            fields = await read_form(request)
        except BadForm:
            return await self.asset(request, "The form could not be read.", 400)
        if not self._sessions.form_is_genuine(request, fields.get(CSRF_FIELD)):
            return await self.asset(request, FORM_EXPIRED, 403)
        customer = self._sessions.customer(request)
        asset_id = request.path_params["id"]
        if customer is None:
            return to_sign_in(f"/assets/{asset_id}")
        asset = self._asset(asset_id)
        if asset is None:
            return self._render(request, "not_found.html", customer, 404)
        product = fields.get("product_id", "")
        size = fields.get("size") or None
        wanted = DownloadRequest(
            asset_id=asset_id,
            customer_id=customer.id,
            asset_type=asset.asset_type,
            size=size if asset.video else None,
            height=None if asset.video else size,
            product_id=int(product) if product.isascii() and product.isdigit() else None,
        )
        try:
            result = await run_in_threadpool(self._licence, wanted)
        except DomainError as error:
            return await self.asset(request, error.message, status_of(error))
        return see_other(result.uri)

    def _related_searches(self, asset: Asset) -> list[str]:
        """Searches near the asset's most relevant keyword, the keyword itself first."""
        keywords = self._services.catalog.reference().keywords_of(asset)
        if not keywords:
            return []
        top = max(keywords, key=lambda pair: pair[1])[0].text
        query = SearchQuery(asset_type=asset.asset_type, phrase=top, limit=1)
        found = self._services.search.search(query, related=RELATED - 1)
        return [top, *found.related_phrases]

    def _asset(self, asset_id: str) -> Asset | None:
        """The image or video of ``asset_id`` on offer, if any."""
        for asset_type in ("image", "video"):
            with contextlib.suppress(NotFound):
                return find_image(self._services.catalog, asset_id, asset_type)
        return None

    def _licence(self, wanted: DownloadRequest) -> DownloadResult:
        # Relative links: the delivery URL works behind any host name or proxy.
        return self._services.licensing.downloads.download(wanted, "")

    async def sign_in_form(self, request: Request) -> Response:
        after = local(request.query_params.get("next"))
        return self._render(request, "sign_in.html", self._sessions.customer(request), next=after)

    async def sign_in(self, request: Request) -> Response:
        try:
            fields = await read_form(request)
        except BadForm:
            fields = {}
        after = local(fields.get("next"))
        if not self._sessions.form_is_genuine(request, fields.get(CSRF_FIELD)):
            return self._sign_in_problem(request, after, "", FORM_EXPIRED, 403)
        username, password = fields.get("username", ""), fields.get("password", "")
        source = source_address(request.scope, self._services.settings)
        try:
            customer = await run_in_threadpool(
                self._services.accounts.authenticate_customer, username, password, source
            )
        except TooManyFailedAttempts as refusal:
            headers = {"Retry-After": str(refusal.retry_after)}
            return self._sign_in_problem(request, after, username, refusal.message, 429, headers)
        if customer is None:
            return self._sign_in_problem(request, after, username, WRONG_CREDENTIALS, 401)
        response = see_other(after)
        self._sessions.start(request, response, customer)
        return response

    def _sign_in_problem(
        self, request: Request, after: str, username: str, message: str, status: int,
        headers: dict[str, str] | None = None,
    ) -> Response:  # fmt: skip
        return self._render(
            request, "sign_in.html", None, status, headers,
            next=after, username=username, message=message,
        )  # fmt: skip

    async def sign_out(self, request: Request) -> Response:
        try:
            fields = await read_form(request)
        except BadForm:
            fields = {}
        if not self._sessions.form_is_genuine(request, fields.get(CSRF_FIELD)):
            customer = self._sessions.customer(request)
            return self._render(
                request, "sign_in.html", customer, 403, next="/", message=FORM_EXPIRED
            )
        response = see_other("/")
        self._sessions.end(request, response)
        return response

    def _viewer(self, customer: Customer | None) -> Viewer:
        return self.boards.viewer(customer)
