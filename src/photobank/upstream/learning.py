"""What a recording learns from the upstream's answers: catalog entries in fixture form.

Each image, video, event and collection a v3 answer shows (``images``,
``videos``, ``events`` with their hero image, ``collections``), and each image
a legacy answer shows (the ``Images`` of any ``...Result``: searches, image
details), becomes a fixture entry with the upstream's ids, which the fixture loader writes through
the one asset writer. Values photobank does not know (an enum value added
upstream) are left out rather than refusing the asset. A picture's largest
display rendition (``high_res_comp``, ``comp``, ``preview`` or ``thumb``, never
a download URL: nothing licensed is fetched) is fetched once, kept beside the
recording and used as its original.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ValidationError

from photobank.api.legacy.envelope import LegacyError, parse_date
from photobank.catalog import model as m
from photobank.catalog.ids import is_asset_id
from photobank.emulator.fixtures import FixtureAsset, FixtureCollection, FixtureEvent

DISPLAY_PREFERENCE = ("high_res_comp", "comp", "preview", "thumb")

# Fields whose value is one of a known set, by the set: a value outside it is left out.
_CHOICES: Mapping[str, tuple[str, ...]] = {
    "asset_family": m.ASSET_FAMILIES,
    "license_model": m.LICENSE_MODELS,
    "graphical_style": m.GRAPHICAL_STYLES,
    "color_type": m.COLOR_TYPES,
}
_LISTS: Mapping[str, tuple[str, ...]] = {
    "editorial_segments": m.EDITORIAL_SEGMENTS,
    "product_types": m.PRODUCT_TYPES,
    "compositions": m.COMPOSITIONS,
    "ethnicities": m.ETHNICITIES,
    "ages": m.AGES,
}
_TEXTS = ("title", "caption", "artist", "artist_title", "credit_line", "copyright", "object_name")
_DATES = ("date_created", "date_submitted", "date_camera_shot")


class Learned:
    """Fixture entries found in one answer, and the display renditions to fetch."""

    def __init__(self) -> None:
        self.assets: dict[str, dict[str, Any]] = {}
        self.collections: dict[int, dict[str, Any]] = {}
        self.events: dict[int, dict[str, Any]] = {}
        self.renditions: dict[str, str] = {}  # asset id -> display URL

    def __bool__(self) -> bool:
        return bool(self.assets or self.collections or self.events)


def learn(body: Any) -> Learned:
    """The catalog entries a v3 answer's JSON ``body`` shows."""
    found = Learned()
    if not isinstance(body, dict):
        return found
    if "ResponseHeader" in body:  # the legacy API's envelope
        for result in body.values():
            if isinstance(result, dict):
                for item in _objects(result.get("Images")):
                    _asset(found, _from_legacy(item), "image")
        return found
    for item in _objects(body.get("collections")):
        _collection(found, item)
    for item in _objects(body.get("events")):
        _event(found, item)
    for kind in ("images", "videos"):
        for item in _objects(body.get(kind)):
            _asset(found, item, kind[:-1])
    return found


# Legacy image fields read as their v3 names, and the legacy display URLs by v3 size.
_LEGACY_TEXTS = {
    "Title": "title", "Caption": "caption", "Artist": "artist", "ArtistTitle": "artist_title",
    "CreditLine": "credit_line", "Copyright": "copyright",
}  # fmt: skip
_LEGACY_CHOICES = {
    "ImageFamily": "asset_family", "LicensingModel": "license_model",
    "GraphicStyle": "graphical_style",
}  # fmt: skip
_LEGACY_DISPLAY = {"UrlComp": "comp", "UrlPreview": "preview", "UrlThumb": "thumb"}


def _from_legacy(item: dict[str, Any]) -> dict[str, Any]:
    """A legacy image document as the v3 fields :func:`_asset` reads."""
    shown: dict[str, Any] = {"id": item.get("ImageId")}
    shown.update((v3, item[name]) for name, v3 in _LEGACY_TEXTS.items() if name in item)
    shown.update(
        (v3, str(item[name]).lower()) for name, v3 in _LEGACY_CHOICES.items() if name in item
    )
    with contextlib.suppress(ValueError, TypeError):
        width, height = int(item["MaxImageResolutionWidth"]), int(item["MaxImageResolutionHeight"])
        shown["max_dimensions"] = {"width": width, "height": height}
    with contextlib.suppress(KeyError, LegacyError):
        shown["date_created"] = parse_date(item["DateCreated"], "DateCreated").isoformat()
    shown["keywords"] = [
        {"text": k.get("Text"), "type": k.get("Type")} for k in _objects(item.get("Keywords"))
    ]
    shown["display_sizes"] = [
        {"name": size, "uri": item[name]}
        for name, size in _LEGACY_DISPLAY.items()
        if item.get(name)
    ]
    if isinstance(item.get("EventIds"), list):
        shown["event_ids"] = item["EventIds"]
    return shown


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def _collection(found: Learned, item: dict[str, Any]) -> None:
    entry = {"id": item.get("id"), "code": item.get("code"), "name": item.get("name") or ""}
    if isinstance(entry["id"], int) and _valid(FixtureCollection, entry):
        found.collections[entry["id"]] = entry


