"""The tantivy backend keeping in step with the store: syncs, restarts, rebuilds."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from photobank.catalog.repository import CatalogRepository
from photobank.search._state import STATE_FILE
from photobank.search.query import SearchQuery
from photobank.search.tantivy_backend import TantivySearchBackend
from tests.search.conftest import ASSETS, HEAP, IMAGES, found, hits, make_asset, retitle


def test_sync_applies_saves_updates_and_deletes(
    writable: TantivySearchBackend, repository: CatalogRepository
) -> None:
    assert writable.sync() == 0
    repository.save_assets([make_asset("2001", "Giraffe at sunrise")])
    assert found(writable, phrase="giraffe") == set()
    assert writable.sync() == 1
    assert found(writable, phrase="giraffe") == {"2001"}

    repository.save_assets([retitle("1002", "Puppy running on the beach")], "update")
    repository.delete_assets(["1010"])
    assert writable.sync() == 2
    assert found(writable, phrase="puppy") == {"1002"}
    assert hits(writable, phrase="beach") == ["1002"]  # replaced, not duplicated
    assert found(writable, phrase="stand") == set()
    assert writable.search(SearchQuery()).total == len(IMAGES)  # +2001 -1010


def test_restart_catches_up_with_changes_made_while_closed(
    writable: TantivySearchBackend, repository: CatalogRepository, index_dir: Path
) -> None:
    writable.close()
    repository.save_assets([make_asset("2002", "Zebra crossing")])
    repository.delete_assets(["1001"])
    reopened = TantivySearchBackend(index_dir, repository, build_heap=HEAP)
    try:
        assert found(reopened, phrase="zebra") == {"2002"}
        assert found(reopened, phrase="snowy") == set()
        state = json.loads((index_dir / STATE_FILE).read_text())
        assert state["last_seq"] == repository.last_change_seq()
    finally:
        reopened.close()


def test_rebuild_equals_incremental(
    writable: TantivySearchBackend, repository: CatalogRepository, tmp_path: Path
) -> None:
    repository.save_assets([make_asset("2003", "Lake at dusk", keywords=(), popularity=5)])
    repository.save_assets([retitle("1007", "Sunset over hills")], "update")
    repository.delete_assets(["1002"])
    writable.sync()
    queries = [
        SearchQuery(limit=100, sort_order=s, phrase=p, facet_fields=("artists", "locations"))
        for s in ("best_match", "newest", "random")
        for p in ("", "lake", "sunset -hills")
    ]
    incremental = [writable.search(q) for q in queries]
    fresh = TantivySearchBackend(tmp_path / "fresh", repository, build_heap=HEAP)
    try:
        assert [fresh.search(q) for q in queries] == incremental
    finally:
        fresh.close()
    assert writable.rebuild() == len(ASSETS)  # +2003 -1002
    assert [writable.search(q) for q in queries] == incremental


def test_other_schema_version_or_corrupt_index_is_rebuilt(
    writable: TantivySearchBackend, repository: CatalogRepository, index_dir: Path
) -> None:
    writable.close()
    (index_dir / STATE_FILE).write_text(json.dumps({"schema_version": -1, "last_seq": 0}))
    reopened = TantivySearchBackend(index_dir, repository, build_heap=HEAP)
    assert reopened.doc_count == len(ASSETS)
    reopened.close()
    (index_dir / "meta.json").write_text("{not json")
    reopened = TantivySearchBackend(index_dir, repository, build_heap=HEAP)
    assert found(reopened, phrase="beach") == {"1002"}
    reopened.close()


def test_refuses_to_wipe_a_directory_that_is_not_an_index(
    tmp_path: Path, repository: CatalogRepository
) -> None:
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("keep me")
    with pytest.raises(RuntimeError, match="no search index"):
        TantivySearchBackend(tmp_path / "precious", repository, build_heap=HEAP)
    assert (tmp_path / "precious" / "notes.txt").exists()


def test_searches_run_safely_during_syncs(
    writable: TantivySearchBackend, repository: CatalogRepository
) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()

    def searching() -> None:
        try:
            while not stop.is_set():
                result = writable.search(SearchQuery(phrase="mountain", facet_fields=("artists",)))
                assert {"1001", "1008"} <= set(result.ids)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=searching) for _ in range(6)]
    for thread in threads:
        thread.start()
    for i in range(20):
        repository.save_assets([make_asset(f"30{i:02d}", f"Mountain view {i}")])
        writable.sync()
    stop.set()
    for thread in threads:
        thread.join()
    assert errors == []
    assert writable.search(SearchQuery(phrase="view")).total == 20


def test_a_failed_sync_is_retried_in_full(
    writable: TantivySearchBackend, repository: CatalogRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository.save_assets([make_asset("2004", "Okapi in the forest")])

    def broken(ids: list[str]) -> None:
        raise ConnectionError("store went away")

    with monkeypatch.context() as patch:
        patch.setattr(repository, "get_assets", broken)
        with pytest.raises(ConnectionError):
            writable.sync()
    assert found(writable, phrase="okapi") == set()
    assert writable.sync() == 1
    assert found(writable, phrase="okapi") == {"2004"}


def test_closed_backend_refuses_searches(writable: TantivySearchBackend) -> None:
    writable.close()
    with pytest.raises(RuntimeError, match="closed"):
        writable.search(SearchQuery())


def test_an_ingest_replayed_after_a_kill_leaves_one_document(
    writable: TantivySearchBackend, repository: CatalogRepository, index_dir: Path
) -> None:
    before = json.loads((index_dir / STATE_FILE).read_text())
    repository.save_assets([make_asset("2004", "Giraffe at sunrise")])
    assert writable.sync() == 1
    # Killed after the index's commit, before its state file: the ingest is replayed.
    (index_dir / STATE_FILE).write_text(json.dumps(before))
    assert writable.sync() == 1
    assert hits(writable, phrase="giraffe") == ["2004"]
    assert writable.doc_count == len(ASSETS) + 1


def test_an_id_ingested_again_in_one_sync_has_one_document(
    writable: TantivySearchBackend,
    repository: CatalogRepository,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("photobank.search.tantivy_backend._CHANGE_BATCH", 1)
    repository.save_assets([make_asset("2005", "Giraffe at sunrise")])
    repository.delete_assets(["2005"])
    repository.save_assets([make_asset("2005", "Giraffe at dusk")])
    repository.save_assets([make_asset("2005", "Giraffe at noon")])  # two writers' ingest
    assert writable.sync() == 4  # each change read alone, one commit
    assert hits(writable, phrase="giraffe") == ["2005"]
    assert found(writable, phrase="noon") == {"2005"} and found(writable, phrase="dusk") == set()
