"""Turning a catalog :class:`Asset` into the tantivy document that indexes it."""

from __future__ import annotations

import hashlib
import math
import struct
from datetime import UTC, datetime
from functools import lru_cache

import tantivy

from photobank.catalog.model import Asset, VideoDetails
from photobank.catalog.repository import Reference
from photobank.search import _schema as f
from photobank.search.colour import colour_cell

_U32 = (1 << 32) - 1
_FIVE_U64 = struct.Struct(">5Q").unpack
_DATE_SPAN = 1 << 37  # seconds either side of 1970 a date key can hold (~4,300 years)


def id_hashes(asset_id: str) -> tuple[int, ...]:
    """Five independent 64-bit hashes of ``asset_id``: a tie-breaker and the random keys.

    Derived from the id alone so every rebuild, on any machine, orders ties
    and "random" results identically.
    """
    digest = hashlib.blake2b(asset_id.encode(), digest_size=40, person=b"photobank-rank").digest()
    return _FIVE_U64(digest)


@lru_cache(maxsize=4096)  # names of up to 200 characters: at most ~3 MB
def artist_key(name: str) -> int:
    """A 52-bit hash of an artist name: exact even where aggregations pass through floats."""
    digest = hashlib.blake2b(name.encode(), digest_size=8, person=b"photobank-artist").digest()
    return int.from_bytes(digest, "big") >> 12


def rank_weight(popularity: int, quality_rank: int) -> float:
    """A mild relevance boost in [0, 0.55]; tantivy multiplies scores by log2(2 + w).

    Popularity counts on a log scale (a million downloads ~ 0.4) and the best
    quality rank adds 0.15, so the multiplier stays within 1.0-1.32 and the
    text match still decides.
    """
    popular = min(1.0, math.log10(1 + max(popularity, 0)) / 6)
    quality = min(1.0, max(0.0, (3 - quality_rank) / 2))
    return 0.4 * popular + 0.15 * quality


# A catalog's dominant colours repeat; six hex digits each: at most ~1 MB kept.
_colour_cell = lru_cache(maxsize=4096)(colour_cell)


def _seconds(when: datetime) -> int:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp())


def asset_document(asset: Asset, ref: Reference) -> tantivy.Document:
    doc = tantivy.Document()
    add_text = doc.add_text
    add_unsigned = doc.add_unsigned
    add_text(f.ID, asset.id)

    keywords = [keyword.text for keyword, _relevance in ref.keywords_of(asset)]
    people = [p.name for pid in asset.people_ids if (p := ref.people.get(pid))]
    events = [e.name for eid in asset.event_ids if (e := ref.events.get(eid))]
    location = ref.locations.get(asset.location_id) if asset.location_id is not None else None
    places: list[str | None] = []
    if location is not None:
        places = [location.name, location.city, location.state_province, location.country]
    extra = [*people, *(p for p in places if p), *events]
    if asset.artist:
        extra.append(asset.artist)

    add_text(f.TITLE, asset.title)
    add_text(f.CAPTION, asset.caption)
    for text in keywords:
        add_text(f.KEYWORDS, text)
    for text in extra:
        add_text(f.EXTRA, text)
    for text in (asset.title, asset.caption, *keywords, *extra):
        add_text(f.WORDS, text)

    add_text(f.ASSET_TYPE, asset.asset_type)
    add_text(f.ASSET_FAMILY, asset.asset_family)
    add_text(f.LICENSE_MODEL, asset.license_model)
    add_text(f.ORIENTATION, asset.orientation)
    add_text(f.GRAPHICAL_STYLE, asset.graphical_style)
    add_text(f.NUMBER_OF_PEOPLE, asset.number_of_people)
    for name, values in asset_values(asset):
        for value in values:
            add_text(name, value)
    collection = ref.collections.get(asset.collection_id)
    if collection is not None:
        add_text(f.COLLECTION, collection.code.lower())
    if asset.artist:
        add_text(f.ARTIST, asset.artist.lower())
        add_text(f.ARTIST_NAME, asset.artist)
        add_unsigned(f.ARTIST_KEY, artist_key(asset.artist))
    for person in people:
        add_text(f.PERSON, person.lower())

    for event_id in asset.event_ids:
        add_unsigned(f.EVENT_IDS, event_id)
    for tag in asset.keywords:
        add_unsigned(f.KEYWORD_IDS, tag.keyword_id)
    for person_id in asset.people_ids:
        add_unsigned(f.PEOPLE_IDS, person_id)
    if asset.location_id is not None:
        add_unsigned(f.LOCATION_ID, asset.location_id)
    add_unsigned(f.QUALITY_RANK, max(asset.quality_rank, 0))
    add_unsigned(f.LONG_SIDE, max(asset.width, asset.height, 0))
    cell = _colour_cell(asset.dominant_color)
    if cell is not None:
        add_unsigned(f.COLOR_CELL, cell)
    if asset.video is not None:
        _add_video(doc, asset.video)
    doc.add_boolean(f.NUDITY, asset.nudity)
    doc.add_boolean(f.EDITORIAL_USE_ONLY, asset.editorial_use_only)
    doc.add_boolean(f.EMBEDDABLE, asset.embeddable)
    doc.add_date(f.DATE_CREATED, asset.date_created)

    tie, *randoms = id_hashes(asset.id)
    weight = rank_weight(asset.popularity, asset.quality_rank)
    # The id hash, scaled far below any real weight difference, separates equal scores.
    doc.add_float(f.RANK_WEIGHT, weight + tie / 2**64 * 1e-4)
    add_unsigned(f.BEST_KEY, (round(weight * 1_000_000) << 40) | (tie >> 24))
    add_unsigned(f.POPULAR_KEY, (min(max(asset.popularity, 0), _U32) << 32) | (tie >> 32))
    seconds = min(max(_seconds(asset.date_created), -_DATE_SPAN), _DATE_SPAN - 1)
    add_unsigned(f.DATE_KEY, ((seconds + _DATE_SPAN) << 24) | (tie >> 40))
    for key, shuffle in zip(f.RANDOM_KEYS, randoms, strict=True):
        add_unsigned(key, shuffle)
    return doc


def asset_values(asset: Asset) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """An asset's multi-valued filter values by field, as both search backends index them."""
    return (
        (f.AGES, asset.ages),
        (f.ETHNICITIES, asset.ethnicities),
        (f.COMPOSITIONS, asset.compositions),
        (f.FILE_TYPES, asset.file_types),
        (f.EDITORIAL_SEGMENTS, asset.editorial_segments),
        (f.PRODUCT_TYPES, asset.product_types),
    )


def video_values(video: VideoDetails) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A video's filter values by field, as both search backends index them."""
    return (
        (f.VIDEO_FORMATS, video.formats),
        (f.FRAME_RATE, (video.frame_rate,)),
        (f.ASPECT_RATIO, (video.aspect_ratio,)),
        (f.TECHNIQUES, video.techniques),
        (f.VIEWPOINTS, video.viewpoints),
        (f.RELEASE_STATUS, (video.release_status,)),
        (f.EDITORIAL_VIDEO_TYPE, (video.editorial_type,) if video.editorial_type else ()),
    )


def _add_video(doc: tantivy.Document, video: VideoDetails) -> None:
    for name, values in video_values(video):
        for value in values:
            doc.add_text(name, value)
    doc.add_unsigned(f.CLIP_MS, round(video.seconds * 1000))
