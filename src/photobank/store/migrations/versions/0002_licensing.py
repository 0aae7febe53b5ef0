"""licensing: products, orders, licences, downloads, extended licences, usage

Revision ID: 0002_licensing
Revises: 0001
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0002_licensing"
down_revision = "0001"
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _fk(name: str, target: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=False)


def _at(name: str) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "products",
        _id(),
        _fk("customer_id", "customers.id"),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("agreement_name", sa.String(length=200), nullable=False),
        sa.Column("application_website", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("download_limit", sa.Integer(), nullable=True),
        sa.Column("limit_duration", sa.String(length=8), nullable=True),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("downloads_used", sa.Integer(), nullable=False),
        sa.Column("overage_limit", sa.Integer(), nullable=False),
        sa.Column("credits_remaining", sa.Integer(), nullable=True),
        sa.Column("team_credits", sa.Integer(), nullable=True),
        sa.Column("imagepack_resolution", sa.String(length=32), nullable=True),
        sa.Column("note_required", sa.Boolean(), nullable=False),
        sa.Column("project_code_required", sa.Boolean(), nullable=False),
        sa.Column("project_codes", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        _at("created_at"),
        sa.CheckConstraint("downloads_used >= 0", name="ck_products_downloads_used"),
        sa.CheckConstraint("credits_remaining >= 0", name="ck_products_credits_remaining"),
        sa.CheckConstraint("team_credits >= 0", name="ck_products_team_credits"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_products_customer", "products", ["customer_id"])
    op.create_table(
        "orders",
        _id(),
        _fk("customer_id", "customers.id"),
        sa.Column("asset_id", sa.String(length=40), nullable=False),
        _fk("product_id", "products.id"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("project_code", sa.String(length=100), nullable=True),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_orders_customer", "orders", ["customer_id"])
    op.create_table(
        "licences",
        _id(),
        _fk("customer_id", "customers.id"),
        sa.Column("asset_id", sa.String(length=40), nullable=False),
        _fk("product_id", "products.id"),
        _fk("order_id", "orders.id"),
        sa.Column("size_name", sa.String(length=16), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("credits", sa.Integer(), nullable=False),
        _at("licensed_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_id", "asset_id", name="uq_licences_customer_asset"),
    )
    op.create_table(
        "downloads",
        _id(),
        _fk("customer_id", "customers.id"),
        sa.Column("asset_id", sa.String(length=40), nullable=False),
        sa.Column("asset_type", sa.String(length=8), nullable=False),
        _fk("licence_id", "licences.id"),
        _fk("product_id", "products.id"),
        sa.Column("size_name", sa.String(length=16), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("charged", sa.Boolean(), nullable=False),
        sa.Column("download_notes", sa.Text(), nullable=True),
        sa.Column("project_code", sa.String(length=100), nullable=True),
        _at("downloaded_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_downloads_customer_time", "downloads", ["customer_id", "downloaded_at"])
    op.create_index("ix_downloads_customer_asset", "downloads", ["customer_id", "asset_id"])
    op.create_table(
        "extended_licences",
        _id(),
        _fk("licence_id", "licences.id"),
        sa.Column("license_type", sa.String(length=16), nullable=False),
        sa.Column("credits", sa.Integer(), nullable=False),
        _fk("order_id", "orders.id"),
        _at("acquired_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("licence_id", "license_type", name="uq_extended_licences_type"),
    )
    op.create_table(
        "usage_batches",
        _id(),
        _fk("customer_id", "customers.id"),
        sa.Column("transaction_id", sa.String(length=100), nullable=False),
        _at("reported_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_id", "transaction_id", name="uq_usage_batches_transaction"),
    )
    op.create_table(
        "usage_reports",
        _id(),
        _fk("batch_id", "usage_batches.id"),
        sa.Column("asset_id", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        _at("usage_date"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_usage_reports_batch", "usage_reports", ["batch_id"])


def downgrade() -> None:
    op.drop_index("ix_usage_reports_batch", table_name="usage_reports")
    op.drop_table("usage_reports")
    op.drop_table("usage_batches")
    op.drop_table("extended_licences")
    op.drop_index("ix_downloads_customer_asset", table_name="downloads")
    op.drop_index("ix_downloads_customer_time", table_name="downloads")
    op.drop_table("downloads")
    op.drop_table("licences")
    op.drop_index("ix_orders_customer", table_name="orders")
    op.drop_table("orders")
    op.drop_index("ix_products_customer", table_name="products")
    op.drop_table("products")
