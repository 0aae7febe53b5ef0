"""``photobank proxy``: forward to an upstream Getty API, checking each exchange on the way."""

from __future__ import annotations

import gc
import secrets
import time
from typing import Annotated

import typer
from rich.console import Console

console = Console(stderr=True)


def proxy(
    upstream: Annotated[str, typer.Option(help="Base URL of the API to forward to.")],
    validate: Annotated[
        bool, typer.Option(help="Check requests and answers against Getty's contract.")
    ] = False,
    strict: Annotated[
        bool, typer.Option(help="Answer a request that breaks the contract with a 400.")
    ] = False,
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve as a proxy to UPSTREAM; with --validate, violations go into the
    X-Photobank-Violations header and the journal (see docs/validation.md)."""
    from photobank.config import MIB, Settings
    from photobank.emulator.journal import Journal
    from photobank.tls.serving import Listener, busy_port, serve
    from photobank.upstream.forward import Forwarder
    from photobank.upstream.validating import Validator, proxy_app
    from photobank.validation.checks import warm

    if strict and not validate:
        typer.echo("error: --strict refuses what validation finds: add --validate", err=True)
        raise typer.Exit(1)
    try:
        forwarder = Forwarder(upstream)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    settings = Settings()
    host, port = host or settings.host, port or settings.port
    busy = busy_port(host, [Listener(port)])
    if busy is not None:
        typer.echo(f"error: {busy}", err=True)
        raise typer.Exit(1)
    journal = Journal(settings.journal_size, settings.journal_mb * MIB, time.time, lambda _: None)
    token = settings.admin_token or secrets.token_urlsafe(24)
    app = proxy_app(forwarder, Validator(journal, strict=strict, validate=validate), token)
    if validate:
        warm()
    gc.freeze()  # start-up objects (the contract above all) out of the collector's passes
    checking = ("strict " if strict else "") + "validation" if validate else "no validation"
    console.print(f"[bold]photobank proxy[/] on http://{host}:{port} -> {upstream} ({checking})")
    console.print(f"  Admin:     {token}  (journal at http://{host}:{port}/__photobank/journal)")
    serve(app, host, [Listener(port)], settings.log_level, settings.max_connections)
