"""The state a server's worker processes share, opened once per process."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from photobank.state.counters import FileThrottleStore
from photobank.state.generation import FileGeneration, Generation

STATE_DIR = "shared"  # under the data directory


@dataclass(frozen=True, slots=True)
class SharedState:
    """What several processes serving one data directory keep in step through."""

    generation: Generation
    throttle: FileThrottleStore

    def close(self) -> None:
        self.throttle.close()
        self.generation.close()


def open_shared(data_dir: Path) -> SharedState:
    """The embedded deployment's shared state: files in ``<data dir>/shared``."""
    where = data_dir / STATE_DIR
    return SharedState(FileGeneration(where / "generation"), FileThrottleStore(where / "throttle"))
