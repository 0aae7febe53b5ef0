"""What the ``photobank`` commands share: holding the data directory while they change it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from photobank.config import Settings
from photobank.store.occupancy import Occupied, occupy


@contextmanager
def holding(settings: Settings, command: str) -> Iterator[None]:
    """Hold the data directory for ``command``; held by a server or another command, say so
    in one line and exit 1."""
    try:
        with occupy(settings.data_dir, command):
            yield
    except Occupied as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
