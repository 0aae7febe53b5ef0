"""The index's durable bookkeeping: schema version and last applied change.

Written atomically (temporary file, fsync, rename, fsync of the directory)
and only after the tantivy commit it describes has succeeded, so after a
crash the recorded seq is never ahead of the index; at worst a few already
applied, idempotent changes are replayed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

STATE_FILE = "photobank-index.json"


@dataclass(frozen=True, slots=True)
class IndexState:
    schema_version: int
    last_seq: int


def read_state(index_dir: Path) -> IndexState | None:
    """The recorded state, or None when missing or unreadable (the index is then rebuilt)."""
    try:
        data = json.loads((index_dir / STATE_FILE).read_text(encoding="utf-8"))
        return IndexState(int(data["schema_version"]), int(data["last_seq"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_state(index_dir: Path, state: IndexState) -> None:
    target = index_dir / STATE_FILE
    tmp = target.with_name(target.name + ".tmp")
    payload = json.dumps({"schema_version": state.schema_version, "last_seq": state.last_seq})
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    dir_fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
