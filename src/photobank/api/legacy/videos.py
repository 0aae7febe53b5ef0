"""SearchForVideos: the legacy search over the catalog's videos.

Body ``SearchForVideosRequestBody`` (``Filter``: ``AssetFamilies``,
``ClipType`` for editorial footage, ``Collections``, ``ExcludeNudity``,
``Formats``; ``Query``: ``AssetIds`` (which override everything else),
``KeywordIds``, ``SearchPhrase``; ``ResultOptions``), answered with
``SearchForVideosResult``. No match is ``Status: "warning"`` with ``NoVideos``.
A video's document is kept serialised between calls as an image's is
(:class:`~photobank.api.legacy.images.Projector`): nothing in it depends on the
caller but the base URL and the watermark decisions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import orjson

from photobank.api.legacy.context import Call
from photobank.api.legacy.envelope import (
    LegacyError,
    Outcome,
    boolean,
    enum,
    enums,
    format_date,
    integer,
    numeric_ids,
    obj,
    strings,
    text,
)
from photobank.api.legacy.images import FAMILIES, Projector
from photobank.api.legacy.search import collection_filter, item_window
from photobank.catalog.model import Asset
from photobank.catalog.video import clip_length
from photobank.media.urls import download_sizes
from photobank.media.viewers import display_url
from photobank.paging import PageWindow
from photobank.search.query import SearchQuery

ITEM_COUNTS = (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 25, 30, 50, 60, 75, 90)
MAX_ASSET_IDS = 500
_CLIP_TYPES = {"Produced": "produced", "Raw": "raw"}
_FORMATS = {"HD": "hd", "SD": "sd"}
_SORTS = {"BestMatch": "best_match", "MostRecent": "newest", "MostPopular": "most_popular",
          "Trending": "most_popular"}  # fmt: skip
_WIRE = {"creative": "Creative", "editorial": "Editorial", "royaltyfree": "RoyaltyFree",
         "rightsmanaged": "RightsReady"}  # fmt: skip


def _query(call: Call, body: dict[str, Any], window: PageWindow) -> SearchQuery:
    query, filters, options = obj(body, "Query"), obj(body, "Filter"), obj(body, "ResultOptions")
    sort = text(options, "SortOrder")
    return SearchQuery(
        asset_type="video",
        phrase=(text(query, "SearchPhrase") or "").strip(),
        asset_families=enums(filters, "AssetFamilies", FAMILIES),
        editorial_video_types=enums(filters, "ClipType", _CLIP_TYPES),
        video_formats=enums(filters, "Formats", _FORMATS),
        collection_codes=collection_filter(call, filters),
        exclude_nudity=boolean(filters, "ExcludeNudity"),
        keyword_ids=numeric_ids(query, "KeywordIds"),
        sort_order=enum(sort, "ResultOptions.SortOrder", _SORTS) if sort else "best_match",
        offset=window.offset,
        limit=window.limit,
    )


def _videos(call: Call, ids: list[str]) -> list[orjson.Fragment]:
    """The documents of those of ``ids`` that are videos on offer, in order."""
    return Projector(call).documents(("video",), ids, partial(_video, call), "video")


def _by_ids(call: Call, ids: list[str]) -> list[orjson.Fragment]:
    """Every named video's document, not only the page's: the total counts those on
    offer, which a kept document vouches for without reading its asset."""
    if len(ids) > MAX_ASSET_IDS:
        raise LegacyError(
            "AssetIdListExceedsMaxAllowed", f"'Query.AssetIds' holds at most {MAX_ASSET_IDS} ids."
        )
    return _videos(call, ids)


def _video(call: Call, asset: Asset) -> dict[str, Any]:
    video = asset.video
    assert video is not None
    reference = call.services.catalog.reference()
    collection = reference.collections.get(asset.collection_id)
    watermarks = call.watermarks
    urls, base = call.services.media_urls, call.base_url

    def still(size: str) -> str:
        return display_url(urls, base, asset.id, asset.asset_family, size, watermarks)

    return {
        "AspectRatios": [video.aspect_ratio],
        "AssetFamily": _WIRE[asset.asset_family],
        "AssetId": asset.id,
        "AuthorizationConstraints": ["CallForImage"] if asset.call_for_image else [],
        "Caption": asset.caption,
        "ClipLength": clip_length(video),
        "CollectionId": str(asset.collection_id),
        "CollectionName": collection.name if collection else "",
        "Color": "BlackAndWhite" if asset.color_type == "black_and_white" else "Color",
        "Copyright": asset.copyright,
        "DateCreated": format_date(asset.date_created),
        "DownloadSizes": [
            {
                "Description": f"{s.name.upper()} {s.width}x{s.height}",
                "Name": s.name,
                "DownloadAuthorizations": [],
            }
            for s in download_sizes(asset)
        ],
        "Era": video.era,
        "FilmMaker": asset.artist,
        "Keywords": [
            {"KeywordId": str(k.id), "KeywordWeight": relevance, "Text": k.text, "Type": k.type}
            for k, relevance in reference.keywords_of(asset)
        ],
        "LicenseType": _WIRE[asset.license_model],
        "MasteredTo": video.mastered_to,
        "OriginallyShotOn": video.originally_shot_on,
        "Release": asset.allowed_use.release_info,
        "Restrictions": list(asset.allowed_use.usage_restrictions),
        "ShotSpeed": video.shot_speed,
        "Source": video.source,
        "Urls": {
            "Comp": still("comp"),
            "FlashPreview": urls.clip(
                base, asset.id, watermarks.watermarked(asset.asset_family, "preview")
            ),
            "StoryBoard": [{"ImageUrl": still("thumb"), "SequenceNumber": 1}],
            "Thumb": still("thumb"),
        },
    }


def search_for_videos(call: Call, body: Any) -> Outcome:
    options = obj(body, "ResultOptions")
    window = item_window(options, integer(options, "ItemCount") or 25, ITEM_COUNTS)
    ids = strings(obj(body, "Query"), "AssetIds")
    if ids:
        matched = _by_ids(call, ids)
        total, videos = len(matched), window.of(matched)
    else:
        page = call.services.search.find(_query(call, body, window))
        total, videos = page.total, _videos(call, page.ids)
    result = {
        "Videos": videos,
        "ItemCount": len(videos),
        "ItemStartNumber": window.first,
        "ItemTotalCount": total,
    }
    warnings = [] if total else [("NoVideos", "No videos match the search.")]
    return Outcome(result, warnings)


def operations(op: Callable[..., Any]) -> dict[str, Any]:
    return {"/v1/search/SearchForVideos": op("SearchForVideos", search_for_videos, reads=True)}
