"""Licensed MP4 and MOV downloads carry their licence in XMP, as licensed JPEGs do:
the stored file untouched, its frames as they were, the fields read back by FFmpeg
(through PyAV) and by photobank's own ingest."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import av
import pyexiv2

from photobank.ingest.movies import XMP_UUID
from tests.ingest.conftest import Library
from tests.ingest.support import xmp_packet
from tests.ingest.test_videos import encode


def _xmp_read_by_ffmpeg(data: bytes) -> dict[str, Any]:
    """The XMP FFmpeg's demuxer finds in ``data``, as pyexiv2 parses it."""
    with av.open(io.BytesIO(data), options={"export_xmp": "1"}) as container:
        packet = container.metadata["xmp"]
        assert sum(1 for _ in container.decode(video=0)) == 50  # every frame still plays
    with pyexiv2.ImageData(packet.encode()) as xmp:
        found: dict[str, Any] = xmp.read_xmp()
    return found


def _ingest_and_license(library: Library, clip: Path) -> tuple[str, str, bytes]:
    ((_, asset_id),) = library.ingest(clip).added
    token = library.buyer_token()
    return asset_id, token, library.licensed(token, asset_id, "videos").content


def test_a_licensed_mp4_carries_its_licence_after_the_untouched_file(
    library: Library, tmp_path: Path
) -> None:
    clip = encode(tmp_path / "harbour.mp4")
    asset_id, _, delivered = _ingest_and_license(library, clip)
    original = clip.read_bytes()
    assert delivered.startswith(original)  # nothing moved: the samples' offsets hold
    size, kind = struct.unpack(">I4s", delivered[len(original) : len(original) + 8])
    assert (size, kind) == (len(delivered) - len(original), b"uuid")
    xmp = _xmp_read_by_ffmpeg(delivered)
    assert xmp["Xmp.dc.title"] == {'lang="x-default"': "Harbour at dawn"}
    assert xmp["Xmp.dc.description"] == {
        'lang="x-default"': "Fishing boats leave the harbour as the sun rises."
    }
    assert xmp["Xmp.dc.creator"] == ["Ada Lumen"]
    assert xmp["Xmp.dc.rights"] == {'lang="x-default"': "2024 Northlight Ltd"}
    assert xmp["Xmp.dc.identifier"] == xmp["Xmp.GettyImagesGIFT.AssetID"] == asset_id
    assert xmp["Xmp.plus.Licensee[1]/plus:LicenseeName"] == "Buyer Buyer"
    assert xmp["Xmp.xmpRights.WebStatement"].endswith(asset_id)
    assert "(premiumaccess)" in xmp["Xmp.xmpRights.UsageTerms"]['lang="x-default"']
    assert xmp["Xmp.plus.LicenseID"]
    assert clip.read_bytes() == original  # the stored original is never changed


def test_a_mov_with_xmp_of_its_own_carries_the_licence_instead_and_ingests_again(
    library: Library, tmp_path: Path
) -> None:
    clip = encode(tmp_path / "sea.mov", "mov")
    earlier = xmp_packet({"Xmp.dc.subject": ["trawler"], "Xmp.plus.LicenseID": "old-licence"})
    box = struct.pack(">I", 8 + 16 + len(earlier)) + b"uuid" + XMP_UUID + earlier
    clip.write_bytes(clip.read_bytes() + box)
    asset_id, token, delivered = _ingest_and_license(library, clip)
    xmp = _xmp_read_by_ffmpeg(delivered)
    assert xmp["Xmp.plus.LicenseID"] != "old-licence"  # the file's own box is now "free"
    assert xmp["Xmp.dc.identifier"] == asset_id
    assert delivered.count(XMP_UUID) == 2 and delivered.count(b"old-licence") == 1
    # A licensed copy ingested again gives back its fields, read from the new box.
    shown = library.ingested_again(delivered, tmp_path / "again" / "sea.mov", token)
    assert (shown["title"], shown["artist"]) == ("Harbour at dawn", "Ada Lumen")


def test_a_range_of_a_stamped_download_is_its_bytes_and_the_same_licence_its_etag(
    library: Library, tmp_path: Path
) -> None:
    asset_id, token, delivered = _ingest_and_license(library, encode(tmp_path / "a.mp4"))
    response = library.client.post(
        f"/v3/downloads/videos/{asset_id}?auto_download=false",
        headers={"Authorization": f"Bearer {token}"},
    )
    uri = response.json()["uri"]
    first, second = library.client.get(uri), library.client.get(uri)
    assert first.headers["etag"] == second.headers["etag"]
    assert int(first.headers["content-length"]) == len(delivered)
    tail = library.client.get(uri, headers={"Range": "bytes=-600"})
    assert tail.status_code == 206 and tail.content == delivered[-600:]
