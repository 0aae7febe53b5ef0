"""The ``photobank`` command: serve, build the demo catalog, ingest, manage credentials."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import Progress

from photobank.cli.accounts import clients_app, customers_app
from photobank.cli.assets import assets_app
from photobank.cli.common import JsonOption, emit, holding
from photobank.cli.emulator import emulator_app, fixtures_app
from photobank.cli.ingest import ingest
from photobank.cli.library import init, operator_token
from photobank.cli.proxy import proxy
from photobank.cli.record import record_app
from photobank.cli.watermarks import watermarks_app
from photobank.composition import Services, build_services
from photobank.config import Settings
from photobank.demo.credentials import DemoCredentials, ensure_demo_accounts
from photobank.errors import DomainError
from photobank.tls.certs import DevCertificate
from photobank.tls.serving import Listener

if TYPE_CHECKING:
    from photobank.demo.builds import DemoPlan

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


def _services() -> Services:
    return build_services(Settings())


def ensure_demo_catalog(
    services: Services, assets: int, seed: int, batch: int | None = None
) -> DemoPlan:
    """Build the demo catalog unless the store holds one; what was done, and why.

    Crash-safe: a build killed at any point is cleared and built again by the
    next run, never served as it is (see :mod:`photobank.demo.builds`).
    """
    from photobank.demo.builds import build_demo, plan_demo_build
    from photobank.demo.generator import BATCH

    plan = plan_demo_build(services.engine, str(services.settings.data_dir), seed, assets)
    if plan.note is not None:
        console.print(plan.note, soft_wrap=True, markup=False)  # one line, whatever the path
    if not plan.build:
        return plan
    title = f"Building demo catalog ({assets:,} assets)"
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(title, total=assets)
        logged = _PlainProgress(title, assets, console.is_terminal)

        def advance(done: int) -> None:
            progress.update(task, completed=done)
            logged.update(done)

        build_demo(
            services,
            plan,
            seed=seed,
            assets=assets,
            batch=batch or BATCH,
            workers=os.cpu_count() or 1,
            progress=advance,
        )
    return plan


class _PlainProgress:
    """Progress as plain lines (every tenth of the work) where no terminal shows a bar:
    a build whose output goes to a log is not silent for minutes."""

    def __init__(self, title: str, total: int, on_terminal: bool) -> None:
        self._title, self._total, self._quiet = title, max(total, 1), on_terminal
        self._next = 10
        self._started = time.monotonic()

    def update(self, done: int) -> None:
        percent = done * 100 // self._total
        if self._quiet or percent < self._next:
            return
        self._next = percent // 10 * 10 + 10
        seconds = time.monotonic() - self._started
        console.print(f"{self._title}: {percent}% after {seconds:.0f} s", soft_wrap=True)


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


@app.command()
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

    settings = Settings()
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

        console.print(f"  Admin:     {app_.state.emulator.admin_token}  (emulator controls under")
        console.print(f"             http://{host}:{port}/__photobank/, see docs/emulator.md)")
        served = CuttingServer(app_)
    # Start-up objects (modules, reference data) never die: keep them out of
    # the collector's full passes, and collect the young generation less often.
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    serve_listeners(served, host, listeners, settings.log_level, settings.max_connections)


def _worker_count(settings: Settings, asked: int | None) -> int:
    """Processes to serve with: asked for, set, or one per core; the emulator runs one."""
    if settings.mode == "emulator":
        if (asked or settings.workers or 1) > 1:
            typer.echo(
                "error: the emulator keeps its clock, faults, journal and snapshots in one"
                " process: serve it with --workers 1 (PHOTOBANK_WORKERS=1).",
                err=True,
            )
            raise typer.Exit(1)
        return 1
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

    settings = Settings()
    directory = settings.data_dir / "tls"
    made = create_dev_certificate(directory) if force else ensure_dev_certificate(directory)[0]
    typer.echo(f"Server certificate {made.cert}, key {made.key}")
    typer.echo(trust_instructions(made.ca, f"https://localhost:{DEMO_HTTPS_PORT}"))


@app.command()
def demo(
    assets: Annotated[int | None, typer.Option(help="Number of images.")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed.")] = None,
    as_json: JsonOption = False,
    batch: Annotated[
        int | None, typer.Option(hidden=True, help="Assets a transaction (tests: many batches).")
    ] = None,
) -> None:
    """Build the deterministic demo catalog and accounts into an empty data directory."""
    settings = Settings()
    with holding(settings, "photobank demo"):
        services = _services()
        plan = ensure_demo_catalog(
            services, assets or settings.demo_assets, seed or settings.demo_seed, batch
        )
    if not plan.build and plan.note is None:
        console.print(f"{settings.data_dir} already holds a catalog; remove it to rebuild.")
    creds = ensure_demo_accounts(services.accounts, seed or settings.demo_seed, services.licensing)
    services.close()
    emit(creds.as_dict(), as_json, f"Api-Key {creds.api_key}, secret {creds.api_secret}")


@index_app.command("rebuild")
def index_rebuild() -> None:
    """Drop the search index and rebuild it from the record store."""
    with holding(Settings(), "photobank index rebuild"):
        count = _services().index.rebuild()
    typer.echo(f"Indexed {count:,} assets.")


@index_app.command("sync")
def index_sync() -> None:
    """Apply committed catalog changes the index has not seen yet."""
    with holding(Settings(), "photobank index sync"):
        typer.echo(f"Applied {_services().search.sync():,} changes.")


def main() -> None:
    """Entry point: a domain error (duplicate name, unknown key ...) is a one-line message."""
    try:
        app()
    except DomainError as exc:
        console.print(f"[red]error:[/] {exc.message}")
        raise SystemExit(1) from None
    except ValidationError as exc:  # a PHOTOBANK_* setting the settings refuse
        for problem in exc.errors():
            name = "PHOTOBANK_" + "_".join(str(part) for part in problem["loc"]).upper()
            typer.echo(f"error: {name}: {problem['msg']}.", err=True)
        raise SystemExit(1) from None
