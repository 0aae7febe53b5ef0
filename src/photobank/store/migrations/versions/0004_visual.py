"""visual: asset signatures and by-image uploads

Revision ID: 0004_visual
Revises: 0003_boards
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_visual"
down_revision = "0003_boards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visual_signatures",
        sa.Column("asset_id", sa.String(length=40), primary_key=True),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "visual_uploads",
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("api_clients.id"), primary_key=True),
        sa.Column("file_name", sa.String(length=200), primary_key=True),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_visual_uploads_expires", "visual_uploads", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_visual_uploads_expires", table_name="visual_uploads")
    op.drop_table("visual_uploads")
    op.drop_table("visual_signatures")
