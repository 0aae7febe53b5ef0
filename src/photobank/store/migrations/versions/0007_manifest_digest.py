"""manifest digest: the manifest row last applied to each ingested asset

Revision ID: 0007_manifest_digest
Revises: 0006_withdrawn
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_manifest_digest"
down_revision = "0006_withdrawn"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ingested_files") as batch:
        batch.add_column(
            sa.Column("manifest_digest", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("ingested_files") as batch:
        batch.drop_column("manifest_digest")
