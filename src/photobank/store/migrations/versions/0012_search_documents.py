"""search documents: PostgreSQL's full-text search index of the assets on offer

Only on PostgreSQL (an embedded deployment searches with tantivy; this is a
no-op on SQLite). One row per asset on offer: its weighted text lexemes and
filter tags in one tsvector, with two RUM indexes over it (ranked by text
distance; ordered by date through the attached ``date_key``), the facet and
sort columns, the unstemmed words of the spelling vocabulary and the last
change-log entry applied (shared by every node, so any node may sync).

Revision ID: 0012_search_documents
Revises: 0011_client_account
"""

from __future__ import annotations

from alembic import op

revision = "0012_search_documents"
down_revision = "0011_client_account"
branch_labels = None
depends_on = None

_UPGRADE = """
CREATE EXTENSION IF NOT EXISTS rum;
CREATE TABLE search_documents (
    asset_id text PRIMARY KEY,
    document tsvector NOT NULL,
    words text[] NOT NULL,
    keyword_ids integer[] NOT NULL,
    event_ids integer[] NOT NULL,
    people_ids integer[] NOT NULL,
    location_id integer,
    artist text,
    date_created timestamptz NOT NULL,
    clip_ms integer,
    best_key bigint NOT NULL,
    popular_key bigint NOT NULL,
    date_key bigint NOT NULL,
    random_0 bigint NOT NULL,
    random_1 bigint NOT NULL,
    random_2 bigint NOT NULL,
    random_3 bigint NOT NULL
);
CREATE INDEX search_documents_ranked ON search_documents USING rum (document rum_tsvector_ops);
CREATE INDEX search_documents_dated ON search_documents
    USING rum (document rum_tsvector_addon_ops, date_key)
    WITH (attach = 'date_key', to = 'document');
CREATE INDEX search_documents_best ON search_documents (best_key);
CREATE INDEX search_documents_popular ON search_documents (popular_key);
CREATE INDEX search_documents_date ON search_documents (date_key);
CREATE TABLE search_words (
    word text COLLATE "C" PRIMARY KEY,
    docs integer NOT NULL
);
CREATE TABLE search_state (
    id smallint PRIMARY KEY,
    schema_version integer NOT NULL,
    last_seq bigint NOT NULL
);
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _UPGRADE.split(";"):
        if statement.strip():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in ("search_state", "search_words", "search_documents"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
