"""videos: the video details of an asset

Revision ID: 0004_videos
Revises: 0003_boards
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_videos"
down_revision = "0003_boards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("assets", sa.Column("video", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("assets", "video")
