"""daily usage: each API client's requests on a UTC day, kept across restarts

Revision ID: 0008_daily_usage
Revises: 0007_manifest_digest
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_daily_usage"
down_revision = "0007_manifest_digest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "daily_usage",
        sa.Column("client_id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.String(length=10), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("daily_usage")
