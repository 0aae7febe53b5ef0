"""What the ``photobank`` commands share: holding the data directory while they change it,
and printing a result as text or (``--json``) as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

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


JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def emit(data: object, as_json: bool, text: str) -> None:
    """``data`` as JSON with ``--json``, else ``text``."""
    typer.echo(json.dumps(data, indent=2, default=str) if as_json else text)
