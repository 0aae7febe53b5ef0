"""client accounts: the customer an application belongs to

Getty issues every API key to an account; operations that act for a customer
but accept an application token (the AI generator) act for that account.

Revision ID: 0011_client_account
Revises: 0010_ai_generations
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_client_account"
down_revision = "0010_ai_generations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_clients") as batch:
        batch.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_api_clients_account_id", "customers", ["account_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("api_clients") as batch:
        batch.drop_constraint("fk_api_clients_account_id", type_="foreignkey")
        batch.drop_column("account_id")
