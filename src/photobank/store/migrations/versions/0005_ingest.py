"""ingest: the files assets were ingested from, and originals not yet committed

Revision ID: 0005_ingest
Revises: 0004_visual
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_ingest"
down_revision = "0004_visual"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingested_files",
        sa.Column("asset_id", sa.String(length=40), primary_key=True),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("camera_make", sa.String(length=100), nullable=False),
        sa.Column("camera_model", sa.String(length=100), nullable=False),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
    )
    op.create_index("ix_ingested_files_source_path", "ingested_files", ["source_path"])
    op.create_index("ix_ingested_files_content_hash", "ingested_files", ["content_hash"])
    op.create_table(
        "pending_originals",
        sa.Column("asset_id", sa.String(length=40), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("pending_originals")
    op.drop_index("ix_ingested_files_content_hash", table_name="ingested_files")
    op.drop_index("ix_ingested_files_source_path", table_name="ingested_files")
    op.drop_table("ingested_files")
