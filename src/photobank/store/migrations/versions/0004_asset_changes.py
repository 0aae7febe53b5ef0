"""asset changes: partner channels over the change log, and their pending change-sets

Revision ID: 0004_asset_changes
Revises: 0003_boards
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_asset_changes"
down_revision = "0003_boards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "asset_change_channels",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("api_clients.id"), nullable=False),
        sa.Column("asset_family", sa.String(length=16), nullable=False),
        sa.Column("asset_type", sa.String(length=8), nullable=False),
        sa.Column("confirmed_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "client_id", "asset_family", "asset_type", name="uq_asset_change_channels"
        ),
    )
    op.create_table(
        "asset_change_sets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "channel_id", sa.Integer(), sa.ForeignKey("asset_change_channels.id"), nullable=False
        ),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("notifications", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_asset_change_sets_channel", "asset_change_sets", ["channel_id"])


def downgrade() -> None:
    op.drop_table("asset_change_sets")
    op.drop_table("asset_change_channels")
