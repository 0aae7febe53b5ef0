"""A file's draft: what its pixels and embedded metadata say the asset is.

The mapping from IPTC, XMP and EXIF (read by :mod:`.metadata`) to the v3 fields
is the table of docs/own-photos.md; a manifest row may then override any of it
(:mod:`.overrides`).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from photobank.catalog.model import AllowedUse, Asset
from photobank.demo.sizes import orientation_of
from photobank.demo.vocab import CREATIVE_USE, EDITORIAL_USE
from photobank.ingest.drafts import (
    CollectionMention,
    Draft,
    EventMention,
    KeywordMention,
    Place,
    SourceFile,
)
from photobank.ingest.files import Read, VideoFile
from photobank.ingest.metadata import Embedded
from photobank.ingest.options import IngestOptions

_HEADS = ("none", "one", "two")


def draft_of_file(
    image: Read, asset_id: str, name: str, options: IngestOptions, now: datetime
) -> Draft:
    """What the file says about itself, as a draft of the asset ``asset_id`` (or a new
    one) known by ``name``, ingested ``now`` with ``options``."""
    meta, pixels = image.embedded, image.pixels
    modified = datetime.fromtimestamp(int(image.modified), UTC)
    editorial = options.family == "editorial"
    asset = Asset(
        id=asset_id,
        asset_type="image",
        asset_family=options.family,
        title=meta.headline or meta.object_name or Path(name).stem,
        caption=meta.caption,
        collection_id=0,
        license_model=options.license_model,
        width=pixels.width,
        height=pixels.height,
        date_created=meta.date_created or modified,
        date_submitted=now,
        date_camera_shot=meta.date_created,
        artist=meta.creator,
        artist_title=meta.creator_title,
        credit_line=meta.credit_line,
        copyright=meta.copyright,
        orientation=orientation_of(pixels.width, pixels.height),
        number_of_people=_HEADS[len(meta.people)] if len(meta.people) < 3 else "group",
        product_types=options.product_types,
        allowed_use=_allowed_use(meta, editorial),
        editorial_use_only=editorial,
        object_name=meta.object_name,
    )
    shows_event = editorial and bool(meta.event)  # creative pictures show no news event
    place = None
    if meta.country or meta.city or meta.state_province or meta.sublocation:
        place = Place(
            meta.country,
            meta.city or None,
            meta.state_province or None,
            meta.sublocation or None,
        )
    source = SourceFile(
        name,
        image.content_hash,
        image.size,
        meta.source,
        meta.camera_make,
        meta.camera_model,
        meta.latitude,
        meta.longitude,
    )
    draft = Draft(
        asset,
        collection=CollectionMention(options.collection),
        keywords=tuple(KeywordMention(k) for k in meta.keywords),
        people=meta.people,
        place=place,
        event=EventMention(meta.event, asset.date_created) if shows_event else None,
        original=image.original,
        pixels=pixels,
        source=source,
    )
    return _video_draft(draft, image) if isinstance(image, VideoFile) else draft


def _video_draft(draft: Draft, video: VideoFile) -> Draft:
    """A file's draft as a video's: its probed details, with the decade it was shot in,
    its source and its release status."""
    meta, asset = video.embedded, draft.asset
    details = dataclasses.replace(
        video.video,
        era=f"{asset.date_created.year // 10 * 10}s",
        source=meta.source,
        release_status=(
            "fully_released" if meta.model_released and meta.property_released else "not_released"
        ),
    )
    asset = dataclasses.replace(asset, asset_type="video", file_types=(), video=details)
    return dataclasses.replace(draft, asset=asset)


def _allowed_use(meta: Embedded, editorial: bool) -> AllowedUse:
    """Getty's release wording from the PLUS release statuses; instructions restrict use."""
    released = (meta.model_released, meta.property_released)
    if released == (True, True):
        info = "Model and property released"
    elif True in released:
        info = "Model released" if meta.model_released else "Property released"
    elif False in released:
        info = "Not released. More information"
    else:
        info = "No release required"
    restrictions = (meta.instructions,) if meta.instructions else ()
    return AllowedUse(EDITORIAL_USE if editorial else CREATIVE_USE, info, restrictions)
