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
    """Snapshots of the store at ``engine``; those of an earlier run are dropped at start,
    unless ``keep`` (a node joining the deployment's running emulator keeps them)."""

    def __init__(self, engine: Engine, keep: bool = False) -> None:
        self._engine = engine
        with engine.begin() as conn:
            self._live = str(conn.scalar(text("SELECT current_schema()")))
            self._serial = self._serials(conn)
            if keep:
                return
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
            copies = [
                f'CREATE TABLE "{schema}"."{t.name}" AS TABLE {self._q(t)}'
                for t in metadata.sorted_tables
            ]
            keys = [  # restores look these up by key
                f'ALTER TABLE "{schema}"."{t.name}" ADD PRIMARY KEY ({_key(t)})'
                for t in (assets, asset_changes)
            ]
            _script(conn, [f'CREATE SCHEMA "{schema}"', *copies, *keys])
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
        """Make the live store equal to snapshot ``name``; returns the asset ids that changed.

        The steps go to PostgreSQL as one script: a round trip each would cost more
        than the copying (measured: 95 statements, a second on a busy machine)."""
        with self._engine.begin() as conn:
            saved = self._saved(conn, name)
            _script(conn, self._restoring(f'"{saved["schema"]}"', int(baseline), saved))
            return list(conn.scalars(text("SELECT id FROM restore_ids")))

    def _restoring(self, snap: str, baseline: int, saved: Any) -> list[str]:
        kept = _referenced_by_differential()
        whole = [t for t in metadata.sorted_tables if t.name not in DIFFERENTIAL]
        live_assets, live_changes = self._q(assets), self._q(asset_changes)
        changed = "id IN (SELECT id FROM restore_ids)"
        steps = [
            "CREATE TEMP TABLE restore_ids ON COMMIT DROP AS"
            f" SELECT asset_id AS id FROM {live_changes} WHERE seq > {baseline}"
            f" UNION SELECT asset_id FROM {snap}.asset_changes WHERE seq > {baseline}",
            f"DELETE FROM {live_assets} WHERE {changed}",
            f"DELETE FROM {live_changes} WHERE seq > {baseline}",
            *(f"DELETE FROM {self._q(t)}" for t in reversed(whole) if t not in kept),
            *(self._copying(snap, t, upsert=t in kept) for t in whole),
            self._copying(snap, assets, where=changed),
            self._copying(snap, asset_changes, where=f"seq > {baseline}"),
        ]
        for table in reversed(whole):
            if table in kept:
                key = _key(table)
                steps.append(
                    f"DELETE FROM {self._q(table)} WHERE ({key}) NOT IN"
                    f' (SELECT {key} FROM {snap}."{table.name}")'
                )
        for sequence, value in saved["sequences"].items():
            called = "true" if value is not None else "false"
            steps.append(f"SELECT setval({_literal(sequence)}::regclass, {value or 1}, {called})")
        return steps

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

    def _copying(self, snap: str, table: Table, upsert: bool = False, where: str = "") -> str:
        """The statement copying ``table``'s rows (those ``where`` says) from ``snap``."""
        columns = _columns(table)
        statement = (
            f'INSERT INTO {self._q(table)} ({columns}) SELECT {columns} FROM {snap}."{table.name}"'
        )
        if where:
            statement += f" WHERE {where}"
        if upsert:
            rest = [c.name for c in table.columns if not c.primary_key]
            change = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in rest)
            action = f"UPDATE SET {change}" if rest else "NOTHING"
            statement += f" ON CONFLICT ({_key(table)}) DO {action}"
        return statement

    def _serials(self, conn: Connection) -> list[str]:
        """The sequences handing out the store's ids, by qualified name."""
        owned = [(self._q(t), c.name) for t in metadata.sorted_tables for c in t.primary_key]
        found = conn.scalars(
            text(
                "SELECT pg_get_serial_sequence(t, c)"
                " FROM unnest(CAST(:t AS text[]), CAST(:c AS text[])) AS o(t, c)"
            ),
            {"t": [t for t, _ in owned], "c": [c for _, c in owned]},
        )
        return [str(name) for name in found if name is not None]

    def _sequences(self, conn: Connection) -> dict[str, int | None]:
        """Each id sequence's last value (None: never used), by qualified name."""
        rows = conn.execute(
            text(
                "SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences"
                " WHERE format('%I.%I', schemaname, sequencename) = ANY(CAST(:names AS text[]))"
            ),
            {"names": self._serial},
        )
        return {str(name): value for name, value in rows}


def _script(conn: Connection, steps: list[str]) -> None:
    """Run ``steps`` in one round trip (no parameters: every value in them is ours)."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(";\n".join(steps))
    finally:
        cursor.close()


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


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
