"""The distributed search backend: PostgreSQL full-text search over RUM indexes.

One row per asset on offer in ``search_documents`` (migration 0012), kept in
step by replaying the store's change log, as the embedded tantivy index is;
the last change applied lives in the database, so every node shares it and
any node may sync. Phrases and filters are one tsquery
(:mod:`photobank.search._pg_query`). With a phrase, best match orders by
RUM's text distance straight from the index (title over keywords over people,
places and events over caption; equal distances by tantivy's BM25-like score,
shorter fields first, times popularity, then an id hash, see
:mod:`photobank.search._pg_ties`), and newest
or oldest by the date key attached to a second RUM index; every other order
uses the embedded index's own keys (tie-breaks included), so both backends page
alike. A plain GIN index ranks by reading and sorting every match's row: many
times slower for a common word (see bench/postgres_search.py). Totals are exact
counts, which visit each match's table page, through a GIN index that answers
exactly (migrations 0013 and 0014: the planner would read the whole table, and
the RUM indexes have every hit's document read again), unless a short page
tells them or they were counted before in the table's present state
(:mod:`photobank.search._pg_cache`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, QueuePool, text

from photobank.catalog.repository import CatalogRepository
from photobank.search import _pg_writes as writes
from photobank.search import _schema as f
from photobank.search._pg_cache import DEFAULT_BUDGET, STATE, Facets, SearchCache
from photobank.search._pg_documents import KEYWORD_MARK, quote
from photobank.search._pg_query import Conditions, conditions
from photobank.search._pg_ties import Ranked, ranked_page
from photobank.search._phrase import ParsedPhrase, parse_phrase
from photobank.search._related import RELATED_POOL, related_keywords
from photobank.search._suggest import Speller
from photobank.search.query import (
    FACET_FIELDS,
    SORT_ORDERS,
    Concurrency,
    FacetValue,
    SearchQuery,
    SearchResult,
    shuffle_of,
)
from photobank.store.engine import reading

_CHANGE_BATCH = 5_000  # changes applied per transaction
_ALL_KEYWORDS = 10_000_000  # a catalog's whole keyword vocabulary
_MOST_ROWS = 1 << 62  # LIMIT and OFFSET beyond any table (PostgreSQL takes a bigint)
_DATE_TOP = 1 << 62  # above every date key: newest first is the nearest below it
# (as a float8 distance the key keeps its seconds: ties fall within one second)
_LAST_CHARACTER = "\U0010ffff"  # above every character, in the words' C collation

# Facet -> SQL of its keys (as text) over the matched rows, one row per key an asset has.
_FACETS: dict[str, str] = {
    "artists": "SELECT artist AS key FROM hits WHERE artist IS NOT NULL",
    "events": "SELECT CAST(e AS text) AS key FROM hits, unnest(event_ids) e",
    "locations": "SELECT CAST(location_id AS text) AS key FROM hits WHERE location_id IS NOT NULL",
    "specific_people": "SELECT CAST(p AS text) AS key FROM hits, unnest(people_ids) p",
}
assert set(_FACETS) == set(FACET_FIELDS)


class _Words:
    """The speller's :class:`~photobank.search._suggest.Vocabulary`: ``search_words``."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def terms_with_prefix(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        rows = self._conn.execute(
            text(
                "SELECT word, docs FROM search_words WHERE word >= :low AND word < :high"
                " ORDER BY docs DESC, word LIMIT :limit"
            ),
            {"low": prefix, "high": prefix + _LAST_CHARACTER, "limit": limit},
        )
        return [(str(word), int(docs)) for word, docs in rows]

    def is_known(self, word: str) -> bool:
        known = "SELECT EXISTS (SELECT 1 FROM search_words WHERE word = :word)"
        if self._conn.execute(text(known), {"word": word}).scalar_one():
            return True
        stems = f.TEXT.analyze(word)
        if not stems:
            return False
        stemmed = (
            "SELECT EXISTS (SELECT 1 FROM search_documents WHERE document @@ CAST(:q AS tsquery))"
        )
        return bool(self._conn.execute(text(stemmed), {"q": quote(stems[0])}).scalar_one())


