"""emulator: originals that fixture files supplied

Revision ID: 0002_emulator
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_emulator"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fixture_files",
        sa.Column("asset_id", sa.String(length=40), nullable=False),
        sa.Column("media_key", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("asset_id"),
    )


def downgrade() -> None:
    op.drop_table("fixture_files")
