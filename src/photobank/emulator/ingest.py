"""Loading fixture documents into the catalog and accounts.

Missing metadata gets defaults a search or a projection can use (a
collection of the right family, the size of a typical photo, a colour drawn
from the id); keywords and people named by text join the reference data.
Originals are drawn on first use from the metadata, like the demo's, unless
the fixture names a file, which then becomes the asset's original.
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
from photobank.catalog.model import (
    AllowedUse,
    Asset,
    Collection,
    Keyword,
    KeywordTag,
    Person,
    ReferralDestination,
)
from photobank.catalog.repository import Reference
from photobank.demo.pixels import recipe_signature
from photobank.demo.sizes import orientation_of
from photobank.demo.world import keyword_id
from photobank.emulator.fixtures import (
    FixtureAsset,
    FixtureDocument,
    FixtureKeyword,
    FixtureVideo,
)
from photobank.media.originals import OriginalStore
from photobank.media.storage import MediaStorage, check_key
from photobank.services import Services
from photobank.store import tables as t
from photobank.visual.signature import Signature, signature_of_file
from photobank.visual.store import save_signatures

_DEFAULT_SIZE = (4000, 3000)
_FIXTURE_COLLECTION_ID = 9_000


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
            assets = self._assets(document.assets, files)
            # Signatures first: saving the assets is what makes searches reload them.
            save_signatures(self._services.engine, self._signatures(assets, files))
            self._services.catalog.save_assets(assets)
            self._place_originals(assets, files)
            result.assets = [asset.id for asset in assets]
        return result

    # -- metadata -------------------------------------------------------

    def _assets(self, items: list[FixtureAsset], files: dict[int, bytes]) -> list[Asset]:
        repository = self._services.catalog.repository
        ref = repository.reference()
        new = _NewReference(ref)
        assets = []
        for index, item in enumerate(items):
            where = f"assets[{index}]"
            collection = new.collection(item, where)
            if index in files and (item.width is None or item.height is None):
                with Image.open(io.BytesIO(files[index])) as image:
                    size = image.size
            else:
                size = (item.width or _DEFAULT_SIZE[0], item.height or _DEFAULT_SIZE[1])
            if item.location_id is not None and item.location_id not in ref.locations:
                raise errors.InvalidParameter(
                    f"{where}.location_id", f"{where}.location_id: no location {item.location_id}"
                )
            unknown = [e for e in item.event_ids if e not in ref.events]
            if unknown:
                raise errors.InvalidParameter(
                    f"{where}.event_ids", f"{where}.event_ids: no event {unknown[0]}"
                )
            assets.append(self._asset(item, collection, size, new))
        repository.add_reference(
            collections=new.collections, keywords=new.keywords, people=new.people
        )
        return assets

    def _asset(
        self,
        item: FixtureAsset,
        collection: Collection,
        size: tuple[int, int],
        new: _NewReference,
    ) -> Asset:
        created = item.date_created or self._services.clock.now().replace(microsecond=0)
        owner = item.artist or collection.name
        use = item.allowed_use
        asset = Asset(
            id=item.id,
            asset_type=item.asset_type,
            asset_family=item.asset_family,
            title=item.title if item.title is not None else f"Fixture image {item.id}",
            caption=item.caption,
            collection_id=collection.id,
            license_model=item.license_model or collection.license_model,
            width=size[0],
            height=size[1],
            date_created=created,
            date_submitted=item.date_submitted or created,
            date_camera_shot=item.date_camera_shot,
            artist=item.artist,
            artist_title=item.artist_title,
            credit_line=item.credit_line if item.credit_line is not None else owner,
            copyright=item.copyright if item.copyright is not None else f"{created.year} {owner}",
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
            keywords=tuple(new.keyword(k) for k in item.keywords),
            people_ids=tuple(new.person(name) for name in item.people),
            location_id=item.location_id,
            event_ids=tuple(item.event_ids),
            editorial_segments=tuple(item.editorial_segments),
            product_types=tuple(item.product_types or collection.product_types),
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
        if use is None:
            return asset
        allowed = AllowedUse(use.how_can_i_use_it, use.release_info, tuple(use.usage_restrictions))
        return dataclasses.replace(asset, allowed_use=allowed)

    def _signatures(self, assets: list[Asset], files: dict[int, bytes]) -> dict[str, Signature]:
        """Visual signatures of the fixture files, or of the originals drawn for the rest."""
        ref = self._services.catalog.reference()
        return {
            asset.id: signature_of_file(files[i]) if i in files else recipe_signature(asset, ref)
            for i, asset in enumerate(assets)
        }

    # -- originals ------------------------------------------------------

    def _place_originals(self, assets: list[Asset], files: dict[int, bytes]) -> None:
        """Fixture files become originals; an asset without one is drawn from its metadata."""
        engine = self._services.engine
        ids = [asset.id for asset in assets]
        with engine.begin() as conn:
            conn.execute(delete(t.fixture_files).where(t.fixture_files.c.asset_id.in_(ids)))
            for index, asset in enumerate(assets):
                if index in files:
                    data = files[index]
                    media_key = check_key(f"fixtures/{hashlib.sha256(data).hexdigest()}.jpg")
                    self._storage.put_bytes(media_key, data)
                    row = {"asset_id": asset.id, "media_key": media_key}
                    conn.execute(insert(t.fixture_files).values(row))
                    self._storage.put_bytes(self._originals.key_for(asset.id), data)
                else:
                    self._originals.forget(asset.id)  # drawn again, as it now is, on first use

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


class _NewReference:
    """Reference rows a fixture needs that the catalog lacks, created on first mention."""

    def __init__(self, ref: Reference) -> None:
        self._ref = ref
        self.collections: list[Collection] = []
        self.keywords: list[Keyword] = []
        self.people: list[Person] = []
        self._keyword_ids = {k.text.casefold(): k.id for k in ref.keywords.values()}
        self._people_ids = {p.name: p.id for p in ref.people.values()}

    def collection(self, item: FixtureAsset, where: str) -> Collection:
        known = [*self._ref.collections.values(), *self.collections]
        wanted = item.collection
        if isinstance(wanted, int):
            found = next((c for c in known if c.id == wanted), None)
            if found is None:
                raise errors.InvalidParameter(
                    f"{where}.collection", f"{where}.collection: no collection {wanted}"
                )
            return found
        if wanted is not None:
            code = wanted.strip()
            found = next((c for c in known if c.code.casefold() == code.casefold()), None)
            return found or self._add_collection(code, code, item)
        family = sorted((c for c in known if c.asset_family == item.asset_family), key=_by_id)
        return family[0] if family else self._add_collection("PBFX", "Photobank fixtures", item)

    def _add_collection(self, code: str, name: str, item: FixtureAsset) -> Collection:
        taken = {c.id for c in [*self._ref.collections.values(), *self.collections]}
        new_id = max(taken | {_FIXTURE_COLLECTION_ID}) + 1
        license_model = item.license_model or (
            "royaltyfree" if item.asset_family == "creative" else "rightsmanaged"
        )
        products = ("editorialsubscription",) if item.asset_family == "editorial" else ()
        collection = Collection(
            new_id, code[:16], name, item.asset_family, license_model, products or ("easyaccess",)
        )
        self.collections.append(collection)
        return collection

    def keyword(self, value: str | FixtureKeyword) -> KeywordTag:
        spec = value if isinstance(value, FixtureKeyword) else FixtureKeyword(text=value)
        found = self._keyword_ids.get(spec.text.casefold())
        if found is None:
            found = keyword_id(spec.text)
            taken = set(self._ref.keywords) | {k.id for k in self.keywords}
            while found in taken:
                found += 1
            self.keywords.append(Keyword(found, spec.text, spec.type))
            self._keyword_ids[spec.text.casefold()] = found
        return KeywordTag(found, spec.relevance)

    def person(self, name: str) -> int:
        found = self._people_ids.get(name)
        if found is None:
            found = max([*self._people_ids.values(), 0]) + 1
            self.people.append(Person(found, name))
            self._people_ids[name] = found
        return found


def _by_id(collection: Collection) -> int:
    return collection.id


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
