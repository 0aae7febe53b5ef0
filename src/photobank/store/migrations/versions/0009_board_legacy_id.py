"""board legacy ids: the integer a legacy client names a lightbox by

Existing boards are numbered 1, 2, … in the order they were created.

Revision ID: 0009_board_legacy_id
Revises: 0008_daily_usage
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_board_legacy_id"
down_revision = "0008_daily_usage"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("boards", sa.Column("legacy_id", sa.Integer(), nullable=True))
    boards = sa.table("boards", sa.column("id"), sa.column("created_at"), sa.column("legacy_id"))
    connection = op.get_bind()
    ids = connection.execute(
        sa.select(boards.c.id).order_by(boards.c.created_at, boards.c.id)
    ).scalars()
    for number, board_id in enumerate(list(ids), start=1):
        connection.execute(boards.update().where(boards.c.id == board_id).values(legacy_id=number))
    op.create_index("ix_boards_legacy_id", "boards", ["legacy_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_boards_legacy_id", table_name="boards")
    op.drop_column("boards", "legacy_id")
