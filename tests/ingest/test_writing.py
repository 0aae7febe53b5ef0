"""Asset writers at once (an ingest run, an operator's edit, a fixture load): none loses
another's originals, and no two hand out one id."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from photobank.catalog.removal import delete_assets
from photobank.ingest.drafts import Draft
from photobank.ingest.edits import edit_of, update_asset
from photobank.ingest.folders import IngestReport
from photobank.ingest.manifest import row_of
from photobank.ingest.overrides import drawn
from photobank.ingest.writer import AssetWriter
from photobank.media.originals import OriginalStore
from photobank.store import tables as t
from tests.ingest.conftest import Library
from tests.ingest.support import encoded, picture, write

_WAIT = 20.0  # seconds a step may take before the test calls it stuck


@contextmanager
def paused_after_storing_originals(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every save that stores originals stops after storing them, before its rows commit,
    until the yielded event is set."""
    go_on = threading.Event()
    put = AssetWriter._put_originals

    def pausing(writer: AssetWriter, originals: dict[str, bytes | Path]) -> None:
        put(writer, originals)
        if originals:
            assert go_on.wait(_WAIT), "never let go on"

    monkeypatch.setattr(AssetWriter, "_put_originals", pausing)
    yield go_on
    monkeypatch.setattr(AssetWriter, "_put_originals", put)


def _photo(folder: Path, name: str, colour: tuple[int, int, int]) -> tuple[Path, bytes]:
    data = encoded(picture((64, 48), colour))
    return write(folder / name, data), data


def _pending(library: Library) -> list[str]:
    with library.services.engine.connect() as conn:
        return list(conn.scalars(select(t.pending_originals.c.asset_id)))


def _original(library: Library, asset_id: str) -> bytes | None:
    services = library.services
    key = OriginalStore(services.media_storage, services.catalog.reference).key_for(asset_id)
    if not services.media_storage.exists(key):
        return None
    with services.media_storage.open(key) as stored:
        return stored.read()


def _draft_writer(library: Library) -> AssetWriter:
    services = library.services
    products = services.settings.new_collection_products
    return AssetWriter(services.catalog, services.media_storage, products)


def _new_drawn(library: Library, title: str) -> Draft:
    """A draft of a new asset with no id and no file: the writer allocates its id."""
    row = row_of({"id": "1", "title": title, "width": 900, "height": 600}, title)
    draft = drawn(row, "LIBRARY", library.services.clock.now())
    return dataclasses.replace(draft, asset=dataclasses.replace(draft.asset, id=""))


def test_an_edit_while_an_ingest_stores_its_originals_leaves_them_be(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = _photo(tmp_path / "a", "quay.jpg", (10, 120, 200))
    ((_, edited),) = library.ingest(first).added
    second, data = _photo(tmp_path / "b", "pier.jpg", (200, 120, 10))
    with ThreadPoolExecutor(1) as pool, paused_after_storing_originals(monkeypatch) as go_on:
        running: Future[IngestReport] = pool.submit(library.ingest, second)
        assert _wait_for_pending(library), "the ingest never stored its original"
        # The edit's writer is new: its first save would recover what killed writers left.
        saved = update_asset(library.services, edit_of(edited, {"title": "Quay"}, "test"))
        assert saved.title == "Quay"
        go_on.set()
        ((_, added),) = running.result(_WAIT).added
    assert _original(library, added) == data  # the photo, not a picture drawn in its place
    assert _pending(library) == []


def test_a_writer_allocating_ids_while_an_ingest_saves_takes_others(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo, data = _photo(tmp_path, "pier.jpg", (200, 120, 10))
    with ThreadPoolExecutor(2) as pool, paused_after_storing_originals(monkeypatch) as go_on:
        running = pool.submit(library.ingest, photo)
        assert _wait_for_pending(library), "the ingest never stored its original"
        loading = pool.submit(_draft_writer(library).save, [_new_drawn(library, "Jetty")])
        go_on.set()
        ((_, added),) = running.result(_WAIT).added
        [jetty] = loading.result(_WAIT)
    assert jetty.id != added
    assert library.services.catalog.get_kept([added, jetty.id]).keys() == {added, jetty.id}
    assert _original(library, added) == data


def test_a_long_lived_writer_allocates_above_what_others_added_since(
    library: Library, tmp_path: Path
) -> None:
    writer = _draft_writer(library)  # as the emulator's fixture loader keeps one
    [pier] = writer.save([_new_drawn(library, "Pier")])
    photo, _ = _photo(tmp_path, "quay.jpg", (10, 120, 200))
    ((_, quay),) = library.ingest(photo).added
    [jetty] = writer.save([_new_drawn(library, "Jetty")])
    assert len({pier.id, quay, jetty.id}) == 3
    kept = library.services.catalog.get_kept([pier.id, quay, jetty.id])
    assert kept[quay].title == "quay"  # the ingested photo, not written over


def test_a_deleted_assets_id_is_never_handed_out_again(library: Library, tmp_path: Path) -> None:
    photo, _ = _photo(tmp_path, "pier.jpg", (200, 120, 10))
    ((_, pier),) = library.ingest(photo).added
    services = library.services
    delete_assets(services.catalog, services.media_storage, services.renditions, [pier])
    again, _ = _photo(tmp_path, "quay.jpg", (10, 120, 200))
    ((_, quay),) = library.ingest(again).added
    assert int(quay) > int(pier)  # a link or a licence naming the deleted id stays dead
    assert library.client.get(f"/v3/images/{pier}").status_code == 404


def _wait_for_pending(library: Library) -> bool:
    for _ in range(int(_WAIT / 0.01)):
        if _pending(library):
            return True
        threading.Event().wait(0.01)
    return False
