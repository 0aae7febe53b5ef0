"""Fixture documents: assets with caller-chosen ids (and clients, customers), in JSON or YAML.

An integration's tests name real Getty ids (``200261415-001``, ``177996097``);
a fixture file gives those ids whatever metadata the tests rely on. Every
field but ``id`` has a default; a mistake is reported with the path of the
field (``assets[2].width``), never as a server error.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from photobank import errors
from photobank.catalog import model as m
from photobank.catalog.ids import is_asset_id


def _one_of(allowed: tuple[str, ...]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value

    return AfterValidator(check)


def _asset_id(value: Any) -> Any:
    """Ids may be written as numbers (``177996097``); they are text."""
    value = str(value) if isinstance(value, int) else value
    if isinstance(value, str) and not is_asset_id(value):
        raise ValueError("must be digits, optionally with a numeric suffix: 200261415-001")
    return value


def _moment(value: Any) -> Any:
    """YAML reads ``2014-05-01`` as a date; an asset's dates are UTC datetimes."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


Moment = Annotated[datetime | None, BeforeValidator(_moment)]


FileTypes = list[Annotated[str, _one_of(m.FILE_TYPES)]]
Ages = list[Annotated[str, _one_of(m.AGES)]]
Ethnicities = list[Annotated[str, _one_of(m.ETHNICITIES)]]
Compositions = list[Annotated[str, _one_of(m.COMPOSITIONS)]]
Segments = list[Annotated[str, _one_of(m.EDITORIAL_SEGMENTS)]]
ProductTypes = list[Annotated[str, _one_of(m.PRODUCT_TYPES)]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FixtureKeyword(_Strict):
    text: str = Field(min_length=1, max_length=200)
    type: Annotated[str, _one_of(m.KEYWORD_TYPES)] = "Concept"
    relevance: int = Field(50, ge=1, le=100)


class FixtureUse(_Strict):
    how_can_i_use_it: str
    release_info: str
    usage_restrictions: list[str] = Field(default_factory=list)


class FixtureReferral(_Strict):
    site_name: str
    uri: str


class FixtureVideo(_Strict):
    """A video's details; every field has a default."""

    seconds: float = Field(5.0, gt=0, le=3600)
    frame_rate: Annotated[str, _one_of(m.FRAME_RATES)] = "29.97"
    aspect_ratio: Annotated[str, _one_of(m.ASPECT_RATIOS)] = "16:9"
    format: Annotated[str, _one_of(m.VIDEO_FORMATS)] = "hd"
    era: str = Field("", max_length=20)
    shot_speed: str = Field("Real Time", max_length=40)
    mastered_to: str = Field("", max_length=100)
    originally_shot_on: str = Field("", max_length=100)
    source: str = Field("", max_length=100)
    release_status: Annotated[str, _one_of(m.RELEASE_STATUSES)] = "not_released"
    techniques: list[Annotated[str, _one_of(m.IMAGE_TECHNIQUES)]] = Field(default_factory=list)
    viewpoints: list[Annotated[str, _one_of(m.VIEWPOINTS)]] = Field(default_factory=list)
    editorial_type: Annotated[str, _one_of(m.EDITORIAL_VIDEO_TYPES)] | None = None

    def details(self) -> m.VideoDetails:
        return m.VideoDetails(
            frames=max(1, round(self.seconds * float(self.frame_rate))),
            frame_rate=self.frame_rate,
            aspect_ratio=self.aspect_ratio,
            format=self.format,
            era=self.era,
            shot_speed=self.shot_speed,
            mastered_to=self.mastered_to,
            originally_shot_on=self.originally_shot_on,
            source=self.source,
            release_status=self.release_status,
            techniques=tuple(self.techniques),
            viewpoints=tuple(self.viewpoints),
            editorial_type=self.editorial_type,
        )


class FixtureAsset(_Strict):
    id: Annotated[str, BeforeValidator(_asset_id)]
    asset_type: Annotated[str, _one_of(m.ASSET_TYPES)] = "image"
    asset_family: Annotated[str, _one_of(m.ASSET_FAMILIES)] = "creative"
    title: str | None = None
    caption: str = ""
    collection: str | int | None = None  # a collection code or id
    license_model: Annotated[str, _one_of(m.LICENSE_MODELS)] | None = None
    width: int | None = Field(None, ge=1, le=100_000)
    height: int | None = Field(None, ge=1, le=100_000)
    date_created: Moment = None
    date_submitted: Moment = None
    date_camera_shot: Moment = None
    artist: str = Field("", max_length=200)
    artist_title: str = Field("", max_length=100)
    credit_line: str | None = Field(None, max_length=300)
    copyright: str | None = Field(None, max_length=300)
    graphical_style: Annotated[str, _one_of(m.GRAPHICAL_STYLES)] = "photography"
    color_type: Annotated[str, _one_of(m.COLOR_TYPES)] = "color"
    file_types: FileTypes = Field(default_factory=lambda: ["jpg"])
    quality_rank: int = Field(2, ge=1, le=3)
    popularity: int = Field(0, ge=0)
    number_of_people: Annotated[str, _one_of(m.NUMBER_OF_PEOPLE)] = "none"
    ages: Ages = Field(default_factory=list)
    ethnicities: Ethnicities = Field(default_factory=list)
    compositions: Compositions = Field(default_factory=list)
    keywords: list[str | FixtureKeyword] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)  # names; new ones are added
    location_id: int | None = None
    event_ids: list[int] = Field(default_factory=list)
    editorial_segments: Segments = Field(default_factory=list)
    product_types: ProductTypes | None = None
    allowed_use: FixtureUse | None = None
    call_for_image: bool = False
    dominant_color: str | None = Field(None, pattern=r"^[0-9A-Fa-f]{6}$")
    nudity: bool = False
    editorial_use_only: bool = False
    embeddable: bool = True
    alternative_ids: dict[str, str] = Field(default_factory=dict)
    object_name: str = Field("", max_length=200)
    istock_collection: str | None = None
    referral_destinations: list[FixtureReferral] = Field(default_factory=list)
    file: str | None = None  # an image file to use as the original instead of drawn pixels
    video: FixtureVideo | None = None  # asset_type "video" only (default details if absent)

    @model_validator(mode="after")
    def _video_details_need_a_video(self) -> FixtureAsset:
        if self.video is not None and self.asset_type != "video":
            raise ValueError("video details need asset_type 'video'")
        return self


