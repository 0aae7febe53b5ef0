"""Media storage: keys never escape the root, writes appear whole, stat is cheap."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from photobank.media.storage import LocalStorage, check_key, fanned_key


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "media")


@pytest.mark.parametrize(
    "bad",
    ["", "/abs", "a//b", "../x", "a/../b", "a/./b", "a/.hidden", "a/b/", "a\\b", "a b", "..", "é"],
)
def test_malformed_keys_are_refused(storage: LocalStorage, bad: str) -> None:
    with pytest.raises(ValueError):
        check_key(bad)
    with pytest.raises(ValueError):
        storage.put_bytes(bad, b"x")
    with pytest.raises(ValueError):
        storage.stat(bad)


def test_fanned_keys_come_from_a_hash_of_the_name() -> None:
    key = fanned_key("renditions", "abc123", ".jpg")
    prefix, first, second, name = key.split("/")
    assert prefix == "renditions" and len(first) == len(second) == 2 and name == "abc123.jpg"
    assert fanned_key("renditions", "abc123", ".jpg") == key
    with pytest.raises(ValueError):
        fanned_key("renditions", "../../etc", "")


def test_put_stat_open_and_exists(storage: LocalStorage) -> None:
    assert storage.stat("a/b.bin") is None and not storage.exists("a/b.bin")
    stored = storage.put_bytes("a/b.bin", b"hello")
    assert stored.key == "a/b.bin" and stored.size == 5
    assert stored.path == storage.root / "a" / "b.bin"
    assert storage.exists("a/b.bin") and storage.stat("a/b.bin") == stored
    with storage.open("a/b.bin") as reader:
        assert reader.read() == b"hello"
    with pytest.raises(FileNotFoundError):
        storage.open("a/missing.bin")


def test_a_new_version_gets_a_new_version_string(storage: LocalStorage) -> None:
    first = storage.put_bytes("k.bin", b"one")
    second = storage.put_bytes("k.bin", b"three")
    assert first.version != second.version and second.size == 5


def test_streams_are_written_whole_by_rename(
    storage: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[bool, int]] = []
    real_replace = os.replace

    def spying(source: str, target: str) -> None:
        seen.append((Path(target).exists(), Path(source).stat().st_size))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spying)
    storage.put_stream("big/file.bin", (b"x" * 1000 for _ in range(100)))
    assert seen == [(False, 100_000)]
    assert [p.name for p in (storage.root / "big").iterdir()] == ["file.bin"]


def test_a_failing_stream_leaves_nothing(storage: LocalStorage) -> None:
    def broken() -> object:
        yield b"partial"
        raise OSError("source went away")

    with pytest.raises(OSError):
        storage.put_stream("s/file.bin", broken())  # type: ignore[arg-type]
    assert list((storage.root / "s").iterdir()) == []


def test_a_file_is_copied_through_memory_where_the_kernel_cannot(
    storage: LocalStorage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_: object) -> int:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", refused)
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"pixels" * 100_000)
    assert storage.put_file("p/photo.jpg", source).size == 600_000
    assert (storage.root / "p" / "photo.jpg").read_bytes() == b"pixels" * 100_000
