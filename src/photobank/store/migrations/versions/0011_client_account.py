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
    if op.get_bind().dialect.name == "sqlite":
        # ADD COLUMN with its reference: a batch copy would drop api_clients, which the
        # tokens' foreign keys refuse once clients have tokens.
        op.execute(
            "ALTER TABLE api_clients ADD COLUMN account_id INTEGER REFERENCES customers (id)"
        )
        return
    op.add_column("api_clients", sa.Column("account_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        "fk_api_clients_account_id",
        "api_clients",
        "customers",
        ["account_id"],
        ["id"],
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("api_clients") as batch:
            batch.drop_column("account_id")
        return
    op.drop_constraint("fk_api_clients_account_id", "api_clients", type_="foreignkey")
    op.drop_column("api_clients", "account_id")
