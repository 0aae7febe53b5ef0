"""Named snapshots of the SQLite store, and a restore that copies only what differs.

A PostgreSQL store has its own (:mod:`photobank.emulator.pg_snapshots`), with the
same behaviour; :func:`open_snapshots` picks the one for the engine.

Saving uses SQLite's online backup API (a consistent copy while the server
runs). Restoring does not copy the whole file back: every snapshot and the
live store descend from the state the emulator started in, whose change-log
length is the *baseline*. An asset can only differ between two of them if one
of their logs names it after the baseline, so ``assets`` is restored row by
row for those ids, the log itself from the baseline on, and every other
(small) table wholesale, in one transaction. Time then depends on what
changed, not on the catalog's size. Foreign keys are not enforced meanwhile:
each snapshot is consistent, and assets outside the copied ids are the same
in both, so the result is too; enforcing them would scan every asset for each
reference row replaced (measured: half a second at 10,000 assets).
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine

from photobank import errors

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
DIFFERENTIAL = ("assets", "asset_changes", "alembic_version")


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    name: str
    last_seq: int
    bytes: int


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise errors.InvalidParameter(
            "name", "A snapshot name is 1-64 letters, digits, '.', '_' or '-'."
        )
    return name


class Snapshots(Protocol):
    """Named copies of the store, restored by difference from a baseline change-log length."""

    def save(self, name: str) -> SnapshotInfo: ...

    def info(self, name: str) -> SnapshotInfo: ...

    def names(self) -> list[str]: ...

    def delete(self, name: str) -> None: ...

    def restore(self, name: str, baseline: int) -> list[str]: ...


def open_snapshots(engine: Engine, directory: Path, keep: bool = False) -> Snapshots:
    """Snapshots of the store at ``engine``: files in ``directory`` for SQLite, schemas in
    the database itself for PostgreSQL (``keep``: those other nodes saved, rather than
    dropping an earlier run's)."""
    if engine.dialect.name == "postgresql":
        from photobank.emulator.pg_snapshots import PostgresSnapshots

        return PostgresSnapshots(engine, keep)
    return SnapshotStore(engine, directory)


class SnapshotStore:
    """Snapshots of a SQLite store, as files beside it."""

    def __init__(self, engine: Engine, directory: Path) -> None:
        if engine.dialect.name != "sqlite":
            raise errors.Conflict("Snapshots need the SQLite record store.")
        self._engine = engine
        self._dir = directory
        self._dir.mkdir(parents=True, exist_ok=True)
        for stale in self._dir.glob("*.db"):  # snapshots live as long as one emulator run
            stale.unlink()

    def _path(self, name: str) -> Path:
        return self._dir / f"{check_name(name)}.db"

    def save(self, name: str) -> SnapshotInfo:
        target = self._path(name)
        partial = target.with_suffix(".partial")
        raw = self._engine.raw_connection()
        try:
            copy = sqlite3.connect(partial)
            try:
                _driver(raw).backup(copy)
            finally:
                copy.close()
        finally:
            raw.close()
        os.replace(partial, target)
        return self.info(name)

    def info(self, name: str) -> SnapshotInfo:
        path = self._path(name)
        if not path.exists():
            raise errors.NotFound(f"No snapshot named '{name}'.")
        conn = sqlite3.connect(path)
        try:
            (seq,) = conn.execute("SELECT coalesce(max(seq), 0) FROM asset_changes").fetchone()
        finally:
            conn.close()
        return SnapshotInfo(name, int(seq), path.stat().st_size)

    def names(self) -> list[str]:
        return sorted(path.stem for path in self._dir.glob("*.db"))

    def delete(self, name: str) -> None:
        path = self._path(name)
        if not path.exists():
            raise errors.NotFound(f"No snapshot named '{name}'.")
        path.unlink()

    def restore(self, name: str, baseline: int) -> list[str]:
        """Make the live store equal to snapshot ``name``; returns the asset ids that changed."""
        path = self._path(name)
        if not path.exists():
            raise errors.NotFound(f"No snapshot named '{name}'.")
        raw = self._engine.raw_connection()
        conn = _driver(raw)
        isolation = conn.isolation_level
        conn.isolation_level = None  # BEGIN and COMMIT below are ours
        conn.execute("PRAGMA foreign_keys = OFF")  # only outside a transaction
        try:
            conn.execute("ATTACH DATABASE ? AS snap", (str(path),))
            try:
                return _copy_back(conn, baseline)
            finally:
                conn.execute("DETACH DATABASE snap")
        finally:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.isolation_level = isolation
            raw.close()


def _copy_back(conn: sqlite3.Connection, baseline: int) -> list[str]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT asset_id FROM main.asset_changes WHERE seq > ?"
                " UNION SELECT asset_id FROM snap.asset_changes WHERE seq > ?",
                (baseline, baseline),
            )
        ]
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS restore_ids (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM temp.restore_ids")
        conn.executemany("INSERT INTO temp.restore_ids VALUES (?)", [(i,) for i in ids])
        columns = _columns(conn, "assets")
        conn.execute("DELETE FROM main.assets WHERE id IN (SELECT id FROM temp.restore_ids)")
        conn.execute(
            f"INSERT INTO main.assets ({columns}) SELECT {columns} FROM snap.assets"
            " WHERE id IN (SELECT id FROM temp.restore_ids)"
        )
        columns = _columns(conn, "asset_changes")
        conn.execute("DELETE FROM main.asset_changes WHERE seq > ?", (baseline,))
        conn.execute(
            f"INSERT INTO main.asset_changes ({columns})"
            f" SELECT {columns} FROM snap.asset_changes WHERE seq > ?",
            (baseline,),
        )
        for table in _whole_tables(conn):
            columns = _columns(conn, table)
            conn.execute(f'DELETE FROM main."{table}"')
            conn.execute(
                f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM snap."{table}"'
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return ids


def _whole_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables copied whole: every table of the snapshot but the catalog's big two."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM snap.sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    tables = [name for name in names if name not in DIFFERENTIAL]
    has_sequence = conn.execute(
        "SELECT count(*) FROM snap.sqlite_master WHERE name = 'sqlite_sequence'"
    ).fetchone()[0]
    return [*tables, "sqlite_sequence"] if has_sequence else tables


def _columns(conn: sqlite3.Connection, table: str) -> str:
    rows = conn.execute(f'PRAGMA snap.table_info("{table}")').fetchall()
    return ", ".join(f'"{row[1]}"' for row in rows)


def _driver(raw: Any) -> sqlite3.Connection:
    connection = raw.driver_connection
    assert isinstance(connection, sqlite3.Connection)
    return connection
