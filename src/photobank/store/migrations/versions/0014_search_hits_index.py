"""search hits index: a GIN index that counts a search's hits exactly

Only on PostgreSQL (a no-op on SQLite). Migration 0013's functions let the
planner pick one of the RUM indexes, and both hand back their matches to be
checked again against each document, which is read and unpacked (about five
pages per hit). A plain GIN index answers a query without weights or phrases
exactly, so a count visits each hit's table page alone (at 200,000 assets
13,200 pages instead of 66,300 for a word of 16,000 hits). It indexes an
expression equal to the document, ``document || ''::tsvector``, which only the
functions ask about: the searches' pages keep their RUM indexes, and the
counts get this one whatever the planner thinks of the others. A quoted
phrase is still checked against each document.

Revision ID: 0014_search_hits_index
Revises: 0013_search_hits
"""

from __future__ import annotations

from alembic import op

revision = "0014_search_hits_index"
down_revision = "0013_search_hits"
branch_labels = None
depends_on = None

_ARGUMENTS = (
    "match tsquery, date_from timestamptz, date_to timestamptz, clip_from integer, clip_to integer"
)


def _hits(document: str) -> str:
    return f"""FROM search_documents
    WHERE {document} @@ match
      AND (date_from IS NULL OR date_created >= date_from)
      AND (date_to IS NULL OR date_created <= date_to)
      AND (clip_from IS NULL OR clip_ms >= clip_from)
      AND (clip_to IS NULL OR clip_ms <= clip_to)"""


def _functions(document: str) -> tuple[str, ...]:
    return (
        f"""CREATE OR REPLACE FUNCTION search_hit_count({_ARGUMENTS}) RETURNS bigint
        LANGUAGE sql STABLE SET enable_seqscan = off
        AS $$ SELECT count(*) {_hits(document)} $$""",
        f"""CREATE OR REPLACE FUNCTION search_hit_facets({_ARGUMENTS})
        RETURNS TABLE (artist text, event_ids integer[], location_id integer, people_ids integer[])
        LANGUAGE sql STABLE SET enable_seqscan = off
        AS $$ SELECT artist, event_ids, location_id, people_ids {_hits(document)} $$""",
    )


_INDEXED = "(document || ''::tsvector)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")
    op.execute(
        f"CREATE INDEX search_documents_hits ON search_documents"
        f" USING gin ({_INDEXED}) WITH (fastupdate = off)"
    )
    for statement in _functions(_INDEXED):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _functions("document"):
        op.execute(statement)
    op.execute("DROP INDEX IF EXISTS search_documents_hits")
