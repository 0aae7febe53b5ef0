"""board legacy ids: the integer a legacy client names a lightbox by

Existing boards are numbered 1, 2, … in the order they were created; the last
number given is kept in ``meta`` so that a deleted board's number is never reused.

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
LAST_NUMBER = "boards.last_legacy_id"  # the key photobank.boards.numbers counts under


def upgrade() -> None:
    op.add_column("boards", sa.Column("legacy_id", sa.Integer(), nullable=True))
    boards = sa.table("boards", sa.column("id"), sa.column("created_at"), sa.column("legacy_id"))
    connection = op.get_bind()
    ids = connection.execute(
        sa.select(boards.c.id).order_by(boards.c.created_at, boards.c.id)
    ).scalars()
    number = 0
    for number, board_id in enumerate(list(ids), start=1):
        connection.execute(boards.update().where(boards.c.id == board_id).values(legacy_id=number))
    op.create_index("ix_boards_legacy_id", "boards", ["legacy_id"], unique=True)
    meta = sa.table("meta", sa.column("key"), sa.column("value"))
    connection.execute(meta.insert().values(key=LAST_NUMBER, value=str(number)))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM meta WHERE key = :key").bindparams(key=LAST_NUMBER))
    op.drop_index("ix_boards_legacy_id", table_name="boards")
    op.drop_column("boards", "legacy_id")
