"""The tiled watermark: over the whole frame, readable on dark and bright pictures alike."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from photobank.media.watermark import stamp


def _stamped(size: tuple[int, int], grey: int) -> tuple[np.ndarray, np.ndarray]:
    image = Image.new("RGB", size, (grey, grey, grey))
    before = np.asarray(image.convert("L"), float)
    stamp(image)
    return before, np.asarray(image.convert("L"), float)


@pytest.mark.parametrize("grey", [10, 128, 245])
def test_the_mark_shows_on_dark_middle_and_bright_pictures(grey: int) -> None:
    before, after = _stamped((800, 600), grey)
    changed = np.abs(after - before) > 8
    assert 0.03 < changed.mean() < 0.6  # visible, yet the picture still shows


@pytest.mark.parametrize("size", [(1200, 800), (800, 1200), (170, 120)])
def test_no_quarter_of_the_frame_escapes_the_mark(size: tuple[int, int]) -> None:
    before, after = _stamped(size, 128)
    changed = np.abs(after - before) > 8
    height, width = changed.shape
    for rows in (slice(0, height // 2), slice(height // 2, height)):
        for cols in (slice(0, width // 2), slice(width // 2, width)):
            assert changed[rows, cols].mean() > 0.01  # cropping cannot remove it


def test_stamping_is_deterministic() -> None:
    assert np.array_equal(_stamped((640, 480), 100)[1], _stamped((640, 480), 100)[1])
