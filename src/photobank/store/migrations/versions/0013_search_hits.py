"""search hits: PostgreSQL counts and facet rows of a search through its RUM index

Only on PostgreSQL (a no-op on SQLite). Two functions over ``search_documents``
that find a search's hits through the RUM index, never by reading the table
through: ``search_hit_count`` (the exact total) and ``search_hit_facets`` (the
facet columns of every hit). PostgreSQL's planner prices checking a document
against a query as nothing and reads the whole table for a common word,
unpacking every document (at 10,000 assets 24,000 pages instead of 1,200 for a
count); each function plans its query with sequential scans off (a setting of
the function alone, restored when it returns, whatever happens).

Revision ID: 0013_search_hits
Revises: 0012_search_documents
"""

from __future__ import annotations

from alembic import op

revision = "0013_search_hits"
down_revision = "0012_search_documents"
branch_labels = None
depends_on = None

_ARGUMENTS = (
    "match tsquery, date_from timestamptz, date_to timestamptz, clip_from integer, clip_to integer"
)
_HITS = """FROM search_documents
    WHERE document @@ match
      AND (date_from IS NULL OR date_created >= date_from)
      AND (date_to IS NULL OR date_created <= date_to)
      AND (clip_from IS NULL OR clip_ms >= clip_from)
      AND (clip_to IS NULL OR clip_ms <= clip_to)"""
_FUNCTIONS = (
    f"""CREATE FUNCTION search_hit_count({_ARGUMENTS}) RETURNS bigint
    LANGUAGE sql STABLE SET enable_seqscan = off
    AS $$ SELECT count(*) {_HITS} $$""",
    f"""CREATE FUNCTION search_hit_facets({_ARGUMENTS})
    RETURNS TABLE (artist text, event_ids integer[], location_id integer, people_ids integer[])
    LANGUAGE sql STABLE SET enable_seqscan = off
    AS $$ SELECT artist, event_ids, location_id, people_ids {_HITS} $$""",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _FUNCTIONS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in ("search_hit_count", "search_hit_facets"):
        op.execute(f"DROP FUNCTION IF EXISTS {name}({_ARGUMENTS})")
