"""Files that cannot become assets: each reported by name with its reason, the rest ingested."""

from __future__ import annotations

import os
import random
from pathlib import Path

from sqlalchemy import func, select

from photobank.media.storage import fanned_key
from photobank.store import tables as t
from tests.ingest.conftest import Library
from tests.ingest.support import encoded, picture, tagged_jpeg, with_metadata, write


def _broken_iptc() -> bytes:
    data = with_metadata(encoded(picture()), {"Iptc.Application2.Caption": "hello"})
    start = data.find(b"\x1c\x02", data.find(b"8BIM\x04\x04"))
    return data[: start + 3] + b"\xff\xff" + data[start + 5 :]  # a dataset longer than its block


def _latin1_keywords() -> bytes:
    data = with_metadata(encoded(picture()), {"Iptc.Application2.Keywords": ["Pcafe"]})
    return data.replace(b"Pcafe", "Pcafé".encode("latin-1"))  # the same length, not UTF-8


def test_each_bad_file_is_reported_and_skipped_and_the_rest_ingested(
    library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    good_png = encoded(picture(), "PNG")
    write(folder / "good.jpg", encoded(picture()))
    write(folder / "good.png", good_png)
    write(folder / "good.tif", encoded(picture(), "TIFF"))
    write(folder / "good.webp", encoded(picture(), "WEBP"))
    write(folder / "good.avif", encoded(picture(colour=(20, 20, 220)), "AVIF"))
    tagged_jpeg(folder / "tagged.jpg")
    write(folder / "latin1.jpg", _latin1_keywords())
    # Fixed noise: about one draw in fifty is not even taken for a JPEG (another reason).
    write(folder / "corrupt.jpg", b"\xff\xd8\xff\xe0" + random.Random(5).randbytes(2000))
    write(folder / "truncated.png", good_png[: len(good_png) // 2])
    write(folder / "wrong.jpg", good_png)
    write(folder / "empty.jpg", b"")
    write(folder / "notes.txt", b"not a picture")
    write(folder / "broken-iptc.jpg", _broken_iptc())
    (folder / "dangling.jpg").symlink_to(folder / "gone.jpg")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    unreadable = write(folder / "locked.jpg", encoded(picture(colour=(10, 90, 30))))
    unreadable.chmod(0)
    try:
        report = library.ingest(folder, tmp_path / "absent")
    finally:
        unreadable.chmod(0o644)
    reasons = {Path(f.path).name: f.reason for f in report.failed}
    expected = {
        "absent": "no such file or folder",
        "corrupt.jpg": "corrupt or truncated image",
        "truncated.png": "corrupt or truncated image",
        "wrong.jpg": "holds a PNG image but is named as JPEG",
        "empty.jpg": "empty file",
        "notes.txt": "not a supported file type",
        "broken-iptc.jpg": "unreadable metadata: broken IPTC block",
        "dangling.jpg": "cannot be read",
    }
    if os.geteuid() != 0:  # root reads any file
        expected["locked.jpg"] = "cannot be read"
    assert set(reasons) == set(expected)
    for name, reason in expected.items():
        assert reasons[name].startswith(reason), (name, reasons[name])
    added = sorted(Path(path).name for path, _ in report.added)
    assert added == sorted(
        ["good.jpg", "good.png", "good.tif", "good.webp", "good.avif", "tagged.jpg", "latin1.jpg"]
        + (["locked.jpg"] if os.geteuid() == 0 else [])
    )
    # Nothing half-written: one row, one original and one source file per asset added.
    storage = library.services.media_storage
    originals = [storage.exists(fanned_key("originals", i, ".jpg")) for _, i in report.added]
    with library.services.engine.connect() as conn:
        assets = conn.scalar(select(func.count()).select_from(t.assets))
        sources = conn.scalar(select(func.count()).select_from(t.ingested_files))
    assert assets == sources == len(added) == sum(originals)
    latin1 = dict((Path(p).name, i) for p, i in report.added)["latin1.jpg"]
    image = library.client.get(f"/v3/images/{latin1}", params={"fields": "keywords"}).json()
    assert [k["text"] for k in image["images"][0]["keywords"]] == ["Pcafé"]
