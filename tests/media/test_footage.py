"""Footage: its type from its first bytes, its poster frame, and transcoded copies."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from photobank.media.footage import footage_type, is_footage, poster_jpeg, span, transcode
from tests.ingest.support import encoded, picture
from tests.ingest.test_videos import encode


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Two seconds at 25 frames/s of a yellow bar crossing a blue field from the left."""
    return encode(tmp_path_factory.mktemp("footage") / "bar.mp4").read_bytes()


@pytest.mark.parametrize(
    ("name", "container", "codec", "media_type"),
    [
        ("a.mp4", "mp4", "libx264", "video/mp4"),
        ("a.mov", "mov", "libx264", "video/quicktime"),
        ("a.webm", "webm", "libvpx-vp9", "video/webm"),
    ],
)
def test_the_type_comes_from_the_files_first_bytes(
    tmp_path: Path, name: str, container: str, codec: str, media_type: str
) -> None:
    head = encode(tmp_path / name, container, codec, frames=3).read_bytes()[:16]
    assert is_footage(head) and footage_type(head) == media_type


def test_a_drawn_poster_is_not_footage() -> None:
    assert not is_footage(encoded(picture())[:16])


def test_the_poster_is_the_frame_a_tenth_into_the_clip(clip: bytes) -> None:
    with av.open(io.BytesIO(clip)) as container:
        assert span(container, container.streams.video[0]) == (0.0, 2.0, True)
    poster = Image.open(io.BytesIO(poster_jpeg(io.BytesIO(clip), 160, watermark=False)))
    assert (poster.format, poster.size) == ("JPEG", (160, 90))
    row = np.asarray(poster.convert("RGB"))[45].astype(int)
    yellow = [x for x in range(160) if row[x, 0] > 180 and row[x, 2] < 120]
    # At 0.2 s (frame 5 of 50) the 40 px bar of 320 starts near x = 28: here 14..34 of 160.
    assert yellow and 8 <= min(yellow) <= 20 and max(yellow) <= 40


def test_a_watermarked_poster_differs_and_a_full_size_one_keeps_the_frame(clip: bytes) -> None:
    clean = poster_jpeg(io.BytesIO(clip), None, watermark=False)
    assert Image.open(io.BytesIO(clean)).size == (320, 180)
    assert poster_jpeg(io.BytesIO(clip), None, watermark=True) != clean


def test_a_transcode_has_the_asked_size_rate_and_frames(clip: bytes) -> None:
    out = io.BytesIO()
    transcode(io.BytesIO(clip), out, (160, 90), Fraction(10), 12)
    with av.open(io.BytesIO(out.getvalue())) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 160, 90)
        assert stream.average_rate == Fraction(10)
        assert sum(1 for _ in container.decode(stream)) == 12


def test_past_the_footages_end_its_last_frame_is_held(clip: bytes) -> None:
    out = io.BytesIO()
    transcode(io.BytesIO(clip), out, (160, 90), Fraction(10), 30)  # 3 s asked of 2 s
    with av.open(io.BytesIO(out.getvalue())) as container:
        frames = [
            f.to_ndarray(format="rgb24") for f in container.decode(container.streams.video[0])
        ]
    assert len(frames) == 30
    row = frames[-1][45].astype(int)
    assert row[150, 0] > 180 and row[150, 2] < 120  # the bar, at the right edge where it ended
    assert np.abs(frames[-1].astype(int) - frames[20].astype(int)).mean() < 3
