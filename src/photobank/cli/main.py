"""The ``photobank`` command: serve, build the demo catalog, ingest, manage credentials."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from photobank.cli.accounts import clients_app, customers_app
from photobank.cli.assets import assets_app
from photobank.cli.common import holding, load_settings, open_services
from photobank.cli.copy import copy
from photobank.cli.demo import demo
from photobank.cli.emulator import emulator_app, fixtures_app
from photobank.cli.ingest import ingest
from photobank.cli.library import init, operator_token
from photobank.cli.proxy import proxy
from photobank.cli.record import record_app
from photobank.cli.serve import serve
from photobank.cli.watermarks import watermarks_app
from photobank.errors import DomainError

app = typer.Typer(help="photobank: the Getty Images Connect API over your own catalog.")
index_app = typer.Typer(help="The search index (derived from the record store).")
app.add_typer(clients_app, name="clients")
app.add_typer(customers_app, name="customers")
app.add_typer(index_app, name="index")
app.add_typer(emulator_app, name="emulator")
app.add_typer(fixtures_app, name="fixtures")
app.add_typer(watermarks_app, name="watermarks")
app.add_typer(record_app, name="record")
app.command()(ingest)
app.command()(proxy)
app.add_typer(assets_app, name="assets")
app.command()(init)
app.command("operator-token")(operator_token)
console = Console(stderr=True)
app.command()(serve)


@app.command()
def cert(
    force: Annotated[bool, typer.Option(help="Replace an existing certificate.")] = False,
) -> None:
    """Create the local development CA and server certificate (localhost, 127.0.0.1, ::1)."""
    from photobank.tls.certs import (
        create_dev_certificate,
        ensure_dev_certificate,
        trust_instructions,
    )
    from photobank.tls.serving import DEMO_HTTPS_PORT

    settings = load_settings()
    directory = settings.data_dir / "tls"
    made = create_dev_certificate(directory) if force else ensure_dev_certificate(directory)[0]
    typer.echo(f"Server certificate {made.cert}, key {made.key}")
    typer.echo(trust_instructions(made.ca, f"https://localhost:{DEMO_HTTPS_PORT}"))


app.command()(demo)
app.command()(copy)


@index_app.command("rebuild")
def index_rebuild() -> None:
    """Drop the search index and rebuild it from the record store."""
    with holding(settings := load_settings(), "photobank index rebuild"):
        count = open_services(settings).index.rebuild()
    typer.echo(f"Indexed {count:,} assets.")


@index_app.command("sync")
def index_sync() -> None:
    """Apply committed catalog changes the index has not seen yet."""
    with holding(settings := load_settings(), "photobank index sync"):
        typer.echo(f"Applied {open_services(settings).search.sync():,} changes.")


def main() -> None:
    """Entry point: a domain error (duplicate name, unknown key ...) is a one-line message."""
    try:
        app()
    except DomainError as exc:
        console.print(f"[red]error:[/] {exc.message}")
        raise SystemExit(1) from None
    except ValueError as exc:  # pydantic's ValidationError: a PHOTOBANK_* setting refused
        from pydantic import ValidationError

        if not isinstance(exc, ValidationError):
            raise
        for problem in exc.errors():
            name = "PHOTOBANK_" + "_".join(str(part) for part in problem["loc"]).upper()
            typer.echo(f"error: {name}: {problem['msg']}.", err=True)
        raise SystemExit(1) from None
