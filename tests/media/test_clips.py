"""Clips encoded from a still: real, decodable H.264 at the asked size, rate and length."""

from __future__ import annotations

import io
from fractions import Fraction

import av
import numpy as np
from PIL import Image

from photobank.media.clips import encode_clip


def _poster() -> io.BytesIO:
    pixels = np.zeros((360, 640, 3), np.uint8)
    pixels[:, :, 0] = np.linspace(0, 255, 640, dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="JPEG")
    out.seek(0)
    return out


def test_a_clip_has_the_asked_size_rate_and_frames_and_moves() -> None:
    data = encode_clip(_poster(), (320, 180), Fraction(30000, 1001), 12)
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert (stream.width, stream.height) == (320, 180)
        assert stream.average_rate == Fraction(30000, 1001)
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
    assert len(frames) == 12
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 2  # the camera moved


def test_a_watermarked_clip_differs_from_a_clean_one() -> None:
    clean = encode_clip(_poster(), (320, 180), Fraction(15), 2)
    marked = encode_clip(_poster(), (320, 180), Fraction(15), 2, watermark=True)
    assert clean != marked
