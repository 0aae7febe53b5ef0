"""Loading fixture documents into the catalog and accounts.

Missing metadata gets defaults a search or a projection can use (a
collection of the right family, the size of a typical photo, a colour drawn
from the id); the ingest pipeline (photobank.ingest) writes the assets and
adds the keywords and people they name to the reference data. Originals are
drawn on first use from the metadata, like the demo's, unless the fixture
names a file, which then becomes the asset's original.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError
from sqlalchemy import delete, insert, select

from photobank import errors
from photobank.catalog.model import AllowedUse, Asset, ReferralDestination
from photobank.composition import Services
from photobank.demo.sizes import orientation_of
from photobank.emulator.fixtures import (
    FixtureAsset,
    FixtureCollection,
    FixtureDocument,
    FixtureEvent,
    FixtureKeyword,
    FixtureVideo,
)
from photobank.ingest.drafts import CollectionMention, Draft, EventMention, KeywordMention
from photobank.ingest.writer import AssetWriter
from photobank.media.originals import OriginalStore
from photobank.media.storage import MediaStorage, check_key
from photobank.store import tables as t

_DEFAULT_SIZE = (4000, 3000)


@dataclass
class LoadResult:
    assets: list[str] = field(default_factory=list)
    clients: list[str] = field(default_factory=list)
    customers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"assets": self.assets, "clients": self.clients, "customers": self.customers}


class FixtureLoader:
    def __init__(self, services: Services) -> None:
        self._services = services
        self._storage: MediaStorage = services.media_storage
        self._originals = OriginalStore(self._storage, services.catalog.reference)
        self._writer = AssetWriter(
            services.catalog, self._storage, services.settings.new_collection_products
        )

    def load(self, document: FixtureDocument, base_dir: Path | None = None) -> LoadResult:
        """Write the document's clients, customers and assets; ``base_dir`` anchors file paths."""
        result = LoadResult()
        accounts = self._services.accounts
        for client in document.clients:
            if accounts.get_client_by_key(client.api_key) is None:
                accounts.create_client(
                    client.name,
                    api_key=client.api_key,
                    secret=client.api_secret,
                    qps_limit=client.qps_limit,
                    daily_limit=client.daily_limit,
                )
            else:
                accounts.set_client_limits(client.api_key, client.qps_limit, client.daily_limit)
            result.clients.append(client.api_key)
        for customer in document.customers:
            try:
                accounts.create_customer(
                    customer.username,
                    customer.password,
                    customer.first_name,
                    customer.last_name,
                    customer.email,
                    middle_name=customer.middle_name,
                )
            except errors.Conflict:
                accounts.set_password(customer.username, customer.password)
            result.customers.append(customer.username)
        if document.assets:
            files = {
                index: _read_image(item.file, base_dir, f"assets[{index}].file")
                for index, item in enumerate(document.assets)
                if item.file is not None
            }
            named = _Named(document.collections, document.events)
            drafts = [
                self._draft(item, files.get(index), f"assets[{index}]", named)
                for index, item in enumerate(document.assets)
            ]
            assets = self._writer.save(drafts)
            self._keep_files(assets, files)
            result.assets = [asset.id for asset in assets]
        return result

    def _draft(self, item: FixtureAsset, file: bytes | None, where: str, named: _Named) -> Draft:
        """The fixture as a draft: defaults filled, names left for the pipeline to resolve."""
        ref = self._services.catalog.reference()
        if item.location_id is not None and item.location_id not in ref.locations:
            raise errors.InvalidParameter(
                f"{where}.location_id", f"{where}.location_id: no location {item.location_id}"
            )
        known_events = tuple(e for e in item.event_ids if e in ref.events)
        new_events = [named.events[e] for e in item.event_ids if e in named.events]
        unknown = [e for e in item.event_ids if e not in ref.events and e not in named.events]
        if unknown:
            raise errors.InvalidParameter(
                f"{where}.event_ids", f"{where}.event_ids: no event {unknown[0]}"
            )
        if file is not None and (item.width is None or item.height is None):
            with Image.open(io.BytesIO(file)) as image:
                size = image.size
        else:
            size = (item.width or _DEFAULT_SIZE[0], item.height or _DEFAULT_SIZE[1])
        created = item.date_created or self._services.clock.now().replace(microsecond=0)
        use = item.allowed_use
        asset = Asset(
            id=item.id,
            asset_type=item.asset_type,
            asset_family=item.asset_family,
            title=item.title if item.title is not None else f"Fixture image {item.id}",
            caption=item.caption,
            collection_id=0,
            license_model=item.license_model or "",
            width=size[0],
            height=size[1],
            date_created=created,
            date_submitted=item.date_submitted or created,
            date_camera_shot=item.date_camera_shot,
            artist=item.artist,
            artist_title=item.artist_title,
            credit_line=item.credit_line or "",
            copyright=item.copyright or "",
            graphical_style=item.graphical_style,
            orientation=orientation_of(*size),
            color_type=item.color_type,
            file_types=tuple(item.file_types),
            quality_rank=item.quality_rank,
            popularity=item.popularity,
            number_of_people=item.number_of_people,
            ages=tuple(item.ages),
            ethnicities=tuple(item.ethnicities),
            compositions=tuple(item.compositions),
            location_id=item.location_id,
            event_ids=known_events,
            editorial_segments=tuple(item.editorial_segments),
            product_types=tuple(item.product_types or ()),
            call_for_image=item.call_for_image,
            dominant_color=(item.dominant_color or _colour_for(item.id)).lower(),
            nudity=item.nudity,
            editorial_use_only=item.editorial_use_only,
            embeddable=item.embeddable,
            alternative_ids=dict(item.alternative_ids),
            object_name=item.object_name,
            istock_collection=item.istock_collection,
            referral_destinations=tuple(
                ReferralDestination(r.site_name, r.uri) for r in item.referral_destinations
            ),
        )
        if item.asset_type == "video":
            details = (item.video or FixtureVideo()).details()
            asset = dataclasses.replace(asset, video=details, file_types=())
        if use is not None:
            allowed = AllowedUse(
                use.how_can_i_use_it, use.release_info, tuple(use.usage_restrictions)
            )
            asset = dataclasses.replace(asset, allowed_use=allowed)
        event = new_events[0] if new_events and not known_events else None
        return Draft(
            asset,
            collection=named.collection(item.collection),
            keywords=tuple(map(_keyword, item.keywords)),
            people=tuple(item.people),
            event=EventMention(event.name, event.start_date, event.id) if event else None,
            original=file,
        )

    # -- originals ------------------------------------------------------

    def _keep_files(self, assets: list[Asset], files: dict[int, bytes]) -> None:
        """Keep a copy of each fixture file, which a reset puts back as the original."""
        engine = self._services.engine
        ids = [asset.id for asset in assets]
        with engine.begin() as conn:
            conn.execute(delete(t.fixture_files).where(t.fixture_files.c.asset_id.in_(ids)))
            for index, data in files.items():
                media_key = check_key(f"fixtures/{hashlib.sha256(data).hexdigest()}.jpg")
                self._storage.put_bytes(media_key, data)
                row = {"asset_id": assets[index].id, "media_key": media_key}
                conn.execute(insert(t.fixture_files).values(row))

    def restore_originals(self, asset_ids: list[str]) -> None:
        """After a reset changed ``asset_ids``: fixture originals back, drawn ones forgotten
        (drawn again on first use)."""
        files = self.fixture_files(asset_ids)
        for asset_id in asset_ids:
            key = files.get(asset_id)
            if key is not None and self._storage.exists(key):
                with self._storage.open(key) as source:
                    self._storage.put_bytes(self._originals.key_for(asset_id), source.read())
            else:
                self._originals.forget(asset_id)

    def fixture_files(self, asset_ids: list[str]) -> dict[str, str]:
        table = t.fixture_files
        with self._services.engine.connect() as conn:
            rows = conn.execute(select(table).where(table.c.asset_id.in_(asset_ids)))
            return {row.asset_id: row.media_key for row in rows}