class PostgresSearchBackend:
    """A :class:`~photobank.search.query.SearchIndex` in the catalog's PostgreSQL database.

    Opening brings the table in step with the store: a table never filled, of
    another version or ahead of the store (a replaced database) is rebuilt,
    anything else synced.
    """

    def __init__(
        self, engine: Engine, repository: CatalogRepository, cache_bytes: int = DEFAULT_BUDGET
    ) -> None:
        self._engine = engine
        self._repo = repository
        self._speller = Speller()
        self._cache = SearchCache(cache_bytes)
        self._closed = False
        with self._engine.begin() as conn:
            writes.lock(conn)
            state = writes.read_state(conn)
            stale = (
                state is None
                or state.schema_version != writes.SCHEMA_VERSION
                or state.last_seq > repository.last_change_seq()
            )
            if stale:
                writes.rebuild(conn, repository)
        if stale:
            self._vacuum()
        self.sync()

    @property
    def concurrency(self) -> Concurrency:
        """A search here mostly waits on PostgreSQL: as many at once as the pool has
        connections but one, left for the event loop's own reads, and never on the loop."""
        pool = self._engine.pool
        connections = pool.size() if isinstance(pool, QueuePool) else 2
        return Concurrency(threads=max(1, connections - 1), inline=False)

    def _connect(self) -> Connection:
        if self._closed:
            raise RuntimeError("search backend is closed")
        return reading(self._engine)

    # -- searching --------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        parsed = parse_phrase(query.phrase)
        with self._connect() as conn:
            result = self._answer(conn, conditions(query, parsed, relaxed=False), query, parsed)
            if result.total == 0 and parsed.can_relax:
                # Nothing has every word: rank what has some of them instead of an empty page.
                relaxed = conditions(query, parsed, relaxed=True)
                result = self._answer(conn, relaxed, query, parsed)
        return result

    def _answer(
        self, conn: Connection, found: Conditions, query: SearchQuery, parsed: ParsedPhrase
    ) -> SearchResult:
        """The page, then the total and facets: a page that ends short of its limit tells
        the total, and what was counted before for the same conditions in the table's
        present state (which every statement here reads with its answer) is reused;
        only otherwise are the hits counted, which visits every hit's row."""
        requested = tuple(name for name in dict.fromkeys(query.facet_fields) if name in _FACETS)
        facets: Facets = {name: [] for name in requested}
        if found.empty:
            return SearchResult(total=0, ids=[], facets=facets)
        offset, limit = max(0, query.offset), max(0, min(query.limit, _MOST_ROWS))
        ids, seq = self._page(conn, found, query, parsed, offset, limit) if limit else ([], None)
        short = limit and len(ids) < limit and (ids or not offset)
        total = offset + len(ids) if short else None
        if requested and query.facet_max_count > 0:
            facets, total = self._counted_facets(conn, seq, found, requested, query)
        elif total is None:
            total = self._cache.total(seq, found) if seq is not None else None
            if total is None:
                total, counted_in = self._count(conn, found)
                self._cache.keep_total(counted_in, found, total)
        elif seq is not None:
            self._cache.keep_total(seq, found, total)
        return SearchResult(total=total, ids=ids if offset < total else [], facets=facets)

    def _page(
        self,
        conn: Connection,
        found: Conditions,
        query: SearchQuery,
        parsed: ParsedPhrase,
        offset: int,
        limit: int,
    ) -> tuple[list[str], int | None]:
        """The ids of the requested page in the requested order, and the table's state
        they were read in (None if the page is empty)."""
        params = found.bound()
        order = self._order(query, found, parsed, params)
        if isinstance(order, Ranked):
            return ranked_page(conn, found.where(), params, order, offset, limit)
        page = (
            f"SELECT asset_id, {STATE} FROM search_documents WHERE {found.where()}"
            f" ORDER BY {order} LIMIT :limit OFFSET :offset"
        )
        rows = conn.execute(
            text(page), {**params, "limit": limit, "offset": min(offset, _MOST_ROWS)}
        ).all()
        return [str(row[0]) for row in rows], (int(rows[0][1]) if rows else None)

    @staticmethod
    def _count(conn: Connection, found: Conditions) -> tuple[int, int]:
        """The hits of ``found`` and the table's state they were counted in."""
        count = f"SELECT {found.hits('search_hit_count')}, {STATE}"
        total, seq = conn.execute(text(count), found.hit_params()).one()
        return int(total), int(seq)

    def _counted_facets(
        self,
        conn: Connection,
        seq: int | None,
        found: Conditions,
        names: tuple[str, ...],
        query: SearchQuery,
    ) -> tuple[Facets, int]:
        """The facets ``names`` and the hits, kept from before for the table's state
        ``seq`` or counted now."""
        most = query.facet_max_count
        kept = self._cache.facets(seq, found, names, most) if seq is not None else None
        if kept is None:
            facets, total, counted_in = self._facets(conn, found, names, most)
            kept = facets, total
            self._cache.keep_facets(counted_in, found, names, most, kept)
        facets, total = kept
        return {name: list(values) for name, values in facets.items()}, total

    @staticmethod
    def _order(
        query: SearchQuery, found: Conditions, parsed: ParsedPhrase, params: dict[str, Any]
    ) -> str | Ranked:
        """ORDER BY for the page. With a phrase, best match and the dates order by a RUM
        distance, which the index answers in order (a second key would make PostgreSQL
        read and sort every hit), equal distances by the embedded index's key
        (:mod:`photobank.search._pg_ties`)."""
        sort = query.sort_order if query.sort_order in SORT_ORDERS else "best_match"
        ranked = parsed.has_positive and found.rank is not None
        if sort == "best_match" and ranked:
            params["rank"] = found.rank
            parts = (*((term,) for term in parsed.terms), *parsed.phrases)
            return Ranked("document <=> CAST(:rank AS tsquery)", "best_key", True, parts)
        if sort in ("newest", "oldest") and ranked:
            params["date_edge"] = _DATE_TOP if sort == "newest" else 0
            if sort == "newest":
                return Ranked("date_key <=| CAST(:date_edge AS bigint)", "date_key", True)
            return Ranked("date_key |=> CAST(:date_edge AS bigint)", "date_key", False)
        if sort == "random":
            pick = shuffle_of(query)
            return f"random_{pick // 2} {'DESC' if pick % 2 else 'ASC'}"
        key = {"most_popular": "popular_key", "newest": "date_key", "oldest": "date_key"}
        column = key.get(sort, "best_key")
        return f"{column} {'ASC' if sort == 'oldest' else 'DESC'}"

    @staticmethod
    def _facets(
        conn: Connection, found: Conditions, names: tuple[str, ...], most: int
    ) -> tuple[Facets, int, int]:
        """Counts per facet value of ``names`` over every hit, by count descending then
        key (``most`` values each), the hits counted in the same pass and the table's
        state they were counted in."""
        facets: Facets = {name: [] for name in names}
        counted = " UNION ALL ".join(
            [
                "(SELECT '' AS facet, NULL AS key, count(*) AS n FROM hits)",
                f"(SELECT NULL AS facet, NULL AS key, {STATE} AS n)",
                *(
                    f"(SELECT :name_{i} AS facet, key, count(*) AS n FROM ({_FACETS[name]})"
                    f" AS v GROUP BY key ORDER BY n DESC, key LIMIT :most)"
                    for i, name in enumerate(names)
                ),
            ]
        )
        hits = found.hits("search_hit_facets")
        sql = f"WITH hits AS MATERIALIZED (SELECT * FROM {hits}) {counted}"
        params = {**found.hit_params(), "most": most}
        params.update({f"name_{i}": name for i, name in enumerate(names)})
        total = seq = 0
        for facet, key, n in conn.execute(text(sql), params):
            if facet:
                facets[facet].append(FacetValue(str(key), int(n)))
            elif facet is None:
                seq = int(n)
            else:
                total = int(n)
        for values in facets.values():
            values.sort(key=lambda v: (-v.count, v.key))
        return facets, total, seq

    def suggest(self, phrase: str) -> str | None:
        if not phrase.strip():
            return None
        with self._connect() as conn:
            corrected = self._speller.correct(_Words(conn), phrase)
        return corrected if corrected != phrase else None

    def keyword_counts(self) -> dict[int, int]:
        """Kept up to date with the words (see :func:`keyword_marker`): no table scan."""
        with self._connect() as conn:
            rows = _Words(conn).terms_with_prefix(KEYWORD_MARK, _ALL_KEYWORDS)
        return {int(word[len(KEYWORD_MARK) :]): docs for word, docs in rows}

    def related_phrases(self, query: SearchQuery, limit: int) -> list[str]:
        """Keywords most common among the query's best hits that the phrase lacks."""
        if limit <= 0:
            return []
        pool = dataclasses.replace(
            query, offset=0, limit=RELATED_POOL, sort_order="best_match", facet_fields=()
        )
        top = self.search(pool)
        if not top.ids:
            return []
        sql = (
            "SELECT k, count(*) AS n FROM search_documents, unnest(keyword_ids) k"
            " WHERE asset_id = ANY(CAST(:ids AS text[])) GROUP BY k ORDER BY n DESC, k"
            " LIMIT :size"
        )
        with self._connect() as conn:
            rows = conn.execute(text(sql), {"ids": top.ids, "size": 10 * limit + 50})
            buckets = [(int(k), int(n)) for k, n in rows]
        return related_keywords(buckets, self._repo.reference().keywords, query.phrase, limit)

    @property
    def doc_count(self) -> int:
        """Assets the table holds."""
        with self._connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM search_documents")).scalar_one())

    # -- writing ----------------------------------------------------------

    def sync(self) -> int:
        """Apply the change log past the shared state, a batch per transaction.

        A backlog of a batch or more that outnumbers the table's rows (a first
        import, or a large one into a small catalog) is applied by rebuilding the
        table instead: maintaining the RUM indexes row by row costs many times more
        than building them once. Searches wait for that commit, as for any rebuild."""
        applied = 0
        weighed = rebuilt = False  # the backlog weighed against the table (once)
        while True:
            with self._engine.begin() as conn:
                writes.lock(conn)
                state = writes.read_state(conn)
                after = state.last_seq if state else 0
                changes = self._repo.changes_after(after, _CHANGE_BATCH)
                if not changes:
                    break
                if not weighed and len(changes) == _CHANGE_BATCH:
                    weighed, backlog = True, self._repo.last_change_seq() - after
                    if writes.outnumbers_rows(conn, backlog):
                        writes.rebuild(conn, self._repo)
                        applied, rebuilt = applied + backlog, True
                        continue
                writes.replace(conn, self._repo, [change.asset_id for change in changes])
                writes.write_state(conn, changes[-1].seq)
            applied += len(changes)
        if rebuilt:
            self._vacuum()
        if applied:
            self._speller.clear()
        return applied

    def refresh(self, asset_ids: Sequence[str]) -> None:
        """Re-read ``asset_ids`` from a store restored under the table (an emulator reset)
        and take the store's last change as the table's own."""
        with self._engine.begin() as conn:
            writes.lock(conn)
            for start in range(0, len(asset_ids), _CHANGE_BATCH):
                writes.replace(conn, self._repo, asset_ids[start : start + _CHANGE_BATCH])
            writes.write_state(conn, self._repo.last_change_seq())
        self._speller.clear()
        self._cache.clear()  # the store's last change may be one counted before

    def rebuild(self) -> int:
        with self._engine.begin() as conn:
            writes.lock(conn)
            count = writes.rebuild(conn, self._repo)
        self._vacuum()
        self._speller.clear()
        self.sync()  # changes saved while the rebuild ran
        return count

    def _vacuum(self) -> None:
        with self._engine.connect() as conn:
            writes.vacuum(conn.execution_options(isolation_level="AUTOCOMMIT"))

    def clear_caches(self) -> None:
        """Another node changed the catalog: forget the spelling vocabulary read so far
        and what was counted."""
        self._speller.clear()
        self._cache.clear()

    def close(self) -> None:
        self._closed = True
