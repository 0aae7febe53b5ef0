"""authorize: redirect URIs per client, authorization codes, customers' middle names

Revision ID: 0004_authorize
Revises: 0003_boards
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_authorize"
down_revision = "0003_boards"
branch_labels = None
depends_on = None


def _client_id() -> sa.Column[int]:
    return sa.Column("client_id", sa.Integer(), sa.ForeignKey("api_clients.id"), nullable=False)


def upgrade() -> None:
    op.add_column(
        "customers",
        sa.Column("middle_name", sa.String(length=100), nullable=False, server_default=""),
    )
    op.create_table(
        "oauth_redirect_uris",
        sa.Column("id", sa.Integer(), primary_key=True),
        _client_id(),
        sa.Column("uri", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("client_id", "uri", name="uq_oauth_redirect_uris_client_uri"),
    )
    op.create_table(
        "oauth_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code_hash", sa.String(length=64), nullable=False, unique=True),
        _client_id(),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("redirect_uri", sa.String(length=2000), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.Column("token_hashes", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("oauth_codes")
    op.drop_table("oauth_redirect_uris")
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("middle_name")
