"""Many rows into one table in one executemany, bound as SQLAlchemy would bind them.

A Core ``insert`` of a list of dicts compiles the statement once but builds
and processes a parameter dict per row, which for an asset's 46 columns
costs more than SQLite's own insert. Here the rows come as plain tuples in the
table's column order; the statement SQLAlchemy compiles for the table (casts
included, on PostgreSQL) and the column types' own bind processors (JSON,
dates, booleans) are applied to them, and the driver gets the batch in one
``executemany``. What is stored, and how errors are reported (the engine's
error handlers run), are the same as through ``insert``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Dialect, Table, insert


@dataclass(frozen=True, slots=True)
class _Plan:
    sql: str
    keys: tuple[str, ...] | None  # the parameter names, where the driver takes them by name
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # by column position


def insert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[Sequence[Any]],
    columns: tuple[str, ...] | None = None,
) -> None:
    """Insert ``rows``, each a value for every one of ``columns`` (default: every column
    of ``table``), in that order."""
    if not rows:
        return
    plan = _plan(conn.dialect, table, columns or tuple(c.key for c in table.columns))
    processors = plan.processors
    bound: list[Any] = []
    for row in rows:
        values = list(row)
        for at, process in processors:
            values[at] = process(values[at])
        bound.append(values)
    if plan.keys is not None:
        keys = plan.keys
        bound = [dict(zip(keys, values, strict=True)) for values in bound]
    else:
        bound = [tuple(values) for values in bound]
    conn.exec_driver_sql(plan.sql, bound)


@lru_cache(maxsize=32)  # a few tables on one or two dialects: entries of a few kB
def _plan(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> _Plan:
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys), for_executemany=True)
    if compiled.positiontup is not None and list(compiled.positiontup) != list(keys):
        raise ValueError(f"{table.name}: the compiled insert binds its columns out of order")
    processors = []
    for at, key in enumerate(keys):
        process = table.columns[key].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors.append((at, process))
    named = not dialect.positional
    return _Plan(compiled.string, keys if named else None, tuple(processors))
