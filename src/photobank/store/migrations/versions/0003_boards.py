"""boards: boards, their collaborators, assets and comments

Revision ID: 0003_boards
Revises: 0001
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0003_boards"
down_revision = "0001"
branch_labels = None
depends_on = None


def _board_id(primary: bool) -> sa.Column[str]:
    return sa.Column(
        "board_id", sa.String(length=32), sa.ForeignKey("boards.id"), primary_key=primary,
        nullable=False,
    )  # fmt: skip


def _at(name: str) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "boards",
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        _at("created_at"),
        _at("updated_at"),
    )
    op.create_index("ix_boards_owner", "boards", ["owner_id"])
    op.create_table(
        "board_collaborators",
        _board_id(True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), primary_key=True),
        sa.Column("permissions", sa.JSON(), nullable=False),
        _at("added_at"),
    )
    op.create_index("ix_board_collaborators_customer", "board_collaborators", ["customer_id"])
    op.create_table(
        "board_assets",
        _board_id(True),
        sa.Column("asset_id", sa.String(length=40), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        _at("added_at"),
    )
    op.create_table(
        "board_comments",
        sa.Column("id", sa.Integer(), primary_key=True),
        _board_id(False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _at("created_at"),
    )
    op.create_index("ix_board_comments_board", "board_comments", ["board_id"])


def downgrade() -> None:
    for table in ("board_comments", "board_assets", "board_collaborators", "boards"):
        op.drop_table(table)
