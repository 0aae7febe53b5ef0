"""A raw file of known size whose reads start at a position of its own: a seek only
moves that position, and each reader says in ``readinto`` how it reads from there."""

from __future__ import annotations

import io


class PositionedReader(io.RawIOBase):
    """Readable and seekable over ``size`` bytes; subclasses implement ``readinto``
    from ``self._at`` and advance it."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self._size = size
        self._at = 0

    @property
    def size(self) -> int:
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._at

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._at = base + offset
        return self._at
