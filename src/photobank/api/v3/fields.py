"""The ``fields`` parameter: field sets, display sizes and what each endpoint may return.

What an endpoint may return is the property list of its item schema in the
contract (``ImageSearchItemCreative`` and friends); a requested field outside
it is not emitted, so responses always validate against Getty's schemas, apart
from the earlier names of renamed fields (:mod:`.aliases`), answered only when
a client asks for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from photobank.api.v3.aliases import DISPLAY_ALIASES, PROPERTY_ALIASES
from photobank.api.v3.contract import parameter_enum, schema_properties

DISPLAY_SIZE_FIELDS = ("comp", "preview", "thumb", *DISPLAY_ALIASES)

_SEARCH_SETS: dict[str, tuple[str, ...]] = {
    "summary_set": (
        "asset_family", "caption", "collection_code", "collection_id", "collection_name",
        "thumb", "license_model", "max_dimensions", "title",
    ),
    "detail_set": (
        "allowed_use", "artist", "asset_family", "call_for_image", "caption", "collection_code",
        "collection_id", "collection_name", "copyright", "date_created", "comp", "preview",
        "thumb", "editorial_segments", "event_ids", "graphical_style", "license_model",
        "max_dimensions", "orientation", "product_types", "quality_rank",
        "referral_destinations", "title",
    ),
    "display_set": ("comp", "preview", "thumb"),
}  # fmt: skip

_DETAIL_SETS: dict[str, tuple[str, ...]] = {
    "summary_set": (
        "artist", "asset_family", "caption", "collection_code", "collection_id",
        "collection_name", "license_model", "max_dimensions", "title",
    ),
    "detail_set": (
        "allowed_use", "artist", "artist_title", "asset_family", "call_for_image", "caption",
        "city", "collection_code", "collection_id", "collection_name", "color_type",
        "copyright", "country", "credit_line", "date_created", "date_submitted",
        "download_sizes", "editorial_segments", "event_ids", "graphical_style",
        "license_model", "max_dimensions", "orientation", "product_types", "quality_rank",
        "referral_destinations", "state_province", "title",
    ),
    "display_set": ("comp", "preview", "thumb"),
}  # fmt: skip

_VIDEO_SEARCH_SETS: dict[str, tuple[str, ...]] = {
    "summary_set": (
        "asset_family", "caption", "clip_length", "collection_code", "collection_id",
        "collection_name", "license_model", "thumb", "title",
    ),
    "detail_set": (
        "allowed_use", "artist", "asset_family", "caption", "clip_length", "collection_code",
        "collection_id", "collection_name", "color_type", "copyright", "date_created", "comp",
        "preview", "thumb", "era", "event_ids", "license_model", "mastered_to",
        "originally_shot_on", "product_types", "referral_destinations", "shot_speed", "source",
        "title",
    ),
    "display_set": ("comp", "preview", "thumb"),
}  # fmt: skip

_VIDEO_DETAIL_SETS: dict[str, tuple[str, ...]] = {
    "summary_set": (
        "artist", "asset_family", "caption", "clip_length", "collection_code", "collection_id",
        "collection_name", "license_model", "title",
    ),
    "detail_set": (
        "allowed_use", "artist", "asset_family", "call_for_image", "caption", "city",
        "clip_length", "collection_code", "collection_id", "collection_name", "color_type",
        "copyright", "country", "date_created", "date_submitted", "download_sizes",
        "editorial_segments", "era", "event_ids", "license_model", "mastered_to", "orientation",
        "originally_shot_on", "product_types", "quality_rank", "referral_destinations",
        "shot_speed", "source", "state_province", "title",
    ),
    "display_set": ("comp", "preview", "thumb"),
}  # fmt: skip

_SETS = {
    "search": _SEARCH_SETS,
    "detail": _DETAIL_SETS,
    "video_search": _VIDEO_SEARCH_SETS,
    "video_detail": _VIDEO_DETAIL_SETS,
}

# Fields that reveal licensing options: only for callers with an access token.
TOKEN_FIELDS = frozenset({"download_sizes", "downloads", "largest_downloads"})

# photobank's own image fields: returned only when named in `fields` (no set
# includes them), so a client written against Getty's schemas never sees them.
EXTENSION_FIELDS = ("blurhash", "dominant_color")
_EXTENDED_PATHS = ("/v3/search/images", "/v3/images")


def extension_fields(path: str) -> tuple[str, ...]:
    """The extension fields the ``fields`` parameter of operation ``path`` accepts."""
    return EXTENSION_FIELDS if path.startswith(_EXTENDED_PATHS) else ()


@dataclass(frozen=True, slots=True)
class FieldPlan:
    """What to put in each item: output properties and the display sizes wanted."""

    properties: tuple[str, ...]
    display_sizes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """The fields vocabulary of one operation."""

    path: str
    item_schema: str | None  # None: the detail endpoints (no item schema in the contract)
    sets: str  # "search" | "detail" | "video_search" | "video_detail"

    @property
    def allowed_output(self) -> frozenset[str]:
        return _allowed_output(self)


@cache
def _allowed_output(endpoint: Endpoint) -> frozenset[str]:
    extensions = frozenset(extension_fields(endpoint.path))
    if endpoint.item_schema is not None:
        served = schema_properties(endpoint.item_schema)
    else:
        names = set(parameter_enum(endpoint.path, "fields")) - set(_SETS[endpoint.sets])
        served = frozenset((names - set(DISPLAY_SIZE_FIELDS)) | {"display_sizes"})
    earlier = {alias.earlier for alias in PROPERTY_ALIASES if alias.current in served}
    return served | extensions | earlier


def plan_fields(
    endpoint: Endpoint, requested: tuple[str, ...] | None, with_token: bool
) -> FieldPlan:
    """Expand sets, keep display sizes in Getty's order and drop what the item cannot
    hold; without an access token, licensing fields are left out."""
    # The plan depends on the names, not on their order or repeats: each distinct
    # set of names is planned (and remembered) once, whatever a client sends.
    named = tuple(sorted(set(requested))) if requested is not None else None
    return _plan(endpoint, named, with_token)


@lru_cache(maxsize=4096)  # bounded: the sets of names clients combine
def _plan(endpoint: Endpoint, requested: tuple[str, ...] | None, with_token: bool) -> FieldPlan:
    sets = _SETS[endpoint.sets]
    names: list[str] = ["id"]
    for name in requested or ("summary_set",):
        names.extend(sets.get(name, (name,)))
    wanted = dict.fromkeys(names)
    display = tuple(size for size in DISPLAY_SIZE_FIELDS if size in wanted)
    allowed = endpoint.allowed_output
    properties = [
        n
        for n in wanted
        if n not in DISPLAY_SIZE_FIELDS and n in allowed and (with_token or n not in TOKEN_FIELDS)
    ]
    if display and "display_sizes" in allowed:
        properties.append("display_sizes")
    return FieldPlan(tuple(sorted(properties)), display)


def explicit_token_fields(requested: Iterable[str] | None) -> list[str]:
    """Token-only fields the caller named explicitly (not via a set)."""
    return sorted(TOKEN_FIELDS.intersection(requested or ()))
