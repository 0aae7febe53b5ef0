"""Catalog records as plain, immutable Python values.

Field values use Getty's controlled vocabulary (``horizontal``, ``royaltyfree``,
``young_adult`` ...) because that vocabulary *is* the domain; only the shape of
the wire documents (names, nesting) belongs to the API skins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any, NamedTuple

ASSET_TYPES = ("image", "video")
ASSET_FAMILIES = ("creative", "editorial")
LICENSE_MODELS = ("royaltyfree", "rightsmanaged")
GRAPHICAL_STYLES = ("photography", "illustration", "vector", "fine_art")
ORIENTATIONS = ("horizontal", "vertical", "square", "panoramic_horizontal", "panoramic_vertical")
NUMBER_OF_PEOPLE = ("none", "one", "two", "group")
COLOR_TYPES = ("color", "black_and_white")
FILE_TYPES = ("jpg", "eps")
EDITORIAL_SEGMENTS = ("archival", "entertainment", "news", "publicity", "royalty", "sport")
PRODUCT_TYPES = (
    "easyaccess",
    "editorialsubscription",
    "imagepack",
    "premiumaccess",
    "royaltyfreesubscription",
)
COMPOSITIONS = (
    "abstract", "candid", "close_up", "copy_space", "cut_out", "full_frame", "full_length",
    "headshot", "looking_at_camera", "macro", "portrait", "sparse", "still_life",
    "three_quarter_length", "waist_up",
)  # fmt: skip
ETHNICITIES = (
    "black", "caucasian", "east_asian", "hispanic_latino", "japanese", "middle_eastern",
    "mixed_race_person", "multiethnic_group", "native_american_first_nations",
    "pacific_islander", "south_asian", "southeast_asian",
)  # fmt: skip
AGES = (
    "newborn", "baby", "child", "teenager", "young_adult", "adult", "adults_only",
    "mature_adult", "senior_adult", "0-1_months", "2-5_months", "6-11_months", "12-17_months",
    "18-23_months", "2-3_years", "4-5_years", "6-7_years", "8-9_years", "10-11_years",
    "12-13_years", "14-15_years", "16-17_years", "18-19_years", "20-24_years", "20-29_years",
    "25-29_years", "30-34_years", "30-39_years", "35-39_years", "40-44_years", "40-49_years",
    "45-49_years", "50-54_years", "50-59_years", "55-59_years", "60-64_years", "60-69_years",
    "65-69_years", "70-79_years", "80-89_years", "90_plus_years", "100_over",
)  # fmt: skip
KEYWORD_TYPES = ("Concept", "Subject", "Location", "Composition", "Event", "People", "Style")
# Video vocabulary (Getty's filter values); formats from smallest to largest.
VIDEO_FORMATS = ("sd", "hd_web", "hd", "4k")
FRAME_RATES = ("23.98", "24", "25", "29.97", "30", "50", "59.94", "60")
ASPECT_RATIOS = ("16:9", "4:3", "9:16", "1.85:1", "2.35:1", "1:1", "17:9", "3:4")
IMAGE_TECHNIQUES = (
    "realtime", "time_lapse", "slow_motion", "color", "black_and_white", "animation",
    "selective_focus",
)  # fmt: skip
VIEWPOINTS = (
    "lockdown", "panning", "tracking_shot", "aerial_view", "high_angle_view", "low_angle_view",
    "tilt", "point_of_view",
)  # fmt: skip
RELEASE_STATUSES = ("fully_released", "not_released")
EDITORIAL_VIDEO_TYPES = ("raw", "produced")


@dataclass(frozen=True, slots=True)
class Collection:
    id: int
    code: str
    name: str
    asset_family: str
    license_model: str
    product_types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Keyword:
    id: int
    text: str
    type: str


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Location:
    """A place assets were shot at; ``name`` is the display form used in facets."""

    id: int
    name: str
    city: str | None
    state_province: str | None
    country: str


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    name: str
    start_date: datetime
    end_date: datetime | None
    type: str
    location_id: int | None
    editorial_segments: tuple[str, ...]
    parent_id: int | None = None


class AllowedUse(NamedTuple):
    how_can_i_use_it: str
    release_info: str
    usage_restrictions: tuple[str, ...] = ()


class ReferralDestination(NamedTuple):
    site_name: str
    uri: str


class KeywordTag(NamedTuple):
    """A keyword attached to an asset, with how relevant it is there (1-100)."""

    keyword_id: int
    relevance: int


@dataclass(frozen=True, slots=True)
class VideoDetails:
    """What only a video has: one value on :class:`Asset`, None for images.

    ``format`` is the largest format the clip is mastered in (smaller ones are
    offered too); ``frames`` is the clip length in frames at ``frame_rate``.
    """

    frames: int
    frame_rate: str  # one of FRAME_RATES
    aspect_ratio: str  # one of ASPECT_RATIOS
    format: str  # one of VIDEO_FORMATS
    era: str = ""  # decade shot in, e.g. "2020s"
    shot_speed: str = "Real Time"
    mastered_to: str = ""
    originally_shot_on: str = ""
    source: str = ""  # editorial footage: who supplied it
    release_status: str = "not_released"  # one of RELEASE_STATUSES
    techniques: tuple[str, ...] = ()  # IMAGE_TECHNIQUES
    viewpoints: tuple[str, ...] = ()  # VIEWPOINTS
    editorial_type: str | None = None  # EDITORIAL_VIDEO_TYPES, editorial footage only
    # The file delivered at ``format``: ingested footage as it is, else an H.264 MP4.
    file_type: str = "video/mp4"
    codec: str = "H.264"
    bit_depth: int = 8

    @property
    def fps(self) -> float:
        return float(self.frame_rate)

    @property
    def seconds(self) -> float:
        return self.frames / self.fps

    @property
    def formats(self) -> tuple[str, ...]:
        """Every format offered: the mastered one and those below it."""
        return VIDEO_FORMATS[: VIDEO_FORMATS.index(self.format) + 1]


_DEFAULT_USE = AllowedUse("Commercial use allowed.", "No release required.")


@dataclass(slots=True)
class Asset:
    """One image or video in the catalog, with every field Getty's schemas expose.

    Treated as immutable (replace, never mutate); not ``frozen`` only because a
    frozen dataclass of this width costs 3x as much to build, and a search page
    builds dozens per request.
    """

    id: str
    asset_type: str
    asset_family: str
    title: str
    caption: str
    collection_id: int
    license_model: str
    width: int
    height: int
    date_created: datetime
    date_submitted: datetime
    artist: str = ""
    artist_title: str = ""
    credit_line: str = ""
    copyright: str = ""
    graphical_style: str = "photography"
    orientation: str = "horizontal"
    color_type: str = "color"
    file_types: tuple[str, ...] = ("jpg",)
    date_camera_shot: datetime | None = None
    quality_rank: int = 2
    popularity: int = 0
    number_of_people: str = "none"
    ages: tuple[str, ...] = ()
    ethnicities: tuple[str, ...] = ()
    compositions: tuple[str, ...] = ()
    keywords: tuple[KeywordTag, ...] = ()
    people_ids: tuple[int, ...] = ()
    location_id: int | None = None
    event_ids: tuple[int, ...] = ()
    editorial_segments: tuple[str, ...] = ()
    editorial_source_id: int | None = None
    product_types: tuple[str, ...] = ()
    allowed_use: AllowedUse = _DEFAULT_USE
    call_for_image: bool = False
    dominant_color: str = "808080"
    nudity: bool = False
    editorial_use_only: bool = False
    embeddable: bool = True
    alternative_ids: dict[str, str] = field(default_factory=dict)
    object_name: str = ""
    istock_collection: str | None = None
    referral_destinations: tuple[ReferralDestination, ...] = ()
    blurhash: str | None = None
    video: VideoDetails | None = None  # videos only
    # When the operator withdrew it: out of search and licensing, still in what
    # customers keep (boards, download history, purchases). None: on offer.
    withdrawn_at: datetime | None = None

    @property
    def megapixels(self) -> float:
        return self.width * self.height / 1_000_000

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


_ASSET_VALUES = attrgetter(*Asset.__dataclass_fields__)


def changed(asset: Asset, changes: Mapping[str, Any]) -> Asset:
    """A copy of ``asset`` with ``changes`` (field names) applied: what
    ``dataclasses.replace`` makes, a fifth of its cost (the fields are copied in
    order, not by name; ingest copies an asset a row)."""
    copy = Asset(*_ASSET_VALUES(asset))
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy
