"""Named snapshots of a PostgreSQL store: a schema per snapshot, restored by difference.

The same contract as the SQLite snapshots (:mod:`photobank.emulator.snapshots`):
saving copies every table of the store into a schema of its own in one
repeatable-read transaction (a consistent copy while the server runs) and
notes each id sequence; restoring copies back, in one transaction, only the
assets named in either change log after the *baseline*, the log from the
baseline on, and every other (small) table whole, then sets the sequences
back. A registry table in the ``photobank_snapshots`` schema maps names to
their schemas.

PostgreSQL checks references as each statement ends and cannot turn that off
without a superuser, so the order does the work: the tables the assets refer
to (collections, locations) are never emptied — their snapshot rows are
upserted first and the others removed last, when nothing points at them —
while every other table is emptied children first and refilled parents first.
"""

from __future__ import annotations

import secrets
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, Table, text

from photobank import errors
from photobank.emulator.snapshots import DIFFERENTIAL, SnapshotInfo, check_name
from photobank.store.tables import asset_changes, assets, metadata

_REGISTRY = "photobank_snapshots"
_PREFIX = "photobank_snapshot_"


class PostgresSnapshots:
    """Snapshots of the store at ``engine``; those of an earlier run are dropped at start."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        with engine.begin() as conn:
            self._live = str(conn.scalar(text("SELECT current_schema()")))
            stale = conn.scalars(
                text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :pattern"),
                {"pattern": _PREFIX.replace("_", r"\_") + "%"},
            ).all()
            for schema in stale:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{_REGISTRY}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{_REGISTRY}"'))
            conn.execute(
                text(
                    f'CREATE TABLE "{_REGISTRY}".saved (name text PRIMARY KEY,'
                    " schema text NOT NULL, last_seq bigint NOT NULL, bytes bigint NOT NULL,"
                    " sequences jsonb NOT NULL)"
                )
            )

    def save(self, name: str) -> SnapshotInfo:
        schema = _PREFIX + secrets.token_hex(8)
        with self._engine.begin() as conn:
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            for table in metadata.sorted_tables:
                conn.execute(
                    text(f'CREATE TABLE "{schema}"."{table.name}" AS TABLE {self._q(table)}')
                )
            for table in (assets, asset_changes):  # restores look rows up by key
                key = _key(table)
                conn.execute(text(f'ALTER TABLE "{schema}"."{table.name}" ADD PRIMARY KEY ({key})'))
            last_seq = conn.scalar(
                text(f'SELECT coalesce(max(seq), 0) FROM "{schema}".asset_changes')
            )
            size = conn.scalar(
                text(
                    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = :schema AND c.relkind = 'r'"
                ),
                {"schema": schema},
            )
            old = conn.scalar(
                text(f'DELETE FROM "{_REGISTRY}".saved WHERE name = :name RETURNING schema'),
                {"name": check_name(name)},
            )
            if old is not None:
                conn.execute(text(f'DROP SCHEMA "{old}" CASCADE'))
            conn.execute(
                text(
                    f'INSERT INTO "{_REGISTRY}".saved VALUES'
                    " (:name, :schema, :last_seq, :bytes, CAST(:sequences AS jsonb))"
                ),
                {
                    "name": name,
                    "schema": schema,
                    "last_seq": int(last_seq or 0),
                    "bytes": int(size or 0),
                    "sequences": orjson.dumps(self._sequences(conn)).decode(),
                },
            )
        return self.info(name)

    def info(self, name: str) -> SnapshotInfo:
        with self._engine.connect() as conn:
            row = self._saved(conn, name)
        return SnapshotInfo(name, int(row["last_seq"]), int(row["bytes"]))

    def names(self) -> list[str]:
        with self._engine.connect() as conn:
            return list(conn.scalars(text(f'SELECT name FROM "{_REGISTRY}".saved ORDER BY name')))

    def delete(self, name: str) -> None:
        with self._engine.begin() as conn:
            schema = self._saved(conn, name)["schema"]
            conn.execute(text(f'DELETE FROM "{_REGISTRY}".saved WHERE name = :n'), {"n": name})
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))

    def restore(self, name: str, baseline: int) -> list[str]:
        """Make the live store equal to snapshot ``name``; returns the asset ids that changed."""
        with self._engine.begin() as conn:
            saved = self._saved(conn, name)
            snap = f'"{saved["schema"]}"'
            ids = list(
                conn.scalars(
                    text(
                        f"SELECT asset_id FROM {self._q(asset_changes)} WHERE seq > :b"
                        f" UNION SELECT asset_id FROM {snap}.asset_changes WHERE seq > :b"
                    ),
                    {"b": baseline},
                )
            )
            kept = _referenced_by_differential()
            whole = [t for t in metadata.sorted_tables if t.name not in DIFFERENTIAL]
            conn.execute(text(f"DELETE FROM {self._q(assets)} WHERE id = ANY(:ids)"), {"ids": ids})
            conn.execute(
                text(f"DELETE FROM {self._q(asset_changes)} WHERE seq > :b"), {"b": baseline}
            )
            for table in reversed(whole):
                if table not in kept:
                    conn.execute(text(f"DELETE FROM {self._q(table)}"))
            for table in whole:
                self._copy(conn, snap, table, upsert=table in kept)
            columns = _columns(assets)
            conn.execute(
                text(
                    f"INSERT INTO {self._q(assets)} ({columns}) SELECT {columns}"
                    f" FROM {snap}.assets WHERE id = ANY(:ids)"
                ),
                {"ids": ids},
            )
            columns = _columns(asset_changes)
            conn.execute(
                text(
                    f"INSERT INTO {self._q(asset_changes)} ({columns}) SELECT {columns}"
                    f" FROM {snap}.asset_changes WHERE seq > :b"
                ),
                {"b": baseline},
            )
            for table in reversed(whole):
                if table in kept:
                    key = _key(table)
                    conn.execute(
                        text(
                            f"DELETE FROM {self._q(table)} WHERE ({key}) NOT IN"
                            f' (SELECT {key} FROM {snap}."{table.name}")'
                        )
                    )
            for sequence, value in saved["sequences"].items():
                conn.execute(
                    text("SELECT setval(CAST(:s AS regclass), :v, :called)"),
                    {"s": sequence, "v": value or 1, "called": value is not None},
                )
        return ids

    def _q(self, table: Table) -> str:
        return f'"{self._live}"."{table.name}"'

    def _saved(self, conn: Connection, name: str) -> Any:
        row = (
            conn.execute(
                text(f'SELECT * FROM "{_REGISTRY}".saved WHERE name = :name'),
                {"name": check_name(name)},
            )
            .mappings()
            .first()
        )
        if row is None:
            raise errors.NotFound(f"No snapshot named '{name}'.")
        return row

    def _copy(self, conn: Connection, snap: str, table: Table, upsert: bool) -> None:
        columns = _columns(table)
        statement = (
            f'INSERT INTO {self._q(table)} ({columns}) SELECT {columns} FROM {snap}."{table.name}"'
        )
        if upsert:
            key = _key(table)
            rest = [c.name for c in table.columns if not c.primary_key]
            change = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in rest)
            statement += f" ON CONFLICT ({key}) " + (
                f"DO UPDATE SET {change}" if rest else "DO NOTHING"
            )
        conn.execute(text(statement))

    def _sequences(self, conn: Connection) -> dict[str, int | None]:
        """Each id sequence's last value (None: never used), by qualified name."""
        found: dict[str, int | None] = {}
        for table in metadata.sorted_tables:
            for column in table.primary_key:
                sequence = conn.scalar(
                    text("SELECT pg_get_serial_sequence(:t, :c)"),
                    {"t": f'"{self._live}"."{table.name}"', "c": column.name},
                )
                if sequence is not None:
                    found[sequence] = conn.scalar(
                        text(f"SELECT CASE WHEN is_called THEN last_value END FROM {sequence}")
                    )
        return found


def _key(table: Table) -> str:
    return ", ".join(f'"{column.name}"' for column in table.primary_key)


def _columns(table: Table) -> str:
    return ", ".join(f'"{column.name}"' for column in table.columns)


def _referenced_by_differential() -> set[Table]:
    """Tables the row-by-row restored ones refer to, and theirs in turn: never emptied."""
    found: set[Table] = set()
    pending = [assets, asset_changes]
    while pending:
        for key in pending.pop().foreign_keys:
            if key.column.table not in found:
                found.add(key.column.table)
                pending.append(key.column.table)
    return found
