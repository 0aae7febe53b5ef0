"""The embedded search backend: a tantivy index derived from the catalog store.

The index holds one document per asset on offer (only the id is stored;
records come from the store; withdrawn assets have none) and is kept in step
by replaying the store's change log.
Its own bookkeeping (schema version, last applied change) lives in a small
JSON file inside the index directory, see :mod:`photobank.search._state`.

Threads: searches run concurrently on reader snapshots; index writes
(:meth:`sync`, :meth:`rebuild`) are serialised by a lock and become visible
to searches as soon as they are committed. One process at a time can write
an index directory; another process's :meth:`sync` then does nothing and its
reader picks up the writer's commits by itself. With ``shared=True`` (the
worker processes of one server) every process writes: a sync waits for the
directory's writer lock, applies what the change log holds, commits and lets
the lock go, so whichever process made a change indexes it before it answers;
the others' :meth:`sync` reloads their reader to that commit.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import threading
import time
from collections.abc import Sequence, Set
from pathlib import Path

import tantivy

from photobank.catalog.repository import CatalogRepository, Change
from photobank.search import _schema as f
from photobank.search._documents import asset_document
from photobank.search._filters import Clause, filter_clauses
from photobank.search._phrase import ParsedPhrase, parse_phrase, text_query
from photobank.search._related import RELATED_POOL, related_keywords
from photobank.search._state import STATE_FILE, IndexState, read_state, write_state
from photobank.search._suggest import Speller, TantivyWords
from photobank.search.facets import ArtistNames, collect_facets
from photobank.search.query import (
    SORT_ORDERS,
    Concurrency,
    SearchQuery,
    SearchResult,
    shuffle_of,
)

log = logging.getLogger(__name__)

BUILD_HEAP = 256_000_000  # bytes of writer memory for rebuilds (split across threads)
SYNC_HEAP = 64_000_000  # the long-lived single-threaded writer used by sync()
_CHANGE_BATCH = 5_000  # changes read (and assets fetched) per round trip
_COMMIT_EVERY = 100_000  # changes per commit during a long catch-up
_ALL_KEYWORDS = 1_000_000  # buckets of a count of every keyword (a catalog's vocabulary)
_LOCK_WAIT = 0.005  # seconds between tries for a writer lock another process holds
_LOCK_PATIENCE = 60.0  # seconds a shared index's writer lock is waited for


class TantivySearchBackend:
    """A :class:`~photobank.search.query.SearchBackend` over a tantivy index in ``index_dir``.

    Opening brings the index in step with the store: a missing, unreadable
    or other-version index (or one ahead of the store, i.e. a replaced
    database) is rebuilt, anything else is synced.
    """

    # Searches compute (releasing the GIL): one per core, as more only queue for the
    # cores; a quick one is cheaper on the event loop than handed to a thread.
    concurrency = Concurrency(threads=os.cpu_count() or 1, inline=True)

    def __init__(
        self,
        index_dir: Path,
        repository: CatalogRepository,
        *,
        build_heap: int = BUILD_HEAP,
        shared: bool = False,
    ) -> None:
        """``shared``: several processes write this index (see the module's docstring)."""
        self._dir = Path(index_dir)
        self._shared = shared
        self._repo = repository
        self._build_heap = build_heap
        self._schema = f.build_schema()
        self._write_lock = threading.Lock()
        self._writer: tantivy.IndexWriter | None = None
        self._added: set[str] = set()  # ids given a document since the last commit
        self._speller = Speller()
        self._artists = ArtistNames()
        index, fresh = self._open()
        self._index: tantivy.Index | None = index
        if fresh:
            self.rebuild()
        else:
            self.sync()

    # -- opening ----------------------------------------------------------

    def _open(self) -> tuple[tantivy.Index, bool]:
        """The index to use, and whether it is new (empty) and needs a rebuild."""
        path = str(self._dir)
        state = read_state(self._dir)
        if state is None or state.schema_version != f.SCHEMA_VERSION:
            log.info("search index at %s missing or of another version: rebuilding", path)
        elif state.last_seq > self._repo.last_change_seq():
            log.warning("search index at %s is ahead of the store: rebuilding", path)
        else:
            try:
                index = tantivy.Index.open(path)
                self._configure(index)
                _ = index.searcher().num_docs  # opens every segment
                return index, False
            except (OSError, ValueError) as exc:
                log.warning("search index at %s unreadable (%s): rebuilding", path, exc)
        self._wipe()
        index = tantivy.Index(self._schema, path=path, reuse=False)
        self._configure(index)
        return index, True

    @staticmethod
    def _configure(index: tantivy.Index) -> None:
        f.register_analyzers(index)
        index.config_reader("OnCommit")

    def _wipe(self) -> None:
        if self._dir.exists():
            ours = (self._dir / "meta.json").exists() or (self._dir / STATE_FILE).exists()
            if any(self._dir.iterdir()) and not ours:
                raise RuntimeError(f"{self._dir} holds files but no search index; not deleting it")
            shutil.rmtree(self._dir)
        self._dir.mkdir(parents=True, exist_ok=True)

    @property
    def _live(self) -> tantivy.Index:
        if self._index is None:
            raise RuntimeError("search backend is closed")
        return self._index

    # -- searching --------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        searcher = self._live.searcher()
        return self._search(searcher, query)

    def _search(self, searcher: tantivy.Searcher, query: SearchQuery) -> SearchResult:
        parsed = parse_phrase(query.phrase)
        filters = filter_clauses(self._schema, query)
        final = self._compose(parsed, filters, relaxed=False)
        total, hits = self._top(searcher, final, query, parsed)
        if total == 0 and parsed.can_relax:
            # Nothing has every word: rank what has some of them instead of an empty page.
            final = self._compose(parsed, filters, relaxed=True)
            total, hits = self._top(searcher, final, query, parsed)
        ids = [str(searcher.doc(address).get_first(f.ID)) for address in hits]
        facets = {}
        if query.facet_fields:
            facets = collect_facets(
                searcher, final, query.facet_fields, query.facet_max_count, self._artists
            )
        return SearchResult(total=total, ids=ids, facets=facets)

    def _compose(
        self, parsed: ParsedPhrase, filters: list[Clause], *, relaxed: bool
    ) -> tantivy.Query:
        text = text_query(self._schema, parsed, relaxed=relaxed)
        if not filters:
            return text
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, text), *filters])

    def _top(
        self,
        searcher: tantivy.Searcher,
        final: tantivy.Query,
        query: SearchQuery,
        parsed: ParsedPhrase,
    ) -> tuple[int, list[tantivy.DocAddress]]:
        """Total hits and the addresses of the requested page, in the requested order."""
        offset = max(0, query.offset)
        # tantivy sizes its top-N heap by offset + limit: keep both within the index.
        limit = min(query.limit, searcher.num_docs - offset)
        if limit <= 0:
            return _count(searcher.search(final, 1, count=True)), []
        sort = query.sort_order if query.sort_order in SORT_ORDERS else "best_match"
        if sort == "best_match" and parsed.has_positive:
            result = searcher.search(
                final, limit, count=True, offset=offset, weight_by_field=f.RANK_WEIGHT
            )
        else:
            field, order = _random_order(query) if sort == "random" else _KEYED_SORTS[sort]
            result = searcher.search(
                final, limit, count=True, offset=offset, order_by_field=field, order=order
            )
        return _count(result), [address for _key, address in result.hits]

    def suggest(self, phrase: str) -> str | None:
        if not phrase.strip():
            return None
        corrected = self._speller.correct(TantivyWords(self._live.searcher()), phrase)
        return corrected if corrected != phrase else None

    def keyword_counts(self) -> dict[int, int]:
        searcher = self._live.searcher()
        every = {"terms": {"field": f.KEYWORD_IDS, "size": _ALL_KEYWORDS}}
        counts = searcher.aggregate(tantivy.Query.all_query(), {"k": every})
        return {int(b["key"]): int(b["doc_count"]) for b in counts["k"]["buckets"]}

    def related_phrases(self, query: SearchQuery, limit: int) -> list[str]:
        """Keywords most common among the query's best hits that the phrase lacks."""
        if limit <= 0:
            return []
        searcher = self._live.searcher()
        pool = dataclasses.replace(
            query, offset=0, limit=RELATED_POOL, sort_order="best_match", facet_fields=()
        )
        top = self._search(searcher, pool)
        if not top.ids:
            return []
        counts = searcher.aggregate(
            tantivy.Query.term_set_query(self._schema, f.ID, top.ids),
            {"k": {"terms": {"field": f.KEYWORD_IDS, "size": 10 * limit + 50}}},
        )
        buckets = [(int(b["key"]), int(b["doc_count"])) for b in counts["k"]["buckets"]]
        return related_keywords(buckets, self._repo.reference().keywords, query.phrase, limit)

    @property
    def doc_count(self) -> int:
        """Documents in the current snapshot."""
        return int(self._live.searcher().num_docs)

    # -- writing ----------------------------------------------------------

    def sync(self) -> int:
        with self._write_lock:
            applied = self._sync_locked()
            if self._shared and not applied:
                self._live.reload()  # another process may have committed
            return applied

    def _sync_locked(self) -> int:
        state = read_state(self._dir)
        seq = state.last_seq if state is not None else 0
        applied = pending = 0
        try:
            while changes := self._repo.changes_after(seq, limit=_CHANGE_BATCH):
                writer = self._sync_writer()
                if writer is None:
                    return 0
                self._replace(writer, [change.asset_id for change in changes], _new_ids(changes))
                seq = changes[-1].seq
                applied += len(changes)
                pending += len(changes)
                if pending >= _COMMIT_EVERY:
                    self._commit(writer, seq)
                    pending = 0
            if pending and self._writer is not None:
                self._commit(self._writer, seq)
            self._let_go()
        except BaseException:
            self._writer = None  # dropping it discards whatever was not committed
            raise
        return applied

    def _replace(
        self, writer: tantivy.IndexWriter, asset_ids: Sequence[str], new: Set[str] = frozenset()
    ) -> None:
        """Replace the documents of ``asset_ids`` by the store's present records.

        ``new``: ids whose changes here are all their ingest. One the index has no
        document for (none committed, none added since) needs nothing deleted: a
        delete costs tantivy a lookup in every segment at the commit, most of a new
        asset's indexing. A replayed ingest (a run killed between the index's commit
        and its state file) finds its document committed, and deletes it."""
        ids = list(dict.fromkeys(asset_ids))
        current = self._repo.current_assets(ids)
        ref = self._repo.reference()
        undocumented = self._undocumented(new)
        for asset_id in ids:
            # The store's present state is the truth, whatever the change said:
            # deleted and withdrawn assets have no document.
            if asset_id not in undocumented:
                writer.delete_documents_by_term(f.ID, asset_id)
            if (asset := current.get(asset_id)) is not None and not asset.withdrawn:
                writer.add_document(asset_document(asset, ref))
                self._added.add(asset_id)

    def _undocumented(self, ids: Set[str]) -> set[str]:
        """Those of ``ids`` with no document: none committed, none added since."""
        candidates = ids - self._added
        if not candidates:
            return set()
        if self._shared:
            self._live.reload()  # another process may have committed before this one wrote
        searcher = self._live.searcher()
        return {i for i in candidates if searcher.doc_freq(f.ID, i) == 0}

    def refresh(self, asset_ids: Sequence[str]) -> None:
        """Re-read ``asset_ids`` from a store that was restored under the index.

        The emulator's reset rolls the store (and its change log) back; the
        index then only needs the assets that differ, and the store's seq as
        its own, instead of a rebuild.
        """
        with self._write_lock:
            writer = self._sync_writer()
            if writer is None:
                return
            try:
                for start in range(0, len(asset_ids), _CHANGE_BATCH):
                    self._replace(writer, asset_ids[start : start + _CHANGE_BATCH])
                self._commit(writer, self._repo.last_change_seq())
                self._let_go()
            except BaseException:
                self._writer = None
                raise

    def _sync_writer(self) -> tantivy.IndexWriter | None:
        """The long-lived writer (kept so background merges can finish), or None if busy."""
        deadline = time.monotonic() + _LOCK_PATIENCE
        while self._writer is None:
            try:
                self._writer = self._live.writer(SYNC_HEAP, 1)
            except ValueError as exc:
                if "LockBusy" not in str(exc):
                    raise
                if not self._shared or time.monotonic() > deadline:
                    log.info("search index at %s is written by another process", self._dir)
                    return None
                time.sleep(_LOCK_WAIT)
        return self._writer

    def _let_go(self) -> None:
        """Shared: finish merges and release the directory lock for the other processes."""
        if self._shared and self._writer is not None:
            writer, self._writer = self._writer, None
            writer.wait_merging_threads()

    def _commit(self, writer: tantivy.IndexWriter, seq: int) -> None:
        writer.commit()
        self._added.clear()
        write_state(self._dir, IndexState(f.SCHEMA_VERSION, seq))
        self._live.reload()
        self._speller.clear()

    def rebuild(self) -> int:
        with self._write_lock:
            index = self._live
            self._writer = None  # release the directory lock for the bulk writer
            seq = self._repo.last_change_seq()
            writer = index.writer(self._build_heap, 0)
            writer.delete_all_documents()  # searches keep the old snapshot until the commit
            count = 0
            for batch in self._repo.iter_assets():
                ref = self._repo.reference()
                offered = [asset for asset in batch if not asset.withdrawn]
                for asset in offered:
                    writer.add_document(asset_document(asset, ref))
                count += len(offered)
            self._commit(writer, seq)
            writer.wait_merging_threads()  # leaves few, large segments: faster searches
            self._sync_locked()  # changes saved while the rebuild ran
            return count

    def close(self) -> None:
        with self._write_lock:
            self._writer = None
            self._index = None


_KEYED_SORTS: dict[str, tuple[str, tantivy.Order]] = {
    "best_match": (f.BEST_KEY, tantivy.Order.Desc),  # only without a phrase: no scores
    "most_popular": (f.POPULAR_KEY, tantivy.Order.Desc),
    "newest": (f.DATE_KEY, tantivy.Order.Desc),
    "oldest": (f.DATE_KEY, tantivy.Order.Asc),
}


def _count(result: tantivy.SearchResult) -> int:
    """The total hit count of a ``count=True`` search (tantivy's type hints omit it)."""
    return int(result.count)  # type: ignore[attr-defined]


def _random_order(query: SearchQuery) -> tuple[str, tantivy.Order]:
    """The query's fixed shuffle (:func:`shuffle_of`): a random key, one way or the other."""
    pick = shuffle_of(query)
    order = tantivy.Order.Desc if pick % 2 else tantivy.Order.Asc
    return f.RANDOM_KEYS[pick // 2], order


def _new_ids(changes: Sequence[Change]) -> set[str]:
    """The ids whose every change in ``changes`` is their ingest."""
    ingested = {c.asset_id for c in changes if c.change_type == "ingest"}
    return ingested.difference(c.asset_id for c in changes if c.change_type != "ingest")
