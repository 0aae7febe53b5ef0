"""search field lengths: what a length-aware best match needs on PostgreSQL

Only on PostgreSQL (a no-op on SQLite). Each search document keeps the tokens
of its title, keywords, people-places-events and caption (``field_lengths``),
and the search state the documents and those lengths summed over the table,
kept as the change log is applied: equal RUM distances are then ordered by a
BM25-like score, shorter fields first, as the embedded tantivy index ranks them.
The search table is rebuilt on the next start (its version changes), which
fills them.

Revision ID: 0015_search_field_lengths
Revises: 0014_search_hits_index
"""

from __future__ import annotations

from alembic import op

revision = "0015_search_field_lengths"
down_revision = "0014_search_hits_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE search_documents ADD COLUMN field_lengths integer[] NOT NULL DEFAULT '{}'"
    )
    op.execute(
        "ALTER TABLE search_state ADD COLUMN documents bigint NOT NULL DEFAULT 0,"
        " ADD COLUMN field_length_sums bigint[] NOT NULL DEFAULT '{0,0,0,0}'"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_state DROP COLUMN documents, DROP COLUMN field_length_sums")
    op.execute("ALTER TABLE search_documents DROP COLUMN field_lengths")
