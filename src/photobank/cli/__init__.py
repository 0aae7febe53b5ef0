"""The ``photobank`` command: one module per group of subcommands, mounted by :mod:`.main`."""

from photobank.cli.main import app, main

__all__ = ["app", "main"]
