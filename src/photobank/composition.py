"""The composition root: every service and backend built once, with its settings and budgets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import Engine

from photobank.accounts.cache import account_cache_budget
from photobank.accounts.hashing import FAST_COST, PRODUCTION_COST, SecretHasher
from photobank.accounts.service import AccountService
from photobank.auth.caller import Authenticator
from photobank.auth.daily_ledger import DailyLedger
from photobank.auth.throttle import Throttle
from photobank.auth.tokens import TokenService
from photobank.boards.service import BoardService
from photobank.catalog.events import EventService
from photobank.catalog.repository import CatalogRepository
from photobank.catalog.service import CatalogService
from photobank.changes.send_events import SendEventService
from photobank.changes.service import AssetChangeService
from photobank.clock import Clock, ControlledClock, SystemClock
from photobank.config import MIB, Settings
from photobank.generation.models import Pacing
from photobank.generation.pictures import GeneratedPictures
from photobank.generation.service import GenerationService
from photobank.licensing.held import HeldLicences
from photobank.licensing.service import LicensingService
from photobank.media.delivery import DeliveryUrls
from photobank.media.licensed import LicensedFiles
from photobank.media.originals import OriginalStore
from photobank.media.policy import WatermarkPolicy
from photobank.media.renditions import Renditions
from photobank.media.signing import Signer, signing_key
from photobank.media.storage import LocalStorage, MediaStorage
from photobank.media.urls import MediaUrls
from photobank.media.viewers import Viewers
from photobank.search.completions import Completions
from photobank.search.postgres_backend import PostgresSearchBackend
from photobank.search.query import SearchIndex
from photobank.search.service import SearchService
from photobank.search.similar import RelatedImages
from photobank.search.tantivy_backend import TantivySearchBackend
from photobank.state.freshness import watch_writes
from photobank.state.shared import SharedState, open_shared
from photobank.store.engine import make_engine
from photobank.store.migrate import upgrade
from photobank.visual.service import VisualSearch
from photobank.visual.uploads import UploadStore


@dataclass
class Services:
    settings: Settings
    clock: Clock
    engine: Engine
    catalog: CatalogService
    search: SearchService
    completions: Completions  # a phrase being typed, completed from the catalog's keywords
    accounts: AccountService
    tokens: TokenService
    authenticator: Authenticator
    throttle: Throttle
    media_urls: MediaUrls
    delivery_urls: DeliveryUrls
    licensing: LicensingService
    generations: GenerationService  # Getty's AI generator
    media_storage: MediaStorage
    renditions: Renditions
    licensed_files: LicensedFiles  # downloads stamped with the licence they were sold under
    signer: Signer  # the server's one signing key (URLs, tokens, forms)
    watermarks: WatermarkPolicy
    viewers: Viewers
    index: SearchIndex  # tantivy in the data directory, or in the PostgreSQL store
    boards: BoardService
    asset_changes: AssetChangeService
    send_events: SendEventService
    events: EventService
    related: RelatedImages
    visual: VisualSearch
    uploads: UploadStore
    shared: SharedState | None = None  # kept in step with the other worker processes

    def clear_caches(self) -> None:
        """Forget everything read from the store (it changed underneath: an emulator reset,
        or a write through another server process)."""
        self.catalog.repository.clear_caches()  # index documents read reference data
        for item in dataclasses.fields(self):
            clear = getattr(getattr(self, item.name), "clear_caches", None)
            if callable(clear):
                clear()

    def close(self) -> None:
        self.throttle.close()
        self.index.close()
        self.engine.dispose()
        if self.shared is not None:
            self.shared.close()


def open_media_storage(settings: Settings) -> MediaStorage:
    """The media store ``settings.media_url`` names (else the data directory's ``media/``),
    checked: one that cannot be reached stops the start with one line."""
    if settings.media_url is None:
        storage: MediaStorage = LocalStorage(settings.media_dir)
    else:
        from photobank.media.s3 import S3Storage  # boto3 loads only when S3 is used

        storage = S3Storage.from_settings(settings)
    storage.check()
    return storage


def open_search_index(
    settings: Settings, engine: Engine, repository: CatalogRepository, *, shared: bool
) -> SearchIndex:
    """The catalog's search index: beside a PostgreSQL store, in it (every node shares
    it); otherwise tantivy in the data directory, written by ``shared`` processes."""
    if engine.dialect.name == "postgresql":
        return PostgresSearchBackend(engine, repository)
    return TantivySearchBackend(settings.index_dir, repository, shared=shared)


def build_services(
    settings: Settings, clock: Clock | None = None, shared: SharedState | None = None
) -> Services:
    """Open (and migrate) the store, open or rebuild the index, wire the services.

    ``shared``: this process is one of several serving the data directory (see
    :mod:`photobank.state.freshness`): it writes the index when it changes the
    catalog, counts requests in the shared throttle store and tells the others
    what it wrote. With ``settings.redis_url`` every process (a node's server, a command)
    opens the deployment's shared state in Redis itself, so nodes keep in step.
    """
    # The emulator moves time on request; a library server follows the wall clock.
    clock = clock or (ControlledClock() if settings.mode == "emulator" else SystemClock())
    if shared is None and settings.redis_url:
        shared = open_shared(settings)
    engine = make_engine(settings.db_url, settings.database_pool_size)
    upgrade(engine)
    repository = CatalogRepository(engine, clock)
    catalog = CatalogService(repository, settings.asset_cache_mb * MIB)
    backend = open_search_index(settings, engine, repository, shared=shared is not None)
    if shared is not None:
        watch_writes(engine, shared.generation)
    search = SearchService(catalog, backend)
    catalog.on_change(search.sync)
    tokens = TokenService(engine, clock, settings)
    cost = FAST_COST if settings.hash_cost == "fast" else PRODUCTION_COST
    accounts = AccountService(
        engine,
        clock,
        settings,
        hasher=SecretHasher(cost),
        token_cache=tokens,
        failures=shared.failures if shared is not None else None,
    )
    key = signing_key(settings)
    if shared is not None and shared.redis is not None:  # every node must sign alike
        from photobank.state.agreement import check_signing_key  # redis: the distributed extra

        check_signing_key(shared.redis, settings.redis_prefix, key)
    signer = Signer(key)
    media_storage = open_media_storage(settings)
    locks = shared.locks if shared is not None else None
    renditions = Renditions(
        media_storage,
        OriginalStore(media_storage, catalog.reference, locks),
        settings.media_url_cache_mb * MIB // 2,
        locks,
    )
    catalog.on_change(renditions.clear_caches)
    delivery_urls = DeliveryUrls(signer, clock, settings.delivery_url_ttl)
    licensing = LicensingService(
        engine, clock, catalog, delivery_urls, account_cache_budget(settings), signer
    )
    watermarks = WatermarkPolicy(engine, clock)
    return Services(
        settings=settings,
        clock=clock,
        engine=engine,
        catalog=catalog,
        search=search,
        completions=Completions(catalog, backend),
        accounts=accounts,
        tokens=tokens,
        authenticator=Authenticator(accounts, tokens),
        throttle=Throttle(clock, shared.throttle if shared else None, DailyLedger(engine)),
        media_urls=MediaUrls(signer),
        delivery_urls=delivery_urls,
        licensing=licensing,
        generations=GenerationService(
            engine,
            clock,
            licensing,
            delivery_urls,
            signer,
            GeneratedPictures(media_storage, locks),
            Pacing(settings.ai_pending_polls, settings.ai_latency_ms),
        ),
        media_storage=media_storage,
        renditions=renditions,
        licensed_files=LicensedFiles(
            media_storage, HeldLicences(engine), settings.rights_url_template
        ),
        signer=signer,
        watermarks=watermarks,
        viewers=Viewers(watermarks, licensing.products),
        index=backend,
        boards=BoardService(engine, clock, catalog),
        asset_changes=AssetChangeService(engine, clock),
        send_events=SendEventService(engine),
        events=EventService(catalog, backend),
        related=RelatedImages(catalog, backend, settings.similar_cache_mb * MIB),
        visual=VisualSearch(engine, catalog),
        uploads=UploadStore(engine, clock, settings.visual_upload_ttl),
        shared=shared,
    )