class FixtureClient(_Strict):
    name: str = "fixture client"
    api_key: str = Field(min_length=1, max_length=64)
    api_secret: str = Field(min_length=1)
    qps_limit: int = Field(0, ge=0)
    daily_limit: int = Field(0, ge=0)


class FixtureCustomer(_Strict):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1)
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    middle_name: str = ""


class FixtureCollection(_Strict):
    """A collection assets name by ``id`` or ``code``; new ones keep this id when free."""

    id: int = Field(ge=1)
    code: str = Field(min_length=1, max_length=16)
    name: str = Field("", max_length=200)


class FixtureEvent(_Strict):
    """An event assets name in ``event_ids``; a new one keeps this id when free."""

    id: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=500)
    start_date: Annotated[datetime, BeforeValidator(_moment)]


class FixtureDocument(_Strict):
    assets: list[FixtureAsset] = Field(default_factory=list)
    clients: list[FixtureClient] = Field(default_factory=list)
    customers: list[FixtureCustomer] = Field(default_factory=list)
    collections: list[FixtureCollection] = Field(default_factory=list)
    events: list[FixtureEvent] = Field(default_factory=list)
    # What ``photobank record`` keeps beside the assets it learned; replayed by it, not here.
    recording: dict[str, Any] | None = None
    exchanges: list[dict[str, Any]] = Field(default_factory=list)


def parse_fixture(text: str | bytes, fmt: str) -> FixtureDocument:
    """A fixture document from JSON or YAML text (``fmt``: ``json`` or ``yaml``).

    A bare list is a list of assets. Errors are :class:`errors.InvalidParameter`
    naming the offending field.
    """
    try:
        data = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise errors.InvalidParameter("fixture", f"Not valid JSON: {exc}") from None
    except yaml.YAMLError as exc:
        raise errors.InvalidParameter("fixture", f"Not valid YAML: {exc}") from None
    return validate_fixture(data)


def validate_fixture(data: Any) -> FixtureDocument:
    if isinstance(data, list):
        data = {"assets": data}
    if not isinstance(data, dict):
        raise errors.InvalidParameter(
            "fixture", "A fixture is a list of assets or a mapping with assets, clients, customers."
        )
    try:
        document = FixtureDocument.model_validate(data)
    except ValidationError as exc:
        # The deepest location is the most specific (a union reports each member).
        first = max(exc.errors(), key=lambda error: len(error["loc"]))
        where = _location(first["loc"])
        raise errors.InvalidParameter(where, f"{where}: {first['msg']}") from None
    ids = [asset.id for asset in document.assets]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise errors.InvalidParameter("assets", f"assets: id {duplicates[0]} appears twice")
    return document


def _location(loc: tuple[int | str, ...]) -> str:
    """Pydantic's error location as ``assets[2].keywords[0].text``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ("str", "FixtureKeyword") or "[" in part:
            continue  # union member names say nothing to a fixture author
        else:
            text += f".{part}" if text else part
    return text or "fixture"
