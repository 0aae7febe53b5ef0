"""Alembic migrations produce exactly the schema the code declares."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from photobank.boards.numbers import LAST_NUMBER
from photobank.store import tables
from photobank.store.engine import make_engine
from photobank.store.migrate import alembic_config, heads, upgrade
from photobank.store.tables import metadata


def test_migrations_match_the_tables(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/db.sqlite")
    upgrade(engine)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []


def test_upgrade_is_idempotent_and_uses_wal(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/db.sqlite")
    upgrade(engine)
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_existing_boards_get_lightbox_numbers_in_creation_order(tmp_path: Path) -> None:
    """Boards made before lightbox numbers existed are numbered oldest first, and the
    count continues after them."""
    engine = make_engine(f"sqlite:///{tmp_path}/db.sqlite")
    upgrade(engine, "0008_daily_usage")
    at = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(tables.customers).values(
                id=1, username="ada", password_hash="x", first_name="Ada", last_name="L",
                email="ada@example.com", created_at=at,
            )
        )  # fmt: skip
        for board_id, days in (("b" * 32, 2), ("a" * 32, 3), ("c" * 32, 1)):
            when = at + timedelta(days=days)
            conn.execute(
                insert(tables.boards).values(
                    id=board_id, owner_id=1, name=board_id[0], created_at=when, updated_at=when
                )
            )
    upgrade(engine)
    with engine.connect() as conn:
        boards = tables.boards
        numbered = conn.execute(select(boards.c.name, boards.c.legacy_id).order_by(boards.c.name))
        assert {name: number for name, number in numbered} == {"c": 1, "b": 2, "a": 3}
        meta = tables.meta
        last = conn.scalar(select(meta.c.value).where(meta.c.key == LAST_NUMBER))
        assert last == "3"


# The version rows a data directory made by the release before the client accounts
# (migration 0011) holds: one per head of the revision graph as it stood then.
_HEADS_BEFORE_CLIENT_ACCOUNTS = (
    "0002_emulator",
    "0002_licensing",
    "0002_media",
    "0004_asset_changes",
    "0004_authorize",
    "0004_videos",
    "0010_ai_generations",
)


def test_a_data_directory_of_the_release_before_upgrades_with_its_clients_and_tokens(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/db.sqlite")
    for head in _HEADS_BEFORE_CLIENT_ACCOUNTS:
        upgrade(engine, head)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM alembic_version")
        for head in _HEADS_BEFORE_CLIENT_ACCOUNTS:
            conn.exec_driver_sql("INSERT INTO alembic_version VALUES (?)", (head,))
        client = {"name": "app", "api_key": "k" * 24, "secret_hash": "x", "enabled": True}
        conn.execute(
            insert(tables.api_clients).values(
                id=1, qps_limit=0, daily_limit=0, grant_types=["client_credentials"],
                created_at=at, **client,
            )
        )  # fmt: skip
        conn.execute(
            insert(tables.oauth_tokens).values(
                token_hash="t", kind="access", client_id=1, issued_at=at,
                expires_at=at + timedelta(hours=1), revoked=False,
            )
        )  # fmt: skip
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.scalar(select(tables.api_clients.c.account_id)) is None
        assert conn.exec_driver_sql("SELECT count(*) FROM oauth_tokens").scalar() == 1
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_reference_names_become_unique_and_rows_stored_twice_keep_their_ids(
    tmp_path: Path,
) -> None:
    """A keyword, person, place or event stored twice before names were unique: the
    first keeps the name's key, the later one stays (assets refer to it) under a key
    no mention matches, and no writer can store the name a third time."""
    engine = make_engine(f"sqlite:///{tmp_path}/db.sqlite")
    upgrade(engine, "0015_search_field_lengths")
    day = datetime(2026, 5, 1, 9, tzinfo=UTC)
    place = {"city": "Brest", "state_province": None, "country": "France"}
    with engine.begin() as conn:
        conn.execute(
            insert(tables.keywords),
            [
                {"id": 7, "text": "Harbour", "type": "Thing"},
                {"id": 3, "text": "harbour", "type": "x"},
            ],
        )
        conn.execute(
            insert(tables.people), [{"id": 1, "name": "A. Sitter"}, {"id": 2, "name": "A. Sitter"}]
        )
        conn.execute(
            insert(tables.locations),
            [
                {"id": 1, "name": "Brest, France", **place},
                {"id": 2, "name": "BREST, France", **place},
            ],
        )
        event = {"start_date": day, "type": "", "editorial_segments": []}
        conn.execute(
            insert(tables.events),
            [{"id": 4, "name": "Regatta", **event}, {"id": 5, "name": "regatta", **event}],
        )  # fmt: skip
    upgrade(engine)
    brest = "brest, france\x1fbrest\x1f\x1ffrance"  # name, city, state, country
    with engine.connect() as conn:
        keys = {
            table.name: dict(conn.execute(select(table.c.id, table.c.name_key)).all())
            for table in (tables.keywords, tables.people, tables.locations, tables.events)
        }
    assert keys == {
        "keywords": {3: "harbour", 7: "harbour\x1f#7"},
        "people": {1: "A. Sitter", 2: "A. Sitter\x1f#2"},
        "locations": {1: brest, 2: brest + "\x1f#2"},
        "events": {4: "regatta\x1f2026-05-01", 5: "regatta\x1f2026-05-01\x1f#5"},
    }  # fmt: skip
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            insert(tables.keywords).values(id=9, text="HARBOUR", type="", name_key="harbour")
        )


def test_the_heads_read_off_the_files_are_alembics() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert heads() == frozenset(scripts.get_heads())


def test_a_current_store_opens_without_alembic_and_one_behind_is_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/db.sqlite")
    upgrade(engine, "0015_search_field_lengths")
    upgrade(engine)  # one behind: migrated
    with engine.connect() as conn:
        assert "name_key" in {c[1] for c in conn.exec_driver_sql("PRAGMA table_info(keywords)")}

    def refuse(*_args: object) -> None:
        raise AssertionError("alembic ran on a current store")

    monkeypatch.setattr(command, "upgrade", refuse)
    upgrade(engine)
