"""What refines a search, fetched by the search page's script once the results show.

Facet counts over a whole result set, a spelling correction and related
searches cost several times the search itself (an aggregation per facet,
another search for the related phrases), so the page is sent without them and
its script asks ``/search/refine`` with the same query string; the answer is
an HTML fragment, kept per search (whatever the page) until the catalog
changes, within a budget in bytes. Without the script the results still show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from photobank.config import MIB
from photobank.errors import InvalidParameter
from photobank.lru import LruCache, weigh_bytes
from photobank.web.pages import Pages
from photobank.web.search_form import SearchForm, collection_choices, parse_search

if TYPE_CHECKING:
    from photobank.composition import Services

RELATED = 6  # related searches offered under a search's results
_BUDGET = 4 * MIB
_HEADERS = {"Cache-Control": "private, max-age=60", "X-Content-Type-Options": "nosniff"}


class Refinements:
    def __init__(self, services: Services, pages: Pages) -> None:
        self._services = services
        self._pages = pages
        self._fragments: LruCache[tuple[object, ...], bytes] = LruCache(_BUDGET, weigh_bytes)
        services.catalog.on_change(self._fragments.clear)

    def routes(self) -> list[BaseRoute]:
        return [Route("/search/refine", self.refine, methods=["GET"])]

    async def refine(self, request: Request) -> Response:
        try:
            choices = collection_choices(self._services.catalog.reference())
            form = parse_search(request.query_params, choices)
        except InvalidParameter as error:
            return HTMLResponse(f"<p>{error.message}</p>", 400, headers=_HEADERS)
        fragment = self._fragments.get(form.key)
        if fragment is None:
            fragment = await run_in_threadpool(self._fragment, form)
            self._fragments.put(form.key, fragment)
        return HTMLResponse(fragment, headers=_HEADERS)

    def _fragment(self, form: SearchForm) -> bytes:
        found = self._services.search.search(form.query(facets=True), correct=True, related=RELATED)
        event = form.refined.get("event")
        named = self._services.events.get([int(event)]) if event else {}
        chosen = {"event": named[int(event)].name} if event and int(event) in named else {}
        return self._pages.fragment(
            "_refine.html",
            facets=form.facets(found.facets, chosen),
            correction=found.correction,
            correction_url=form.url(phrase=found.correction) if found.correction else "",
            related=found.related_phrases,
        )
