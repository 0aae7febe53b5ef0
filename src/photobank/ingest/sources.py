"""The files assets were ingested from, as the ``ingested_files`` table keeps them."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping
from operator import attrgetter

from sqlalchemy import Connection, Engine, RowMapping, delete, or_, select, update

from photobank.ingest.drafts import SourceFile
from photobank.store import tables as t
from photobank.store.bulk import insert_rows

# A source file's fields are the columns of its row (its ``path`` is ``source_path``).
SOURCE_COLUMNS = tuple(f.name for f in dataclasses.fields(SourceFile) if f.name != "path")
_ROW_COLUMNS = ("asset_id", "source_path", *SOURCE_COLUMNS)
_SOURCE_VALUES = attrgetter(*SOURCE_COLUMNS)


def source_of(row: RowMapping) -> SourceFile:
    return SourceFile(row["source_path"], **{name: row[name] for name in SOURCE_COLUMNS})


def write_sources(conn: Connection, sources: Mapping[str, SourceFile]) -> None:
    """Replace the source rows of the assets of ``sources`` (in the caller's transaction)."""
    if not sources:
        return
    table = t.ingested_files
    conn.execute(delete(table).where(table.c.asset_id.in_(list(sources))))
    rows = [(i, source.path, *_SOURCE_VALUES(source)) for i, source in sources.items()]
    insert_rows(conn, table, rows, _ROW_COLUMNS)


def all_sources(engine: Engine) -> dict[str, SourceFile]:
    """Every asset's source row by asset id, rows of manifest-only assets included."""
    with engine.connect() as conn:
        rows = conn.execute(select(t.ingested_files)).mappings().all()
    return {row["asset_id"]: source_of(row) for row in rows}


def source_files(engine: Engine, ids: Iterable[str]) -> dict[str, SourceFile]:
    """The files assets were ingested from, by asset id (assets with no file are absent)."""
    table = t.ingested_files
    query = select(table).where(table.c.asset_id.in_(list(ids)), table.c.source_path != "")
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return {row["asset_id"]: source_of(row) for row in rows}


def rename_sources(engine: Engine, folders: Collection[str], prefix: str) -> list[str]:
    """Rename the sources lying directly in one of ``folders`` to ``prefix`` + their file
    name, in one transaction; the paths they had."""
    table = t.ingested_files
    found = or_(*(table.c.source_path.startswith(f"{f}/", autoescape=True) for f in folders))
    renamed = []
    with engine.begin() as conn:
        rows = conn.execute(select(table.c.asset_id, table.c.source_path).where(found)).all()
        for asset_id, path in rows:
            folder, _, name = path.rpartition("/")
            if folder in folders:
                row = table.c.asset_id == asset_id
                conn.execute(update(table).where(row).values(source_path=prefix + name))
                renamed.append(path)
    return renamed
