"""Table definitions (SQLAlchemy Core). Alembic migrations mirror this file.

Lists that belong to one asset (keywords with relevance, people, ages ...) are
JSON columns of the asset row: an asset is read in one indexed lookup, and the
search index, not SQL, answers "which assets have keyword K".
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


# The largest id an Integer column holds on every engine (PostgreSQL's integer is
# 32-bit): a larger one names nothing, and is not asked of the store.
MAX_ID = 2**31 - 1


def name_key_column() -> Column[str]:
    """A reference row's key, unique in its table (:mod:`photobank.catalog.names`)."""
    return Column("name_key", Text, nullable=False, server_default="")


collections = Table(
    "collections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("asset_family", String(16), nullable=False),
    Column("license_model", String(16), nullable=False),
    Column("product_types", JSON, nullable=False),
)

keywords = Table(
    "keywords",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", String(200), nullable=False),
    Column("type", String(32), nullable=False),
    name_key_column(),
    Index("uq_keywords_name_key", "name_key", unique=True),
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    name_key_column(),
    Index("uq_people_name_key", "name_key", unique=True),
)

locations = Table(
    "locations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("city", String(100)),
    Column("state_province", String(100)),
    Column("country", String(100), nullable=False),
    name_key_column(),
    Index("uq_locations_name_key", "name_key", unique=True),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("start_date", DateTime(timezone=True), nullable=False),
    Column("end_date", DateTime(timezone=True)),
    Column("type", String(32), nullable=False),
    Column("location_id", Integer, ForeignKey("locations.id")),
    Column("editorial_segments", JSON, nullable=False),
    Column("parent_id", Integer, ForeignKey("events.id")),
    name_key_column(),
    Index("uq_events_name_key", "name_key", unique=True),
)