class _Named:
    """The collections and events a document describes, for the assets that name them."""

    def __init__(self, collections: list[FixtureCollection], events: list[FixtureEvent]) -> None:
        self.events = {event.id: event for event in events}
        self._collections = {c.id: c for c in collections} | {c.code: c for c in collections}

    def collection(self, wanted: str | int | None) -> CollectionMention:
        found = self._collections.get(wanted) if wanted is not None else None
        if found is None:
            return CollectionMention(wanted)
        return CollectionMention(found.code, found.name or None, found.id)


def _keyword(value: str | FixtureKeyword) -> KeywordMention:
    spec = value if isinstance(value, FixtureKeyword) else FixtureKeyword(text=value)
    return KeywordMention(spec.text, spec.type, spec.relevance)


def _colour_for(asset_id: str) -> str:
    """A mid-tone colour that differs from id to id, for the drawn original."""
    digest = hashlib.blake2b(asset_id.encode(), digest_size=3).digest()
    return "".join(f"{64 + b % 128:02x}" for b in digest)


def _read_image(name: str, base_dir: Path | None, where: str) -> bytes:
    """A fixture's image file as JPEG bytes (other formats are converted)."""
    path = Path(name).expanduser()
    if not path.is_absolute():
        if base_dir is None:
            raise errors.InvalidParameter(where, f"{where}: give an absolute path")
        path = base_dir / path
    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            if image.format == "JPEG":
                return data
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=90)
            return out.getvalue()
    except OSError as exc:
        if isinstance(exc, UnidentifiedImageError):
            raise errors.InvalidParameter(where, f"{where}: {path} is not an image") from None
        raise errors.InvalidParameter(where, f"{where}: cannot read {path}: {exc}") from None
