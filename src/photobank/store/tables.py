"""Table definitions (SQLAlchemy Core). Alembic migrations mirror this file.

Lists that belong to one asset (keywords with relevance, people, ages ...) are
JSON columns of the asset row: an asset is read in one indexed lookup, and the
search index, not SQL, answers "which assets have keyword K".
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

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
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
)

locations = Table(
    "locations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("city", String(100)),
    Column("state_province", String(100)),
    Column("country", String(100), nullable=False),
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
)

# Every committed change to an asset, in order. The search index replays this
# log to catch up after a restart or crash; later, v3 asset-change channels
# read it too.
asset_changes = Table(
    "asset_changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("asset_id", String(40), nullable=False),
    Column("change_type", String(16), nullable=False),  # ingest | update | delete
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

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