assets = Table(
    "assets",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("asset_type", String(8), nullable=False),
    Column("asset_family", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("caption", Text, nullable=False),
    Column("collection_id", Integer, ForeignKey("collections.id"), nullable=False),
    Column("license_model", String(16), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("date_created", DateTime(timezone=True), nullable=False),
    Column("date_submitted", DateTime(timezone=True), nullable=False),
    Column("date_camera_shot", DateTime(timezone=True)),
    Column("artist", String(200), nullable=False),
    Column("artist_title", String(100), nullable=False),
    Column("credit_line", String(300), nullable=False),
    Column("copyright", String(300), nullable=False),
    Column("graphical_style", String(16), nullable=False),
    Column("orientation", String(24), nullable=False),
    Column("color_type", String(16), nullable=False),
    Column("quality_rank", Integer, nullable=False),
    Column("popularity", Integer, nullable=False),
    Column("number_of_people", String(8), nullable=False),
    Column("location_id", Integer, ForeignKey("locations.id")),
    Column("editorial_source_id", Integer),
    Column("call_for_image", Boolean, nullable=False),
    Column("dominant_color", String(6), nullable=False),
    Column("nudity", Boolean, nullable=False),
    Column("editorial_use_only", Boolean, nullable=False),
    Column("embeddable", Boolean, nullable=False),
    Column("object_name", String(200), nullable=False),
    Column("istock_collection", String(64)),
    Column("blurhash", String(64)),
    Column("file_types", JSON, nullable=False),
    Column("ages", JSON, nullable=False),
    Column("ethnicities", JSON, nullable=False),
    Column("compositions", JSON, nullable=False),
    Column("keywords", JSON, nullable=False),  # [[keyword_id, relevance], ...]
    Column("people_ids", JSON, nullable=False),
    Column("event_ids", JSON, nullable=False),
    Column("editorial_segments", JSON, nullable=False),
    Column("product_types", JSON, nullable=False),
    Column("allowed_use", JSON, nullable=False),
    Column("alternative_ids", JSON, nullable=False),
    Column("referral_destinations", JSON, nullable=False),
    Column("video", JSON),  # VideoDetails of a video, null for images
    Column("withdrawn_at", DateTime(timezone=True)),  # null: on offer
)

# Every committed change to an asset, in order. The search index replays this
# log to catch up after a restart or crash; later, v3 asset-change channels
# read it too.
asset_changes = Table(
    "asset_changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("asset_id", String(40), nullable=False),
    # ingest | update | delete | withdraw | restore
    Column("change_type", String(16), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)
Index("ix_asset_changes_asset", asset_changes.c.asset_id)

api_clients = Table(
    "api_clients",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("api_key", String(64), nullable=False, unique=True),
    Column("secret_hash", String(200), nullable=False),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("qps_limit", Integer, nullable=False),
    Column("daily_limit", Integer, nullable=False),
    Column("grant_types", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The customer the application belongs to: its app tokens act for them where an
    # operation takes either token (the AI generator).
    Column("account_id", Integer, ForeignKey("customers.id")),
)

customers = Table(
    "customers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(200), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("email", String(200), nullable=False),
    Column("middle_name", String(100), nullable=False, server_default=""),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Tokens are stored as SHA-256 digests: a leaked database does not leak
# usable tokens.
oauth_tokens = Table(
    "oauth_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("kind", String(8), nullable=False),  # access | refresh
    Column("client_id", Integer, ForeignKey("api_clients.id"), nullable=False),
    Column("customer_id", Integer, ForeignKey("customers.id")),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)

# -- OAuth2 sign-in flows ------------------------------------------------------
# The redirect URIs a client registered: authorization requests must name one
# of them exactly. Authorization codes, like tokens, are stored as digests;
# ``used`` makes a code single-use.
oauth_redirect_uris = Table(
    "oauth_redirect_uris",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("client_id", Integer, ForeignKey("api_clients.id"), nullable=False),
    Column("uri", String(2000), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("client_id", "uri", name="uq_oauth_redirect_uris_client_uri"),
)

oauth_codes = Table(
    "oauth_codes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("client_id", Integer, ForeignKey("api_clients.id"), nullable=False),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("redirect_uri", String(2000), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used", Boolean, nullable=False, default=False),
    Column("token_hashes", JSON, nullable=False),  # issued for it: revoked if it is replayed
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# -- licensing ---------------------------------------------------------------
# A product is one of a customer's agreements (premiumaccess, imagepack ...).
# ``downloads_used`` counts the downloads of period ``period`` (see
# licensing/periods.py): a download in a later period starts the count again,
# in the same conditional UPDATE that charges it, so no job has to reset counts.
products = Table(
    "products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("type", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("agreement_name", String(200), nullable=False),
    Column("application_website", String(300)),
    Column("status", String(16), nullable=False),  # active | inactive
    Column("download_limit", Integer),  # NULL: unlimited
    Column("limit_duration", String(8)),  # day | week | month | year | NULL: whole term
    Column("period", Integer, nullable=False),
    Column("downloads_used", Integer, nullable=False),
    Column("overage_limit", Integer, nullable=False),
    Column("credits_remaining", Integer),
    Column("team_credits", Integer),
    Column("imagepack_resolution", String(32)),
    Column("note_required", Boolean, nullable=False),
    Column("project_code_required", Boolean, nullable=False),
    Column("project_codes", JSON, nullable=False),
    Column("expires_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("downloads_used >= 0", name="ck_products_downloads_used"),
    CheckConstraint("credits_remaining >= 0", name="ck_products_credits_remaining"),
    CheckConstraint("team_credits >= 0", name="ck_products_team_credits"),
)
Index("ix_products_customer", products.c.customer_id)

orders = Table(
    "orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("asset_id", String(40), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("kind", String(16), nullable=False),  # download | extended
    Column("project_code", String(100)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_orders_customer", orders.c.customer_id)

# One row per (customer, asset): the licence is what makes a re-download free,
# and the unique pair is what settles two concurrent first downloads.
licences = Table(
    "licences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("asset_id", String(40), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False),
    Column("size_name", String(16), nullable=False),
    Column("bytes", Integer, nullable=False),
    Column("credits", Integer, nullable=False),
    Column("licensed_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("customer_id", "asset_id", name="uq_licences_customer_asset"),
)

# Every download request that produced a delivery URL, charged or not.
downloads = Table(
    "downloads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("asset_id", String(40), nullable=False),
    Column("asset_type", String(8), nullable=False),
    Column("licence_id", Integer, ForeignKey("licences.id"), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("size_name", String(16), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("charged", Boolean, nullable=False),
    Column("download_notes", Text),
    Column("project_code", String(100)),
    Column("downloaded_at", DateTime(timezone=True), nullable=False),
)
Index("ix_downloads_customer_time", downloads.c.customer_id, downloads.c.downloaded_at)
Index("ix_downloads_customer_asset", downloads.c.customer_id, downloads.c.asset_id)

extended_licences = Table(
    "extended_licences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("licence_id", Integer, ForeignKey("licences.id"), nullable=False),
    Column("license_type", String(16), nullable=False),
    Column("credits", Integer, nullable=False),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False),
    Column("acquired_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("licence_id", "license_type", name="uq_extended_licences_type"),
)

usage_batches = Table(
    "usage_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("transaction_id", String(100), nullable=False),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("customer_id", "transaction_id", name="uq_usage_batches_transaction"),
)

usage_reports = Table(
    "usage_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("batch_id", Integer, ForeignKey("usage_batches.id"), nullable=False),
    Column("asset_id", String(40), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("usage_date", DateTime(timezone=True), nullable=False),
)
Index("ix_usage_reports_batch", usage_reports.c.batch_id)

# Display-size watermarking rules (media/policy.py): the most specific rule
# matching a caller, asset family and size decides; "any" matches all.
watermark_rules = Table(
    "watermark_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scope", String(80), nullable=False),  # global | client:<api key> | customer:<id>
    Column("asset_family", String(16), nullable=False),  # any | creative | editorial
    Column("size", String(16), nullable=False),  # any | thumb | preview | comp | high_res_comp
    Column("watermarked", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("scope", "asset_family", "size", name="uq_watermark_rules_target"),
)

# -- emulator fixtures ---------------------------------------------------------
# Assets whose original came from a fixture file rather than drawn pixels:
# ``media_key`` is the stored copy, so a reset can put that original back.
fixture_files = Table(
    "fixture_files",
    metadata,
    Column("asset_id", String(40), primary_key=True),
    Column("media_key", String(200), nullable=False),
)

# -- ingest ---------------------------------------------------------------------
# The file each ingested asset came from: its content hash tells a rerun that
# nothing changed, its path that a changed file updates the asset it made.
# What Getty's documents have no place for (source, camera, GPS) is kept here.
ingested_files = Table(
    "ingested_files",
    metadata,
    Column("asset_id", String(40), primary_key=True),
    Column("source_path", Text, nullable=False, index=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("size", BigInteger, nullable=False),
    Column("source", String(300), nullable=False),
    Column("camera_make", String(100), nullable=False),
    Column("camera_model", String(100), nullable=False),
    Column("latitude", Float),
    Column("longitude", Float),
    # sha256 of the manifest row last applied; "" when none was
    Column("manifest_digest", String(64), nullable=False, server_default=""),
)
# Each API client's requests on a UTC day, written behind the throttle's own
# counts so that a restart does not start the day again.
daily_usage = Table(
    "daily_usage",
    metadata,
    Column("client_id", Integer, primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("count", Integer, nullable=False),
)
# Originals being written before their rows commit: a run killed in between
# leaves them here, and the next run deletes those no row names.
pending_originals = Table(
    "pending_originals",
    metadata,
    Column("asset_id", String(40), primary_key=True),
)

# -- boards (v3 boards, legacy lightboxes) -------------------------------------
# A board belongs to its owner; collaborators hold per-board permissions.
# Ids are random hex so one customer cannot guess another's boards; the legacy
# API names a lightbox by an integer, ``legacy_id``, numbered in creation order.
boards = Table(
    "boards",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("owner_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("description", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("legacy_id", Integer),
)
Index("ix_boards_owner", boards.c.owner_id)
Index("ix_boards_legacy_id", boards.c.legacy_id, unique=True)

board_collaborators = Table(
    "board_collaborators",
    metadata,
    Column("board_id", String(32), ForeignKey("boards.id"), primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), primary_key=True),
    Column("permissions", JSON, nullable=False),  # names of the granted can_* flags
    Column("added_at", DateTime(timezone=True), nullable=False),
)
Index("ix_board_collaborators_customer", board_collaborators.c.customer_id)

board_assets = Table(
    "board_assets",
    metadata,
    Column("board_id", String(32), ForeignKey("boards.id"), primary_key=True),
    Column("asset_id", String(40), primary_key=True),
    Column("position", Integer, nullable=False),  # order of adding, within the board
    Column("added_at", DateTime(timezone=True), nullable=False),
)

board_comments = Table(
    "board_comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("board_id", String(32), ForeignKey("boards.id"), nullable=False),
    Column("author_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_board_comments_board", board_comments.c.board_id)

# -- asset-change channels (v3 asset-changes; photobank.changes) ---------------
# A partner's (API client's) channel over ``asset_changes`` for one asset family
# and type; ``confirmed_seq`` is the last change it acknowledged.
asset_change_channels = Table(
    "asset_change_channels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("client_id", Integer, ForeignKey("api_clients.id"), nullable=False),
    Column("asset_family", String(16), nullable=False),  # creative | editorial
    Column("asset_type", String(8), nullable=False),  # image | video
    Column("confirmed_seq", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("client_id", "asset_family", "asset_type", name="uq_asset_change_channels"),
)

# Batches delivered to a channel. The unconfirmed one (at most one a channel) is
# kept verbatim and re-delivered identically; confirmed rows stay, emptied, so
# that a change-set id is never handed out twice.
asset_change_sets = Table(
    "asset_change_sets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("channel_id", Integer, ForeignKey("asset_change_channels.id"), nullable=False),
    Column("last_seq", Integer, nullable=False),
    Column("notifications", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("confirmed_at", DateTime(timezone=True)),
)
Index("ix_asset_change_sets_channel", asset_change_sets.c.channel_id)

# -- search by image (photobank.visual) -----------------------------------------
# Each asset's visual signature (see visual/signature.py), written at ingest.
# No foreign key: a deleted asset's row is ignored (searches join ``assets``).
visual_signatures = Table(
    "visual_signatures",
    metadata,
    Column("asset_id", String(40), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

# An API client's by-image upload, kept as its signature only, until it expires.
visual_uploads = Table(
    "visual_uploads",
    metadata,
    Column("client_id", Integer, ForeignKey("api_clients.id"), primary_key=True),
    Column("file_name", String(200), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
Index("ix_visual_uploads_expires", visual_uploads.c.expires_at)

# -- AI generations (photobank.generation) --------------------------------------
# A customer's generation request (a variation names the image it varies) and
# when its pending answer becomes ready: after ``polls_needed`` polls, not before
# ``ready_at``. Pictures are painted from the row, so no pixels are stored here.
ai_generations = Table(
    "ai_generations",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("parent_id", String(40)),
    Column("parent_index", Integer),
    Column("prompt", Text, nullable=False),
    Column("negative_prompt", Text),
    Column("aspect_ratio", String(8), nullable=False),
    Column("media_type", String(16)),
    Column("mood", String(24)),
    Column("seed", BigInteger, nullable=False),
    Column("images", Integer, nullable=False),
    Column("notes", Text),
    Column("project_code", String(100)),
    Column("polls_needed", Integer, nullable=False),
    Column("polls_seen", Integer, nullable=False),
    Column("ready_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_ai_generations_customer", ai_generations.c.customer_id)

# A download of one generated image at one size, pending like a generation.
ai_downloads = Table(
    "ai_downloads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("generation_id", String(40), ForeignKey("ai_generations.id"), nullable=False),
    Column("image_index", Integer, nullable=False),
    Column("size_name", String(4), nullable=False),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("polls_needed", Integer, nullable=False),
    Column("polls_seen", Integer, nullable=False),
    Column("ready_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_ai_downloads_image", ai_downloads.c.generation_id, ai_downloads.c.image_index)
