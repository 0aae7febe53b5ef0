"""Translation of v3 search parameters into a domain :class:`SearchQuery`."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pycountry

from photobank.api.v3.params import page_window
from photobank.catalog.model import PRODUCT_TYPES
from photobank.errors import InvalidParameter
from photobank.search.query import SearchQuery, SetFilter, end_of_day

_HEX_COLOR = re.compile(r"#?([0-9a-fA-F]{6})")
_DEFAULT_FACETS = {
    "creative": ("artists", "locations"),
    "editorial": ("artists", "events", "locations", "specific_people"),
}


def _lower_set(values: tuple[str, ...] | None) -> frozenset[str]:
    return frozenset(v.lower() for v in values or ())


def _set_filter(values: tuple[str, ...] | None, filter_type: str | None) -> SetFilter | None:
    if not values:
        return None
    return SetFilter(_lower_set(values), exclude=filter_type == "exclude")


def _color(raw: str | None) -> str | None:
    if raw is None:
        return None
    match = _HEX_COLOR.fullmatch(raw.strip())
    if match is None:
        raise InvalidParameter(
            "color",
            f"Invalid value '{raw}' for parameter 'color': expected 6 hex digits, e.g. #002244.",
        )
    return match.group(1).lower()


def _download_product(raw: str | None) -> frozenset[str]:
    if raw is None:
        return frozenset()
    product_type, _, product_id = raw.strip().lower().partition(":")
    ascii_digits = product_id.isascii() and product_id.isdigit()  # '²' passes isdigit alone
    if product_type not in PRODUCT_TYPES or (product_id and not ascii_digits):
        raise InvalidParameter(
            "download_product",
            f"Invalid value '{raw}' for parameter 'download_product'. "
            f"Allowed values: {', '.join(PRODUCT_TYPES)}, optionally followed by ':<product id>'.",
        )
    return frozenset({product_type})


def check_country_code(raw: str | None) -> None:
    """GI-Country-Code must be an ISO 3166 alpha-3 code."""
    if raw is not None and (len(raw) != 3 or pycountry.countries.get(alpha_3=raw.upper()) is None):
        raise InvalidParameter(
            "GI-Country-Code",
            f"Invalid value '{raw}' for header 'GI-Country-Code': "
            "expected an ISO alpha-3 country code.",
        )


# Getty's ids of the aspect ratios its video search filters on (photobank's reading).
ASPECT_RATIO_IDS = {
    "969": "16:9", "556": "4:3", "184": "9:16", "243": "1.85:1", "245": "2.35:1", "121": "1:1",
    "1029": "17:9", "557": "3:4",
}  # fmt: skip
_VIDEO_LICENSE_MODELS = {"royaltyfree": "royaltyfree", "rightsready": "rightsmanaged"}


def _clip_bounds(params: dict[str, Any]) -> tuple[int | None, int | None]:
    """min/max_clip_length in seconds; 0 (the default) means no bound."""
    low, high = params.get("min_clip_length") or None, params.get("max_clip_length") or None
    if low is not None and high is not None and high < low:
        raise InvalidParameter(
            "max_clip_length",
            f"Invalid value '{high}' for parameter 'max_clip_length': "
            f"less than min_clip_length ({low}).",
        )
    return low, high


def build_video_query(params: dict[str, Any], family: str | None) -> SearchQuery:
    """A video search: the parameters images share, and the video-only filters."""
    release = params.get("release_status")
    low, high = _clip_bounds(params)
    fmt = params.get("format_available")
    return replace(
        build_search_query(params, family),
        asset_type="video",
        license_models=frozenset(
            _VIDEO_LICENSE_MODELS[m] for m in params.get("license_models") or ()
        ),
        video_formats=frozenset({fmt}) if fmt else frozenset(),
        frame_rates=frozenset(params.get("frame_rates") or ()),
        aspect_ratios=frozenset(ASPECT_RATIO_IDS[a] for a in params.get("aspect_ratios") or ()),
        techniques=frozenset(params.get("image_techniques") or ()),
        viewpoints=frozenset(params.get("viewpoints") or ()),
        release_statuses=frozenset({release}) if release == "fully_released" else frozenset(),
        editorial_video_types=frozenset(params.get("editorial_video_types") or ()),
        min_clip_seconds=low,
        max_clip_seconds=high,
    )


def build_search_query(params: dict[str, Any], family: str | None) -> SearchQuery:
    """``family`` is ``creative``, ``editorial`` or None for the blended search."""
    window = page_window(params)
    facet_fields: tuple[str, ...] = ()
    if params.get("include_facets") and family is not None:
        facet_fields = params.get("facet_fields") or _DEFAULT_FACETS[family]
    exclude_nudity = bool(params.get("exclude_nudity") or params.get("safe_search"))
    return SearchQuery(
        asset_type="image",
        phrase=(params.get("phrase") or "").strip(),
        asset_families=frozenset({family}) if family else frozenset(),
        ages=frozenset(params.get("age_of_people") or ()),
        ethnicities=frozenset(params.get("ethnicity") or ()),
        compositions=frozenset(params.get("compositions") or ()),
        number_of_people=frozenset(params.get("number_of_people") or ()),
        orientations=frozenset(params.get("orientations") or ()),
        file_types=frozenset(params.get("file_types") or ()),
        editorial_segments=frozenset(params.get("editorial_segments") or ()),
        product_types=_download_product(params.get("download_product")),
        graphical_styles=_set_filter(
            params.get("graphical_styles"), params.get("graphical_styles_filter_type")
        ),
        collection_codes=_set_filter(
            params.get("collection_codes"), params.get("collections_filter_type")
        ),
        artists=_lower_set(tuple(a for a in (params.get("artists") or "").split(",") if a.strip())),
        specific_people=_lower_set(params.get("specific_people")),
        event_ids=frozenset(params.get("event_ids") or ()),
        keyword_ids=frozenset(params.get("keyword_ids") or ()),
        exclude_keyword_ids=frozenset(params.get("exclude_keyword_ids") or ()),
        color=_color(params.get("color")),
        date_from=params.get("date_from"),
        date_to=end_of_day(params.get("date_to")),
        minimum_size=params.get("minimum_size"),
        minimum_quality_rank=params.get("minimum_quality_rank"),
        exclude_nudity=exclude_nudity,
        exclude_editorial_use_only=bool(params.get("exclude_editorial_use_only")),
        embed_content_only=bool(params.get("embed_content_only")),
        sort_order=params.get("sort_order") or "best_match",
        offset=window.offset,
        limit=window.limit,
        facet_fields=facet_fields,
        facet_max_count=params.get("facet_max_count") or 300,
    )
