"""Licensed WebM downloads carry their licence as Matroska tags, as MP4s carry XMP:
the stored file untouched, every frame as it was and found where it was (the
Cues moved with the Clusters), the tags read back by FFmpeg (through PyAV)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import av
import pytest

from photobank.ingest.matroska import stamp_matroska
from photobank.ingest.metadata import MetadataError
from tests.ingest.conftest import Library
from tests.ingest.test_videos import encode

_FRAMES = 50


def _licensed_webm(library: Library, clip: Path) -> tuple[str, str, bytes]:
    ((_, asset_id),) = library.ingest(clip).added
    token = library.buyer_token()
    return asset_id, token, library.licensed(token, asset_id, "videos").content


def _tags(data: bytes) -> dict[str, str]:
    with av.open(io.BytesIO(data)) as container:
        return {name.upper(): value for name, value in container.metadata.items()}


def _frames(data: bytes, seek_to: float = 0.0) -> list[tuple[int | None, bytes]]:
    """Each frame's timestamp and pixels, from ``seek_to`` seconds on (through the Cues)."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        if seek_to:
            container.seek(int(seek_to / stream.time_base), stream=stream)
        return [(f.pts, bytes(f.planes[0])) for f in container.decode(stream)]


def test_a_licensed_webm_carries_its_licence_as_matroska_tags(
    library: Library, tmp_path: Path
) -> None:
    clip = encode(tmp_path / "harbour.webm", "webm", "libvpx", frames=_FRAMES)
    original = clip.read_bytes()
    asset_id, _, delivered = _licensed_webm(library, clip)
    tags = _tags(delivered)
    assert tags["TITLE"] == "Harbour at dawn"
    assert tags["DESCRIPTION"] == "Fishing boats leave the harbour as the sun rises."
    assert (tags["ARTIST"], tags["COPYRIGHT"]) == ("Ada Lumen", "2024 Northlight Ltd")
    assert tags["CATALOG_NUMBER"] == asset_id
    assert tags["URL"].endswith(asset_id)  # the web statement of rights
    assert tags["PURCHASE_OWNER"] == "Buyer Buyer"
    assert "(premiumaccess)" in tags["LICENSE"] and tags["DATE_PURCHASED"]
    assert "COMMENT" not in tags  # the file's own global tags give way to the licence's
    frames = _frames(original)
    assert len(frames) == _FRAMES and _frames(delivered) == frames  # every frame as it was
    assert _frames(delivered, seek_to=1.5) == _frames(original, seek_to=1.5)
    assert clip.read_bytes() == original  # the stored original is never changed


def test_a_licensed_webm_keeps_its_track_tags_and_ingests_again(
    library: Library, tmp_path: Path
) -> None:
    clip = encode(tmp_path / "sea.webm", "webm", "libvpx-vp9", frames=_FRAMES)
    _, token, delivered = _licensed_webm(library, clip)
    with av.open(io.BytesIO(delivered)) as container:
        assert "DURATION" in container.streams.video[0].metadata  # aimed at the track: kept
    shown = library.ingested_again(delivered, tmp_path / "again" / "sea.webm", token)
    assert (shown["title"], shown["artist"]) == ("Harbour at dawn", "Ada Lumen")
    assert shown["copyright"] == "2024 Northlight Ltd"


def test_a_live_webm_of_unknown_sizes_is_stamped_too(library: Library, tmp_path: Path) -> None:
    # A recording's WebM (a browser's, a live stream's): sizes unknown, no Cues.
    clip = encode(tmp_path / "live.webm", "webm", "libvpx", frames=_FRAMES, options={"live": "1"})
    asset_id, _, delivered = _licensed_webm(library, clip)
    assert _tags(delivered)["CATALOG_NUMBER"] == asset_id
    assert _frames(delivered) == _frames(clip.read_bytes())


def test_a_range_of_a_stamped_webm_is_its_bytes(library: Library, tmp_path: Path) -> None:
    clip = encode(tmp_path / "a.webm", "webm", "libvpx", frames=_FRAMES)
    asset_id, token, delivered = _licensed_webm(library, clip)
    response = library.client.post(
        f"/v3/downloads/videos/{asset_id}?auto_download=false",
        headers={"Authorization": f"Bearer {token}"},
    )
    uri = response.json()["uri"]
    assert library.client.get(uri).headers["etag"] == library.client.get(uri).headers["etag"]
    middle = library.client.get(uri, headers={"Range": "bytes=100-4099"})
    assert middle.status_code == 206 and middle.content == delivered[100:4100]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:20],  # cut inside its EBML header
        lambda data: data[:300],  # cut before its first Cluster
        lambda data: data.replace(b"\x18\x53\x80\x67", b"\x16\x54\xae\x6b", 1),  # no Segment
    ],
)
def test_a_malformed_webm_is_refused_by_the_stamper(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    broken = damage(encode(tmp_path / "a.webm", "webm", "libvpx", frames=5).read_bytes())
    with pytest.raises(MetadataError):
        stamp_matroska(io.BytesIO(broken), len(broken), [("TITLE", "x")])
