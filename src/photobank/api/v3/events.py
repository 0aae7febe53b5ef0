"""``GET /v3/search/events``, ``/v3/events?ids=`` and ``/v3/events/{id}``.

Items are Getty's ``Event`` schema. ``keywords`` (search) and ``type`` are in
the ``fields`` enums but not in that schema: ``type`` is returned by the two
detail operations (whose responses the contract leaves open), ``keywords``
nowhere, since photobank keeps no keywords on events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3.common import content_language, projection_context, services
from photobank.api.v3.contract import schema_properties
from photobank.api.v3.fields import FieldPlan
from photobank.api.v3.params import operation_code, page_window, parse_path, parse_query
from photobank.api.v3.projection_context import ProjectionContext, iso
from photobank.api.v3.search_params import check_country_code
from photobank.catalog.events import EventQuery
from photobank.catalog.model import Event
from photobank.errors import InvalidParameter, NotFound

if TYPE_CHECKING:
    from photobank.composition import Services

_DEFAULT_FIELDS = ("id", "name", "start_date")
_SEARCH_OUTPUT = schema_properties("Event")
_DETAIL_OUTPUT = _SEARCH_OUTPUT | {"type"}
_HERO = FieldPlan(("display_sizes", "id"), ("comp", "preview", "thumb"))
_MAX_SEARCH_PAGE = 50  # the contract: "maximum is 50"
_MAX_IDS = 100
_REQUEST_CODE = operation_code("/v3/events")


async def search_events(request: Request) -> Response:
    params = parse_query("/v3/search/events", request.query_params)
    check_country_code(request.headers.get("gi-country-code"))
    page, window = params["page"] or 1, page_window(params)
    if page > _MAX_SEARCH_PAGE:
        raise InvalidParameter(
            "page", f"Invalid value '{page}' for parameter 'page': maximum is {_MAX_SEARCH_PAGE}."
        )
    query = EventQuery(
        phrase=(params["phrase"] or "").strip(),
        editorial_segment=params["editorial_segment"],
        date_from=params["date_from"],
        date_to=params["date_to"],
        sort_order=params["sort_order"] or "newest",
        offset=window.offset,
        limit=window.limit,
    )
    found = services(request)
    result = found.events.search(query)
    wanted = _wanted(params["fields"], _SEARCH_OUTPUT)
    ctx = projection_context(request)
    body = {
        "events": [_document(e, wanted, found, ctx) for e in result.events],
        "result_count": result.total,
    }
    return json_response(body, headers={"Content-Language": content_language(request)})


async def event_by_id(request: Request) -> Response:
    params = parse_query("/v3/events/{id}", request.query_params)
    event_id = parse_path("/v3/events/{id}", "id", request.path_params["id"])
    return _respond(request, [event_id], params["fields"])


async def events_by_ids(request: Request) -> Response:
    params = parse_query("/v3/events", request.query_params)
    ids = list(params["ids"] or ())
    if not ids:
        raise InvalidParameter(
            "ids", "Parameter 'ids' must name at least one event id.", code=_REQUEST_CODE
        )
    if len(ids) > _MAX_IDS:
        raise InvalidParameter(
            "ids", f"Parameter 'ids' accepts at most {_MAX_IDS} ids.", code=_REQUEST_CODE
        )
    return _respond(request, ids, params["fields"])


def _respond(request: Request, ids: list[int], fields: tuple[str, ...] | None) -> Response:
    found = services(request)
    events = found.events.get(ids)
    missing = [i for i in ids if i not in events]
    if not events:
        joined = ", ".join(map(str, missing))
        raise NotFound(f"Event not found: {joined}", code="EventNotFound")
    wanted = _wanted(fields, _DETAIL_OUTPUT)
    ctx = projection_context(request)
    body = {
        "events": [_document(events[i], wanted, found, ctx) for i in ids if i in events],
        "events_not_found": missing,
    }
    return json_response(body, headers={"Content-Language": content_language(request)})


def _wanted(fields: tuple[str, ...] | None, allowed: frozenset[str]) -> tuple[str, ...]:
    names = dict.fromkeys(("id", *(fields or _DEFAULT_FIELDS)))
    return tuple(sorted(n for n in names if n in allowed))


def _document(
    event: Event, wanted: tuple[str, ...], found: Services, ctx: ProjectionContext
) -> dict[str, Any]:
    """The ``Event`` document; a hero image or location the event lacks is left out
    (the schema does not let them be null)."""
    document: dict[str, Any] = {}
    for name in wanted:
        if name in ("image_count", "hero_image", "child_event_count"):
            stats = found.events.stats(event)
            if name == "image_count":
                document[name] = stats.image_count
            elif name == "child_event_count":
                document[name] = stats.child_event_count
            elif (hero_id := stats.hero_asset_id) is not None:
                # The kept item, else the asset's (absent once withdrawn).
                hero = ctx.items_of([hero_id], _HERO, found.catalog.get_assets).get(hero_id)
                if hero is not None:
                    document[name] = hero
        elif name == "location":
            location = ctx.reference.locations.get(event.location_id or -1)
            if location is not None:
                document[name] = {
                    "city": location.city,
                    "country": location.country,
                    "state_province": location.state_province,
                    "venue": None,  # the catalog records places, not venues
                }
        elif name == "start_date":
            document[name] = iso(event.start_date)
        elif name == "editorial_segments":
            document[name] = list(event.editorial_segments)
        else:
            document[name] = getattr(event, name)
    return document


routes = [
    Route("/v3/search/events", search_events, methods=["GET"]),
    Route("/v3/events", events_by_ids, methods=["GET"]),
    Route("/v3/events/{id}", event_by_id, methods=["GET"]),
]
