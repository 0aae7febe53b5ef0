"""Originals on disk: paths from ids only, rendered once, written atomically."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from photobank.catalog.model import Asset
from photobank.catalog.repository import Reference
from photobank.demo.pixels import render_original
from photobank.media.originals import OriginalStore
from photobank.media.storage import LocalStorage, StoredObject

RENDER = "photobank.media.originals.render_original"


def _asset(asset_id: str = "123456789") -> Asset:
    when = datetime(2021, 5, 1, tzinfo=UTC)
    return Asset(
        id=asset_id, asset_type="image", asset_family="creative", title="t", caption="",
        collection_id=41, license_model="royaltyfree", width=96, height=64,
        date_created=when, date_submitted=when,
    )  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> OriginalStore:
    return OriginalStore(LocalStorage(tmp_path), Reference)


def _path(store: OriginalStore, tmp_path: Path, asset_id: str = "123456789") -> Path:
    return tmp_path / store.key_for(asset_id)


def test_key_depends_on_the_id_only(store: OriginalStore, tmp_path: Path) -> None:
    key = store.key_for("123456789")
    assert key == OriginalStore(LocalStorage(tmp_path), Reference).key_for("123456789")
    fan_out = key.split("/")
    assert fan_out[0] == "originals" and fan_out[-1] == "123456789.jpg"
    assert len(fan_out) == 4 and all(len(p) == 2 for p in fan_out[1:3])
    assert store.key_for("200261415-001").endswith("/200261415-001.jpg")


def test_ids_spread_over_many_folders(store: OriginalStore) -> None:
    folders = {store.key_for(str(100_000_000 + n)).rpartition("/")[0] for n in range(500)}
    assert len(folders) > 400


@pytest.mark.parametrize("bad", ["", "abc", "../123", "12/34", "123456789.jpg", "1-2-3", " 1"])
def test_invalid_ids_are_rejected(store: OriginalStore, bad: str) -> None:
    with pytest.raises(ValueError):
        store.key_for(bad)
    with pytest.raises(ValueError):
        store.ensure(_asset(bad))


def test_ensure_renders_once_and_keeps_the_file(
    store: OriginalStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = render_original

    def counting(asset: Asset, reference: Reference) -> bytes:
        calls.append(asset.id)
        return real(asset, reference)

    monkeypatch.setattr(RENDER, counting)
    asset = _asset()
    stored = store.ensure(asset)
    path = _path(store, tmp_path)
    assert stored.path == path and stored.size == path.stat().st_size
    with Image.open(path) as image:
        assert image.format == "JPEG" and image.size == (96, 64)
    assert store.ensure(asset) == stored
    assert calls == ["123456789"]
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary files left


def test_the_file_appears_whole_by_rename(
    store: OriginalStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renames: list[tuple[Path, Path, bytes]] = []
    real_replace = os.replace

    def spying(source: str, target: Path) -> None:
        assert not Path(target).exists()
        renames.append((Path(source), Path(target), Path(source).read_bytes()))
        real_replace(source, target)

    monkeypatch.setattr(RENDER, lambda asset, ref: b"whole file")
    monkeypatch.setattr(os, "replace", spying)
    store.ensure(_asset())
    path = _path(store, tmp_path)
    ((source, target, written),) = renames
    assert target == path and source.parent == path.parent and written == b"whole file"
    assert path.read_bytes() == b"whole file"


def test_a_failed_render_leaves_nothing_behind(
    store: OriginalStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(asset: Asset, reference: Reference) -> bytes:
        raise RuntimeError("render failed")

    monkeypatch.setattr(RENDER, failing)
    with pytest.raises(RuntimeError):
        store.ensure(_asset())
    assert not _path(store, tmp_path).exists()

    def failing_write(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(RENDER, lambda asset, ref: b"data")
    monkeypatch.setattr(os, "replace", failing_write)
    with pytest.raises(OSError):
        store.ensure(_asset())
    folder = _path(store, tmp_path).parent
    assert list(folder.iterdir()) == []


def test_concurrent_first_requests_share_one_render(
    store: OriginalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    gate = threading.Event()

    def slow(asset: Asset, reference: Reference) -> bytes:
        calls.append(asset.id)
        gate.wait(1)
        return b"jpeg bytes"

    monkeypatch.setattr(RENDER, slow)
    results: list[StoredObject] = []
    threads = [
        threading.Thread(target=lambda: results.append(store.ensure(_asset()))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join()
    assert len(results) == 8 and len(set(results)) == 1
    assert calls == ["123456789"]
    assert results[0].path is not None and results[0].path.read_bytes() == b"jpeg bytes"


def test_forget_deletes_a_stored_original(store: OriginalStore, tmp_path: Path) -> None:
    path = _path(store, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"an original of an asset since replaced")
    store.forget("123456789")
    assert not path.exists()
    store.forget("123456789")  # nothing to delete is no error
