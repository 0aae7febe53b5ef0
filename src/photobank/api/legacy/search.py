"""SearchForImages (v1 and v2 bodies) and GetEventDetails.

Decisions: an empty result is ``Status: "warning"`` with a ``NoImages`` entry
(spec §0.7; the 2012 client treats warnings as success). ``ItemCount`` must be
one of the page sizes the old API accepted. Refinements are the facets
photobank can filter on again: ``PhotographerName`` (artists), ``Event`` and
``SpecificPeople``; their ``Id`` is what a later request sends back.
``EditorialSources`` names no field photobank's catalog filters on, so it is
refused (``InvalidEditorialSourceId``) rather than silently ignored.
SearchForVideos lives in :mod:`photobank.api.legacy.videos`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from photobank.api.legacy.context import Call
from photobank.api.legacy.envelope import (
    LegacyError,
    Outcome,
    as_id,
    boolean,
    enum,
    enums,
    format_date,
    integer,
    invalid,
    numeric_ids,
    obj,
    objects,
    parse_date,
    strings,
    text,
)
from photobank.api.legacy.images import (
    FAMILIES,
    LICENSING,
    SEGMENTS,
    STYLES,
    Projector,
    image_details,
    image_details_read,
)
from photobank.api.legacy.offerings import SEARCHABLE
from photobank.paging import PageWindow, from_item
from photobank.search.query import SearchQuery, SetFilter

ITEM_COUNTS = (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 25, 30, 50, 60, 75)
_ORIENTATIONS = {
    "Horizontal": "horizontal",
    "Vertical": "vertical",
    "Square": "square",
    "PanoramicHorizontal": "panoramic_horizontal",
    "PanoramicVertical": "panoramic_vertical",
}
_FILE_TYPES = {"jpg": "jpg", "eps": "eps"}
_SORTS = {
    "Default": "best_match",
    "BestMatch": "best_match",
    "MostRecent": "newest",
    "MostPopular": "most_popular",
    "Trending": "most_popular",
}
_REFINEMENT_SETS = {"RefinementSet1": 15, "RefinementSet2": 25, "RefinementSet3": 5}
# Legacy refinement category, facet field, query field.
_CATEGORIES = {
    "PhotographerName": ("artists", "artists"),
    "Event": ("events", "event_ids"),
    "SpecificPeople": ("specific_people", "specific_people"),
}
_LANGUAGES = ("en-us", "en-gb", "en", "de", "es", "fr", "it", "ja", "nl", "pt-br", "sv")


def _set(body: dict[str, Any], name: str) -> SetFilter | None:
    spec = obj(body, name)
    if not spec:
        return None
    ids, mode = strings(spec, "Ids"), text(spec, "Mode")
    if not ids:
        raise LegacyError("CollectionIdsEmpty", f"'{name}.Ids' names no id.")
    if mode is None:
        raise LegacyError("CollectionModeEmpty", f"'{name}.Mode' must be include or exclude.")
    exclude = enum(mode, f"{name}.Mode", {"include": "include", "exclude": "exclude"}) == "exclude"
    return SetFilter(frozenset(ids), exclude)


def collection_filter(call: Call, body: dict[str, Any]) -> SetFilter | None:
    """Collection ids (or codes) as the codes the search index filters on."""
    wanted = _set(body, "Collections")
    if wanted is None:
        return None
    reference = call.services.catalog.reference()
    by_code = reference.collections_by_code
    codes = set()
    for raw in wanted.values:
        ident = as_id(raw)
        found = reference.collections.get(ident) if ident is not None else by_code.get(raw.lower())
        if found is None:
            raise LegacyError("NonExistingCollectionId", f"No collection with id '{raw}'.")
        codes.add(found.code.lower())
    return SetFilter(frozenset(codes), wanted.exclude)


def build_query(call: Call, body: dict[str, Any]) -> tuple[SearchQuery, list[tuple[str, str]]]:
    """The body as a :class:`SearchQuery`, and the warnings it earns."""
    query, filters, options = obj(body, "Query"), obj(body, "Filter"), obj(body, "ResultOptions")
    warnings: list[tuple[str, str]] = []
    count = _or(integer(options, "ItemCount"), 25)
    if count <= 0:
        raise LegacyError("InvalidItemCount", "'ItemCount' must be positive.")
    window = item_window(options, count, ITEM_COUNTS)
    families = enums(filters, "ImageFamilies", FAMILIES)
    date_range = obj(query, "DateCreatedRange")
    date_from = date_to = None
    if date_range:
        if families == {"creative"}:
            message = "DateCreatedRange applies to editorial images only; it was ignored."
            warnings.append(("DateCreatedRangeNotApplicable", message))
        else:
            if date_range.get("StartDate") is not None:
                date_from = parse_date(date_range["StartDate"], "DateCreatedRange.StartDate")
            if date_range.get("EndDate") is not None:
                date_to = parse_date(date_range["EndDate"], "DateCreatedRange.EndDate")
    if obj(filters, "EditorialSources"):
        raise LegacyError("InvalidEditorialSourceId", "EditorialSources is not filterable here.")
    refined: dict[str, set[Any]] = {"artists": set(), "event_ids": set(), "specific_people": set()}
    for index, item in enumerate(objects(filters, "Refinements")):
        where = f"Filter.Refinements[{index}]"
        category = enum(
            text(item, "Category", required=True) or "", where, {c: c for c in _CATEGORIES}
        )
        ident = text(item, "Id", required=True) or str(integer(item, "Id"))
        field = _CATEGORIES[category][1]
        if field == "event_ids":
            refined[field].add(_event_id(ident, f"{where}.Id"))
        else:
            refined[field].add(ident.lower())
    sort_raw = text(options, "EditorialSortOrder") or text(options, "CreativeSortOrder")
    refinement_set = text(options, "RefinementOptionsSet")
    facet_count = _REFINEMENT_SETS.get(refinement_set or "", 15)
    language = (text(body, "Language") or "en-us").lower()
    if language not in _LANGUAGES:
        warnings.append(
            ("DefaultLanguageUsed", f"Language '{language}' is not offered; en-US used.")
        )
    event_id = integer(query, "EventId", minimum=0)
    result = SearchQuery(
        asset_type="image",
        phrase=(text(query, "SearchPhrase") or "").strip(),
        asset_families=families,
        license_models=enums(filters, "LicensingModels", LICENSING),
        orientations=enums(filters, "Orientations", _ORIENTATIONS),
        file_types=enums(filters, "FileTypes", _FILE_TYPES),
        editorial_segments=enums(filters, "EditorialSegments", SEGMENTS),
        product_types=enums(filters, "ProductOfferings", SEARCHABLE),
        graphical_styles=_styles(filters),
        collection_codes=collection_filter(call, filters),
        artists=frozenset(refined["artists"]),
        specific_people=frozenset(p.lower() for p in strings(query, "SpecificPersons"))
        | frozenset(refined["specific_people"]),
        event_ids=frozenset(refined["event_ids"]) | ({event_id} if event_id else frozenset()),
        keyword_ids=numeric_ids(query, "KeywordIds"),
        date_from=date_from,
        date_to=date_to,
        exclude_nudity=boolean(filters, "ExcludeNudity"),
        sort_order=enum(sort_raw, "SortOrder", _SORTS) if sort_raw else "best_match",
        offset=window.offset,
        limit=window.limit,
        facet_fields=tuple(f for f, _ in _CATEGORIES.values()) if refinement_set else (),
        facet_max_count=facet_count,
    )
    return result, warnings


def item_window(options: dict[str, Any], count: int, counts: tuple[int, ...]) -> PageWindow:
    """``count`` items, one of the page sizes the operation offers (``counts``), from
    ``ItemStartNumber`` (1-based; absent: the first)."""
    if count not in counts:
        raise LegacyError(
            "MaxExceeded" if count > counts[-1] else "InvalidItemCount",
            f"'ItemCount' must be one of {', '.join(map(str, counts))}.",
        )
    start = integer(options, "ItemStartNumber")
    if start is not None and start <= 0:
        raise LegacyError("InvalidItemStartNumber", "'ItemStartNumber' is 1-based.")
    return from_item(start or 1, count)


def _event_id(raw: str, name: str) -> int:
    ident = as_id(raw)
    if ident is None:
        invalid(f"'{name}' must be a numeric event id, not '{raw}'.")
    return ident


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def _styles(filters: dict[str, Any]) -> SetFilter | None:
    styles = enums(filters, "GraphicStyles", STYLES)
    return SetFilter(styles) if styles else None


def search_for_images(call: Call, body: Any) -> Outcome:
    query, warnings = build_query(call, body)
    page = call.services.search.find(query)
    if page.total and query.offset >= page.total:
        raise LegacyError("StartPastTotal", f"ItemStartNumber is past the {page.total} matches.")
    include_keywords = boolean(obj(body, "ResultOptions"), "IncludeKeywords")
    projector = Projector(call)
    refinements = []
    for category, (facet, _field) in _CATEGORIES.items():
        for entry in page.facets.get(facet, []):
            ident = str(entry.id) if entry.id is not None else entry.name
            refinements.append(
                {"Category": category, "Id": ident, "ImageCount": entry.count, "Text": entry.name}
            )
    options = obj(body, "ResultOptions")
    images = projector.images(page.ids, include_keywords)
    result = {
        "ItemCount": len(images),
        "ItemStartNumber": query.offset + 1,
        "ItemTotalCount": page.total,
        "EditorialSortOrder": text(options, "EditorialSortOrder"),
        "CreativeSortOrder": text(options, "CreativeSortOrder"),
        "Images": images,
        "RefinementOptions": refinements,
    }
    if not page.total:
        warnings.append(("NoImages", "No images match the search."))
    return Outcome(result, warnings)


def event_details(call: Call, body: Any) -> Outcome:
    ids = strings(body, "EventIds")
    if not ids:
        raise LegacyError("MissingEventIds", "Missing 'EventIds': name at least one event.")
    reference = call.services.catalog.reference()
    results: list[dict[str, Any]] = []
    for raw in ids:
        ident = as_id(raw)
        event = reference.events.get(ident) if ident is not None else None
        if event is None:
            results.append(
                {"EventId": raw if ident is None else ident, "Status": "Not Found", "Event": None}
            )
            continue
        location = reference.locations.get(event.location_id or -1)
        results.append(
            {
                "EventId": event.id,
                "Status": "Success",
                "Event": {
                    "EventId": event.id,
                    "EventName": event.name,
                    "ChildEventCount": call.services.events.child_count(event.id),
                    "EditorialSegments": [s.title() for s in event.editorial_segments],
                    "Location": {
                        "City": (location.city or "") if location else "",
                        "Country": location.country if location else "",
                        "StateProvince": (location.state_province or "") if location else "",
                        "Venue": "",
                    },
                    "StartDate": format_date(event.start_date),
                },
            }
        )
    return Outcome({"EventResult": results})


def operations(op: Callable[..., Any]) -> dict[str, Any]:
    images_body = ("SearchForImages2RequestBody", "SearchForImagesRequestBody")
    return {
        "/v1/search/SearchForImages": op(
            "SearchForImages", search_for_images, body_keys=images_body, reads=True
        ),
        "/v2/search/SearchForImages": op(
            "SearchForImages", search_for_images, body_keys=images_body[::-1], reads=True
        ),
        "/v1/search/GetImageDetails": op(
            "GetImageDetails", image_details, reads=True, replayed_on=image_details_read
        ),
        "/v1/search/GetEventDetails": op("GetEventDetails", event_details, reads=True),
    }
