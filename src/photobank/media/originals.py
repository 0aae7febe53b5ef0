"""Original image files, kept on disk and drawn on first use.

A demo catalog of a million assets would need terabytes if every original
were written up front; instead an original is rendered the first time it is
asked for and kept. Writes go to a temporary file that is renamed into place,
so a reader never sees half a file, and two first requests at once simply
both render the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from photobank.catalog.ids import is_asset_id
from photobank.catalog.model import Asset
from photobank.catalog.repository import Reference
from photobank.demo.pixels import render_original

_LOCKS = 64


class OriginalStore:
    """Originals under ``root/originals``, fanned out by a hash of the asset id."""

    def __init__(self, root: Path, reference_provider: Callable[[], Reference]) -> None:
        self._root = Path(root) / "originals"
        self._reference = reference_provider
        # Striped locks: threads of one process render an original once; other
        # processes are kept safe by the atomic rename alone.
        self._locks = [threading.Lock() for _ in range(_LOCKS)]

    def path_for(self, asset_id: str) -> Path:
        """Where the original of ``asset_id`` lives (whether or not it exists yet)."""
        if not is_asset_id(asset_id):
            raise ValueError(f"not an asset id: {asset_id!r}")
        digest = hashlib.sha256(asset_id.encode()).hexdigest()
        return self._root / digest[:2] / digest[2:4] / f"{asset_id}.jpg"

    def ensure(self, asset: Asset) -> Path:
        """The path of ``asset``'s original, rendering and storing it first if needed."""
        path = self.path_for(asset.id)
        if path.exists():
            return path
        lock = self._locks[int(hashlib.sha256(asset.id.encode()).hexdigest()[:8], 16) % _LOCKS]
        with lock:
            if not path.exists():
                _write_atomically(path, render_original(asset, self._reference()))
        return path


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
