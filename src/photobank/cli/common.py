"""What the ``photobank`` commands share: their settings and services, holding the data
directory while they change it, and printing a result as text or (``--json``) as JSON.

Commands import the domain inside their bodies, through these helpers: ``photobank
--help`` and the commands that need little (the emulator controls) start without
loading the store, the search engine and the imaging libraries
(tests/cli/test_imports.py keeps it so).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from photobank.composition import Services
    from photobank.config import Settings


def load_settings() -> Settings:
    """The settings from the PHOTOBANK_* environment (a bad value: see :func:`.main.main`)."""
    from photobank.config import Settings

    return Settings()


def open_services(settings: Settings | None = None) -> Services:
    """Every service over the data directory of ``settings`` (default: the environment's)."""
    from photobank.composition import build_services

    return build_services(settings or load_settings())


@contextmanager
def holding(settings: Settings, command: str) -> Iterator[None]:
    """Hold the data directory for ``command``; held by a server or another command, say so
    in one line and exit 1."""
    from photobank.store.occupancy import Occupied, occupy

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
