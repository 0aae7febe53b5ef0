"""``photobank serve``: the demo catalog (built when absent) or a library, over HTTP and HTTPS.

A restart of an existing data directory must answer within a few seconds: the
command imports the server only once the settings are read, and nothing here
does work per asset (docs/performance.md, bench/first_run.py).
"""

from __future__ import annotations

import gc
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from photobank.cli.common import holding, load_settings
from photobank.cli.demo import console, ensure_demo_catalog

if TYPE_CHECKING:
    from photobank.composition import Services
    from photobank.config import Settings
    from photobank.demo.credentials import DemoCredentials
    from photobank.tls.certs import DevCertificate
    from photobank.tls.serving import Listener


def _banner(
    settings: Settings, host: str, port: int, creds: DemoCredentials, token_url: str
) -> None:
    """``token_url``: the token endpoint (secure-only) with curl's options to reach it."""
    base = f"http://{host}:{port}"
    console.print(f"[bold]photobank[/] serving the demo catalog on {base}")
    console.print(f"  Api-Key:   {creds.api_key}\n  Secret:    {creds.api_secret}")
    console.print(f"  Customer:  {creds.username} / {creds.password}")
    secure = f"https://{host}:{settings.https_port}" if settings.https_port else base
    console.print(f"  Swagger:   {secure}/swagger")
    console.print("Try:", style="bold")
    typer.echo(
        f"curl -H 'Api-Key: {creds.api_key}' '{base}/v3/search/images/creative?phrase=mountain'"
    )
    typer.echo(
        f"curl -d grant_type=password -d client_id={creds.api_key}"
        f" -d client_secret={creds.api_secret} -d username={creds.username}"
        f" -d password={creds.password} {token_url}"
    )


def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    demo: Annotated[
        bool, typer.Option(help="Build the demo catalog and accounts if absent.")
    ] = False,
    https_port: Annotated[
        int | None, typer.Option(help="Also serve HTTPS on this port (demo: 8443; 0: none).")
    ] = None,
    cert: Annotated[Path | None, typer.Option(help="PEM server certificate for HTTPS.")] = None,
    key: Annotated[Path | None, typer.Option(help="PEM private key of --cert.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Processes serving as one server (default: one per core)."),
    ] = None,
) -> None:
    """Run the server (HTTP, and HTTPS when asked for or with --demo)."""
    from photobank.tls.serving import busy_port, plan_listeners

    settings = load_settings()
    # The demo is what a test suite points at: it gets the emulator's controls by default.
    mode = settings.mode or ("emulator" if demo else "library")
    settings = settings.model_copy(update={"mode": mode})
    settings = settings.model_copy(update={"workers": _worker_count(settings, workers)})
    host, port = host or settings.host, port or settings.port
    listeners, dev_cert = plan_listeners(settings, port, https_port, cert, key, demo)
    with holding(settings, "photobank serve"):
        busy = busy_port(host, listeners)
        if busy is not None:
            typer.echo(f"error: {busy}", err=True)
            raise typer.Exit(1)
        _serve(settings, host, port, demo, listeners, dev_cert)


