"""withdrawn: an asset the operator took off offer keeps its row, marked by when

Revision ID: 0006_withdrawn
Revises: 0005_ingest
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_withdrawn"
down_revision = "0005_ingest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("assets", sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("assets", "withdrawn_at")
