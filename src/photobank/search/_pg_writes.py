"""Writing PostgreSQL's search tables: rows by COPY, the word counts, the shared state.

Every write runs in a transaction holding one advisory lock, so the nodes of a
distributed deployment take turns: whichever node changed the catalog applies
the change log, and a node that comes second finds the work done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Connection, text

from photobank.catalog.repository import CatalogRepository
from photobank.search._pg_documents import COLUMNS, TextMemo, document_row
from photobank.search._state import IndexState

SCHEMA_VERSION = 3  # bump when a row's shape changes: the table is rebuilt on the next start
TABLE = "search_documents"
_LOCK_KEY = 0x70686F746F62616E  # the search tables' advisory lock (b"photoban")
_WORDS, _LENGTHS = COLUMNS.index("words"), COLUMNS.index("field_lengths")


def lock(conn: Connection) -> None:
    """Hold the search tables' write lock until this transaction ends."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


def read_state(conn: Connection) -> IndexState | None:
    row = conn.execute(text("SELECT schema_version, last_seq FROM search_state WHERE id = 1"))
    found = row.first()
    return IndexState(int(found[0]), int(found[1])) if found is not None else None


def write_state(conn: Connection, seq: int) -> None:
    conn.execute(
        text(
            "INSERT INTO search_state (id, schema_version, last_seq) VALUES (1, :version, :seq)"
            " ON CONFLICT (id) DO UPDATE SET schema_version = :version, last_seq = :seq"
        ),
        {"version": SCHEMA_VERSION, "seq": seq},
    )


def _copy(
    conn: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """COPY ``rows`` into ``table`` within ``conn``'s transaction; returns how many."""
    raw = cast(Any, conn.connection.driver_connection)
    count = 0
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _count_words(conn: Connection, delta: Counter[str]) -> None:
    """Add ``delta`` to the documents counted per word; words no document has go."""
    changed = {word: n for word, n in delta.items() if n}
    if not changed:
        return
    conn.execute(
        text(
            "INSERT INTO search_words (word, docs)"
            " SELECT * FROM unnest(CAST(:words AS text[]), CAST(:counts AS integer[]))"
            " ON CONFLICT (word) DO UPDATE SET docs = search_words.docs + excluded.docs"
        ),
        {"words": list(changed), "counts": list(changed.values())},
    )
    fewer = [word for word, n in changed.items() if n < 0]
    if fewer:
        conn.execute(
            text("DELETE FROM search_words WHERE word = ANY(CAST(:words AS text[])) AND docs <= 0"),
            {"words": fewer},
        )


class _Lengths:
    """Documents and their field lengths summed, as added and removed."""

    def __init__(self) -> None:
        self.documents = 0
        self.sums = [0, 0, 0, 0]

    def add(self, lengths: Sequence[int], sign: int = 1) -> None:
        self.documents += sign
        for field, length in enumerate(lengths[: len(self.sums)]):
            self.sums[field] += sign * length


def _count_lengths(conn: Connection, delta: _Lengths, *, anew: bool = False) -> None:
    """Add ``delta`` to the state's documents and field lengths (or, ``anew``, set them)."""
    if anew:
        sql = "UPDATE search_state SET documents = :n, field_length_sums = CAST(:sums AS bigint[])"
    elif delta.documents or any(delta.sums):
        sql = (
            "UPDATE search_state SET documents = documents + :n, field_length_sums = ARRAY("
            "SELECT coalesce(kept, 0) + coalesce(added, 0) FROM"
            " unnest(field_length_sums, CAST(:sums AS bigint[])) AS t (kept, added))"
        )
    else:
        return
    conn.execute(text(sql), {"n": delta.documents, "sums": delta.sums})


def replace(conn: Connection, repo: CatalogRepository, asset_ids: Sequence[str]) -> None:
    """Replace the rows of ``asset_ids`` by the store's present records: the store is
    the truth whatever a change said, and deleted or withdrawn assets have no row."""
    ids = list(dict.fromkeys(asset_ids))
    gone = conn.execute(
        text(
            f"DELETE FROM {TABLE} WHERE asset_id = ANY(CAST(:ids AS text[]))"
            " RETURNING words, field_lengths"
        ),
        {"ids": ids},
    )
    delta: Counter[str] = Counter()
    lengths = _Lengths()
    for words, field_lengths in gone:
        delta.subtract(words)
        lengths.add(field_lengths, -1)
    current = repo.get_assets(ids)
    ref, memo = repo.reference(), TextMemo()
    rows = [
        document_row(asset, ref, memo)
        for asset_id in ids
        if (asset := current.get(asset_id)) is not None and not asset.withdrawn
    ]
    for row in rows:
        delta.update(row[_WORDS])
        lengths.add(row[_LENGTHS])
    _copy(conn, TABLE, COLUMNS, rows)
    _count_words(conn, delta)
    _count_lengths(conn, lengths)


def rebuild(conn: Connection, repo: CatalogRepository) -> int:
    """Every asset on offer, anew; returns how many. Searches wait for the commit.

    The secondary indexes are dropped and made again after the load (from their own
    definitions, read back from the catalog, in the order they were made, as the
    planner weighs indexes it prices alike): building a RUM index once is many times
    faster than maintaining it row by row.
    """
    seq = repo.last_change_seq()
    definitions = conn.execute(
        text(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename = :table AND indexname <> :table || '_pkey'"
            " ORDER BY CAST(CAST(indexname AS regclass) AS oid)"
        ),
        {"table": TABLE},
    ).all()
    conn.execute(text(f"TRUNCATE {TABLE}, search_words"))
    for name, _definition in definitions:
        conn.execute(text(f'DROP INDEX "{name}"'))
    words: Counter[str] = Counter()
    lengths = _Lengths()

    def rows() -> Iterable[tuple[Any, ...]]:
        for batch in repo.iter_assets():
            ref, memo = repo.reference(), TextMemo()
            for asset in batch:
                if not asset.withdrawn:
                    row = document_row(asset, ref, memo)
                    words.update(row[_WORDS])
                    lengths.add(row[_LENGTHS])
                    yield row

    count = _copy(conn, TABLE, COLUMNS, rows())
    _copy(conn, "search_words", ("word", "docs"), words.items())
    conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for _name, definition in definitions:
        conn.execute(text(definition))
    write_state(conn, seq)
    _count_lengths(conn, lengths, anew=True)
    return count


def outnumbers_rows(conn: Connection, backlog: int) -> bool:
    """Whether ``backlog`` changes are at least as many as the table's rows."""
    rows = conn.execute(text(f"SELECT count(*) FROM {TABLE}")).scalar_one()
    return backlog >= int(rows)


def vacuum(conn: Connection) -> None:
    """Statistics and visibility after a bulk load (``conn`` in autocommit): the
    planner's estimates, and counts answered from the index alone."""
    conn.execute(text(f"VACUUM (ANALYZE) {TABLE}"))
    conn.execute(text("VACUUM (ANALYZE) search_words"))
