"""A positioned reader seeks as a file does and reads from where it stands."""

from __future__ import annotations

import io
from typing import Any

import pytest

from photobank.media.positioned import PositionedReader


class _Bytes(PositionedReader):
    def __init__(self, data: bytes) -> None:
        super().__init__(len(data))
        self._data = data

    def readinto(self, buffer: Any) -> int:
        chunk = self._data[self._at : self._at + len(buffer)]
        buffer[: len(chunk)] = chunk
        self._at += len(chunk)
        return len(chunk)


def test_seeks_from_the_start_the_position_and_the_end() -> None:
    reader = io.BufferedReader(_Bytes(b"0123456789"))
    assert reader.read(3) == b"012"
    assert reader.seek(2, io.SEEK_CUR) == 5
    assert reader.read(2) == b"56"
    assert reader.seek(-3, io.SEEK_END) == 7
    assert reader.read() == b"789"
    assert reader.seek(1) == 1
    assert reader.read(1) == b"1"


def test_says_its_size_and_refuses_a_position_before_the_start() -> None:
    raw = _Bytes(b"abc")
    assert (raw.size, raw.readable(), raw.seekable(), raw.tell()) == (3, True, True, 0)
    with pytest.raises(ValueError, match="negative"):
        raw.seek(-1)
    assert raw.seek(10) == 10
    assert raw.read(1) == b""
