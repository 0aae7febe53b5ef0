"""The "Serve your own photos" guide, run as written over real files: build, serve, change."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from photobank.emulator.process import free_port
from tests.docs.examples import Target, markdown, run_shell
from tests.ingest.test_videos import encode


def test_a_folder_becomes_a_library_a_customer_licenses_from(tmp_path: Path) -> None:
    home, work, data = tmp_path / "home", tmp_path / "work", tmp_path / "data"
    folder = home / "Pictures" / "library"  # the guide's ~/Pictures/library
    folder.mkdir(parents=True)
    for number, colour in enumerate(("crimson", "teal")):
        Image.new("RGB", (800, 600), colour).save(folder / f"photo-{number}.jpg", quality=90)
    work.mkdir()
    data.mkdir()
    Image.new("RGB", (120, 80), (30, 110, 160)).save(work / "harbour.jpg", quality=90)
    encode(work / "market.mp4")  # the files the upload example names
    target = Target(free_port(), free_port(), data)

    ran = run_shell(markdown("own-photos.md"), target, work, serve="background", HOME=str(home))

    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "2 added, 0 updated, 0 unchanged, 0 failed" in ran.stdout  # the folder
    assert "Exported 3 assets to catalog.jsonl." in ran.stdout  # the folder and the manifest row
    assert '{"id":"200261415-001","title":"Harbour at sunrise"}' in ran.stdout  # updated, found
    with Image.open(work / "harbour-licensed.jpg") as licensed:
        assert (licensed.format, licensed.size) == ("JPEG", (3000, 2000))
    uploads = ran.stdout.split('{"dry_run":false,', 1)[1]
    for name in ("harbour.jpg", "market.mp4"):
        assert f'"path":"uploads/{name}"' in uploads
    assert '"failed":[]}' in uploads
    changes = ran.stdout.split('{"id":"200261415-001","asset_type"')[1:]
    assert ['"status":"active"' in c for c in changes] == [True, False, True]  # withdrawn, restored
    assert all('"title":"Harbour, early"' in c for c in changes)
