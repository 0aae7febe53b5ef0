"""Licensed files as the delivery route gets them: stamped heads spliced onto the
stored scans, the operator's rights URL, and a broken head sent as stored."""

from __future__ import annotations

from pathlib import Path

import pyexiv2
import pytest

from photobank.composition import Services
from photobank.licensing.held import HeldLicences
from photobank.media.licensed import LicensedFiles
from photobank.media.renditions import Rendition
from photobank.media.storage import LocalStorage
from tests.api.media.support import small_assets
from tests.ingest.support import encoded, picture


def _files(services: Services, storage: LocalStorage) -> LicensedFiles:
    return LicensedFiles(
        storage, HeldLicences(services.engine), "https://rights.example/{asset_id}"
    )


def test_the_body_is_the_new_head_then_the_stored_scans_read_in_any_order(
    services: Services, tmp_path: Path
) -> None:
    storage = LocalStorage(tmp_path)
    stored = storage.put_bytes("a/photo.jpg", encoded(picture((400, 300))))
    asset = small_assets(services, "creative")[0]
    got = _files(services, storage).open(asset, Rendition("t", stored), 0, "http://b")
    with got.body as body:
        whole = body.read()
        assert len(whole) == got.size
        pieces = []
        for start in (got.size - 10, 0, 7, got.size // 2):  # seeks across the splice
            body.seek(start)
            pieces.append(body.read(13))
    assert pieces == [whole[s : s + 13] for s in (got.size - 10, 0, 7, got.size // 2)]
    with pyexiv2.ImageData(whole) as image:
        xmp = image.read_xmp()
    assert xmp["Xmp.xmpRights.WebStatement"] == f"https://rights.example/{asset.id}"
    assert "Xmp.plus.LicenseID" not in xmp  # customer 0 does not exist: no licence


def test_a_file_whose_head_cannot_be_rewritten_is_sent_as_stored(
    services: Services, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"  # a segment cut short
    storage = LocalStorage(tmp_path)
    stored = storage.put_bytes("a/broken.jpg", broken)
    asset = small_assets(services, "creative")[0]
    got = _files(services, storage).open(asset, Rendition("t", stored), 0, "http://b")
    with got.body as body:
        assert body.read() == broken
    assert (got.tag, got.size) == ("t", len(broken))
    assert "without its licence metadata" in caplog.text
