"""AI generations: a customer's generation requests, their variations and downloads

Revision ID: 0010_ai_generations
Revises: 0009_board_legacy_id
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010_ai_generations"
down_revision = "0009_board_legacy_id"
branch_labels = None
depends_on = None  # 0002_licensing's products table comes first: see store/migrate.py


def _pacing() -> list[sa.Column[Any]]:
    """When a pending answer becomes ready: after so many polls, not before a time."""
    return [
        sa.Column("polls_needed", sa.Integer(), nullable=False),
        sa.Column("polls_seen", sa.Integer(), nullable=False),
        sa.Column("ready_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "ai_generations",
        sa.Column("id", sa.String(length=40), primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("product_id", sa.Integer(), sa.ForeignKey("products.id"), nullable=False),
        sa.Column("parent_id", sa.String(length=40)),
        sa.Column("parent_index", sa.Integer()),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("negative_prompt", sa.Text()),
        sa.Column("aspect_ratio", sa.String(length=8), nullable=False),
        sa.Column("media_type", sa.String(length=16)),
        sa.Column("mood", sa.String(length=24)),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("images", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text()),
        sa.Column("project_code", sa.String(length=100)),
        *_pacing(),
    )
    op.create_index("ix_ai_generations_customer", "ai_generations", ["customer_id"])
    op.create_table(
        "ai_downloads",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "generation_id",
            sa.String(length=40),
            sa.ForeignKey("ai_generations.id"),
            nullable=False,
        ),
        sa.Column("image_index", sa.Integer(), nullable=False),
        sa.Column("size_name", sa.String(length=4), nullable=False),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        *_pacing(),
    )
    op.create_index("ix_ai_downloads_image", "ai_downloads", ["generation_id", "image_index"])


def downgrade() -> None:
    op.drop_index("ix_ai_downloads_image", table_name="ai_downloads")
    op.drop_table("ai_downloads")
    op.drop_index("ix_ai_generations_customer", table_name="ai_generations")
    op.drop_table("ai_generations")
