"""reference name keys: keywords, people, locations and events unique by name

Each of the four tables gets ``name_key``, the key ingest matches a mention on
(:mod:`photobank.catalog.names`: a keyword's text case aside, a person's name,
a place's parts case aside, an event's name and UTC day), under a unique index,
so no writer can store a second row for a name the catalog has. Rows stored
twice before are kept (assets refer to them by id): the first by id keeps the
key, each later one a key of its own that no mention matches.

Revision ID: 0016_reference_name_keys
Revises: 0015_search_field_lengths
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from photobank.catalog.names import (
    duplicate_key,
    event_key,
    keyword_key,
    location_key,
    person_key,
)
from photobank.clock import as_utc

revision = "0016_reference_name_keys"
down_revision = "0015_search_field_lengths"
branch_labels = None
depends_on = None

_KEYS: dict[str, tuple[str, Callable[..., str]]] = {
    "keywords": ("text", keyword_key),
    "people": ("name", person_key),
    "locations": ("name, city, state_province, country", location_key),
    "events": ("name, start_date", lambda name, start: event_key(name, _when(start))),
}


def _when(stored: Any) -> Any:
    """A stored date as a datetime (SQLite gives text back through a raw query)."""
    return as_utc(datetime.fromisoformat(stored) if isinstance(stored, str) else stored)


def upgrade() -> None:
    conn = op.get_bind()
    for table, (columns, key_of) in _KEYS.items():
        op.execute(f"ALTER TABLE {table} ADD COLUMN name_key TEXT NOT NULL DEFAULT ''")
        taken: set[str] = set()
        keys = []
        rows = conn.execute(sa.text(f"SELECT id, {columns} FROM {table} ORDER BY id"))
        for row_id, *parts in rows:
            key = key_of(*parts)
            key = duplicate_key(key, row_id) if key in taken else key
            taken.add(key)
            keys.append({"id": row_id, "key": key})
        if keys:
            conn.execute(sa.text(f"UPDATE {table} SET name_key = :key WHERE id = :id"), keys)
        op.create_index(f"uq_{table}_name_key", table, ["name_key"], unique=True)


def downgrade() -> None:
    for table in _KEYS:
        op.drop_index(f"uq_{table}_name_key", table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("name_key")
