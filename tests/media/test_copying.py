"""Media objects of a data directory copied into another store, and checked there."""

from __future__ import annotations

from pathlib import Path

from photobank.media.copying import ObjectCount, copy_objects, local_keys, verify_objects
from photobank.media.storage import LocalStorage


def _source(root: Path) -> LocalStorage:
    storage = LocalStorage(root)
    storage.put_bytes("originals/ab/cd/1.jpg", b"\xff\xd8original")
    storage.put_bytes("renditions/comp/1.jpg", b"x" * 3000)
    (root / "originals" / "ab" / "cd" / ".1.jpg.k2.tmp").write_bytes(b"half")  # a crash's
    return storage


def test_every_finished_object_is_copied_under_its_key(tmp_path: Path) -> None:
    source, target = _source(tmp_path / "from"), LocalStorage(tmp_path / "to")
    heard: list[ObjectCount] = []
    done = copy_objects(source, target, heard.append)
    assert (done.objects, done.bytes) == (2, 3010)
    assert heard[-1] == done
    assert list(local_keys(target)) == ["originals/ab/cd/1.jpg", "renditions/comp/1.jpg"]
    assert target.path("originals/ab/cd/1.jpg").read_bytes() == b"\xff\xd8original"
    assert verify_objects(source, target) == []


def test_verification_names_what_the_copy_lacks_or_holds_otherwise(tmp_path: Path) -> None:
    source, target = _source(tmp_path / "from"), LocalStorage(tmp_path / "to")
    copy_objects(source, target, lambda _done: None)
    target.delete("renditions/comp/1.jpg")
    target.put_bytes("originals/ab/cd/1.jpg", b"short")
    assert verify_objects(source, target) == [
        "originals/ab/cd/1.jpg: 10 bytes here, 5 in the copy",
        "renditions/comp/1.jpg: missing from the copy",
    ]
