"""What a source hands the pipeline: an asset record, what it names, its original."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from photobank.catalog.model import Asset
from photobank.ingest.pixels import Pixels


@dataclass(frozen=True, slots=True)
class CollectionMention:
    """A collection by id or code (created on first mention), or None: the family's first.

    A code's new collection takes ``name`` and, when free, ``id`` (ids another
    catalog gave it, as a recording keeps them)."""

    wanted: str | int | None = None
    name: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class KeywordMention:
    text: str
    type: str = "Concept"
    relevance: int = 50


@dataclass(frozen=True, slots=True)
class Place:
    """Where a picture was taken, as embedded metadata names it."""

    country: str
    city: str | None = None
    state_province: str | None = None
    sublocation: str | None = None


@dataclass(frozen=True, slots=True)
class EventMention:
    """An editorial event by name (created on first mention), held on ``date``;
    ``id``: the event's id in another catalog, kept when free."""

    name: str
    date: datetime
    id: int | None = None


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The file an asset was read from, and what of it Getty's documents cannot show."""

    path: str
    content_hash: str  # sha256, hex
    size: int
    source: str = ""
    camera_make: str = ""
    camera_model: str = ""
    latitude: float | None = None
    longitude: float | None = None
    manifest_digest: str = ""  # of the manifest row applied, if any


@dataclass(frozen=True, slots=True)
class Draft:
    """An asset as a source knows it.

    ``asset.id`` empty: the pipeline allocates one. ``collection`` None keeps
    ``asset.collection_id``; keywords, people and place add to what the asset
    names. ``original`` None: the original is drawn from the metadata on first
    use; a path: a file too large to hold (a video), copied as it is, whose
    ``pixels`` the source measured. ``pixels`` are measured from ``original``
    unless a source did it already.
    ``restated``: only the record changes; the stored original and its measures stay.
    ``withdrawn``: True takes the asset off offer, False puts it back, None leaves it be.
    """

    asset: Asset
    collection: CollectionMention | None = None
    keywords: tuple[KeywordMention, ...] = ()
    people: tuple[str, ...] = ()
    place: Place | None = None
    event: EventMention | None = None
    original: bytes | Path | None = None
    pixels: Pixels | None = None
    source: SourceFile | None = None
    restated: bool = False
    withdrawn: bool | None = None