def _event(found: Learned, item: dict[str, Any]) -> None:
    event_id = item.get("id")
    entry = {"id": event_id, "name": item.get("name"), "start_date": item.get("start_date")}
    if not isinstance(event_id, int) or not _valid(FixtureEvent, entry):
        return
    found.events[event_id] = entry
    hero = item.get("hero_image")
    if isinstance(hero, dict) and is_asset_id(str(hero.get("id", ""))):
        segments = [s for s in item.get("editorial_segments") or [] if s in m.EDITORIAL_SEGMENTS]
        shown = {**hero, "asset_family": "editorial", "event_ids": [event_id]}
        _asset(found, shown | {"editorial_segments": segments}, "image")


def _asset(found: Learned, item: dict[str, Any], asset_type: str) -> None:
    asset_id = str(item.get("id", ""))
    if not is_asset_id(asset_id):
        return
    entry: dict[str, Any] = {"id": asset_id, "asset_type": asset_type}
    entry.update((k, v) for k in _TEXTS if isinstance(v := item.get(k), str))
    entry.update((k, v) for k in _DATES if isinstance(v := item.get(k), str) and v)
    for name, allowed in _CHOICES.items():
        value = item.get(name)
        if isinstance(value, str) and value.lower() in allowed:
            entry[name] = value.lower()
    for name, allowed in _LISTS.items():
        values = item.get(name)
        if isinstance(values, list):
            entry[name] = [v for v in values if v in allowed]
    _sizes(entry, item)
    _collection_of(found, entry, item)
    _keywords(entry, item)
    _extras(entry, item)
    if isinstance(events := item.get("event_ids"), list):
        entry["event_ids"] = [e for e in events if isinstance(e, int)]
    if _valid(FixtureAsset, entry):
        found.assets[asset_id] = entry
        url = display_url(item.get("display_sizes"))
        if url is not None and asset_type == "image":
            found.renditions[asset_id] = url


def display_url(sizes: Any) -> str | None:
    """The largest display rendition's URL (never a download's)."""
    named = {
        size.get("name"): size.get("uri")
        for size in sizes or []
        if isinstance(size, dict) and isinstance(size.get("uri"), str)
    }
    return next((named[name] for name in DISPLAY_PREFERENCE if named.get(name)), None)


def _sizes(entry: dict[str, Any], item: dict[str, Any]) -> None:
    largest = item.get("max_dimensions")
    if isinstance(largest, dict):
        width, height = largest.get("width"), largest.get("height")
        if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
            entry.update(width=width, height=height)


def _collection_of(found: Learned, entry: dict[str, Any], item: dict[str, Any]) -> None:
    code, ident = item.get("collection_code"), item.get("collection_id")
    if isinstance(code, str) and code:
        entry["collection"] = code
        if isinstance(ident, int):
            _collection(found, {"id": ident, "code": code, "name": item.get("collection_name")})
    elif isinstance(ident, int) and ident in found.collections:
        entry["collection"] = found.collections[ident]["code"]


def _keywords(entry: dict[str, Any], item: dict[str, Any]) -> None:
    keywords = []
    for keyword in _objects(item.get("keywords")):
        text = keyword.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        kind = keyword.get("type") if keyword.get("type") in m.KEYWORD_TYPES else "Concept"
        relevance = keyword.get("relevance")
        fitting = isinstance(relevance, int) and 1 <= relevance <= 100
        keywords.append(
            {"text": text[:200], "type": kind, "relevance": relevance if fitting else 50}
        )
    if keywords:
        entry["keywords"] = keywords
    people = item.get("people")
    if isinstance(people, list):
        entry["people"] = [p for p in people if isinstance(p, str) and p]


def _extras(entry: dict[str, Any], item: dict[str, Any]) -> None:
    use = item.get("allowed_use")
    if isinstance(use, dict) and isinstance(use.get("how_can_i_use_it"), str):
        restrictions = use.get("usage_restrictions") or []
        entry["allowed_use"] = {
            "how_can_i_use_it": use["how_can_i_use_it"],
            "release_info": str(use.get("release_info") or ""),
            "usage_restrictions": [str(r) for r in restrictions if isinstance(r, str)],
        }
    if isinstance(rank := item.get("quality_rank"), int) and 1 <= rank <= 3:
        entry["quality_rank"] = rank
    if isinstance(item.get("call_for_image"), bool):
        entry["call_for_image"] = item["call_for_image"]
    ids = item.get("alternative_ids")
    if isinstance(ids, dict):
        entry["alternative_ids"] = {str(k): str(v) for k, v in ids.items()}
    if isinstance(collection := item.get("istock_collection"), str) and collection:
        entry["istock_collection"] = collection
    referrals = [
        {"site_name": r["site_name"], "uri": r["uri"]}
        for r in _objects(item.get("referral_destinations"))
        if isinstance(r.get("site_name"), str) and isinstance(r.get("uri"), str)
    ]
    if referrals:
        entry["referral_destinations"] = referrals


def _valid(model: type[FixtureAsset | FixtureCollection | FixtureEvent], entry: Any) -> bool:
    try:
        model.model_validate(entry)
    except ValidationError:
        return False
    return True