def _serve(
    settings: Settings,
    host: str,
    port: int,
    demo: bool,
    listeners: list[Listener],
    dev_cert: DevCertificate | None,
) -> None:
    """Build the catalog (demo) and the app, and serve until stopped."""
    from photobank.app import create_app
    from photobank.composition import build_services
    from photobank.demo.credentials import ensure_demo_accounts
    from photobank.tls.certs import trust_instructions
    from photobank.tls.serving import serve as serve_listeners
    from photobank.tls.worker_app import serve_workers
    from photobank.tls.workers import WorkersFailed

    # The app learns the HTTPS port chosen, so pages read over HTTP can point at it.
    secure = listeners[1].port if len(listeners) > 1 else 0
    settings = settings.model_copy(update={"https_port": secure})
    services = build_services(settings)
    if not demo:
        _refuse_unfinished_demo(services)
        _library_banner(settings, host, port, services)
    else:
        ensure_demo_catalog(services, settings.demo_assets, settings.demo_seed)
        _banner(
            settings,
            host,
            port,
            ensure_demo_accounts(services.accounts, settings.demo_seed, services.licensing),
            _token_url(host, listeners, dev_cert),
        )
    if len(listeners) > 1:
        console.print(f"  HTTPS:     https://{host}:{listeners[1].port}")
        if dev_cert is not None:
            console.print(trust_instructions(dev_cert.ca, f"https://{host}:{listeners[1].port}"))
    if settings.workers != 1:
        services.close()  # each worker opens its own
        if settings.mode == "emulator":  # one admin token for every worker's controls
            token = settings.admin_token or secrets.token_urlsafe(24)
            settings = settings.model_copy(update={"admin_token": token})
            _admin_banner(token, host, port)
        try:
            serve_workers(settings, host, listeners)
        except WorkersFailed as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        return
    app_ = create_app(settings, services)
    served: Any = app_
    if settings.mode == "emulator":
        from photobank.emulator.middleware import CuttingServer

        _admin_banner(app_.state.emulator.admin_token, host, port)
        served = CuttingServer(app_)
    # Start-up objects (modules, reference data) never die: keep them out of
    # the collector's full passes, and collect the young generation less often.
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    serve_listeners(served, host, listeners, settings.log_level, settings.max_connections)


def _admin_banner(token: str, host: str, port: int) -> None:
    console.print(f"  Admin:     {token}  (emulator controls under")
    console.print(f"             http://{host}:{port}/__photobank/, see docs/emulator.md)")


def _worker_count(settings: Settings, asked: int | None) -> int:
    """Processes to serve with: asked for, set, or one per core; the emulator runs one,
    unless asked for more and its state is in Redis, where every process shares it."""
    if settings.mode == "emulator":
        if (asked or settings.workers or 1) > 1 and not settings.redis_url:
            typer.echo(
                "error: the emulator keeps its clock, faults and journal in one process"
                " unless they live in Redis: serve it with --workers 1 (PHOTOBANK_WORKERS=1),"
                " or set PHOTOBANK_REDIS_URL.",
                err=True,
            )
            raise typer.Exit(1)
        return asked or settings.workers or 1
    return asked or settings.workers or os.cpu_count() or 1


def _library_banner(settings: Settings, host: str, port: int, services: Services) -> None:
    """What a library serves and, when it serves nothing yet, how to fill it."""
    count = services.catalog.repository.count_assets()
    clients = len(services.accounts.list_clients())
    console.print(
        f"[bold]photobank[/] serving the library in {settings.data_dir} on"
        f" http://{host}:{port}: {count:,} assets, {clients} API client{'s' * (clients != 1)}",
        soft_wrap=True,
    )
    if not clients:
        console.print(
            "  No API client yet: `photobank init` makes one (and an operator token).",
            soft_wrap=True,
        )
    if not count:
        console.print(
            "  The catalog is empty: stop the server and `photobank ingest PATH`, or upload"
            " while it runs: POST /operator/v1/ingest (see docs/own-photos.md).",
            soft_wrap=True,
        )


def _refuse_unfinished_demo(services: Services) -> None:
    """Never serve a demo catalog whose build was cut short as if it were whole."""
    from photobank.demo.builds import recorded_build

    build = recorded_build(services.engine)
    if build is not None and not build.finished:
        where = services.settings.data_dir
        console.print(
            f"The demo catalog in {where} was left unfinished; run `photobank serve --demo`"
            " or `photobank demo` to build it again.",
            soft_wrap=True,
            markup=False,
        )
        raise typer.Exit(1)


def _token_url(host: str, listeners: list[Listener], dev_cert: DevCertificate | None) -> str:
    if len(listeners) < 2:
        return f"http://{host}:{listeners[0].port}/oauth2/token"
    cacert = f"--cacert {dev_cert.ca} " if dev_cert else ""
    return f"{cacert}https://{host}:{listeners[1].port}/oauth2/token"
