"""``photobank record``: a forwarding proxy that records, replays, spies and learns a catalog;
``photobank record diff``: what changed upstream since a recording was made."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from photobank.cli.common import holding, load_settings

if TYPE_CHECKING:
    from photobank.composition import Services
    from photobank.config import Settings
    from photobank.upstream.forward import Forwarder
    from photobank.upstream.recording import Recording

# upstream.recording.MODES, spelled out so that `--help` need not load the proxy.
MODES = ("once", "none", "new_episodes", "all", "spy")

record_app = typer.Typer(help="Record, replay and spy on an upstream Getty API.")

GETTY = "https://api.gettyimages.com"
RECORDER_CLIENT = "photobank-recorder"  # the local client spy mode asks the catalog as
_RECORDING = typer.Option(help="The recording file (JSON, or YAML by its suffix).")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def _days(max_age: float | None) -> timedelta | None:
    if max_age is None:
        return None
    if max_age < 0:
        raise _fail("--max-age must be a number of days, 0 or more")
    return timedelta(days=max_age)


@record_app.callback(invoke_without_command=True)
def record(
    ctx: typer.Context,
    upstream: Annotated[str, typer.Option(help="Base URL of the API to forward to.")] = GETTY,
    mode: Annotated[str, typer.Option(help=f"One of {', '.join(MODES)}.")] = "once",
    recording: Annotated[Path, _RECORDING] = Path("recording.json"),
    max_age: Annotated[
        float | None, typer.Option(help="Warn when replaying answers older than this (days).")
    ] = None,
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve as a proxy to UPSTREAM: forward, record, replay (see docs/recording.md)."""
    if ctx.invoked_subcommand is not None:
        return
    from photobank.tls.serving import Listener, busy_port
    from photobank.upstream.forward import Forwarder
    from photobank.upstream.recording import Recording, RecordingError

    if mode not in MODES:
        raise _fail(f"--mode must be one of {', '.join(MODES)}, not {mode!r}")
    age = _days(max_age)
    try:
        forwarder = Forwarder(upstream)
        recorded = Recording.open(recording, forwarder.upstream, datetime.now(UTC))
    except ValueError as exc:  # RecordingError included
        where = "" if isinstance(exc, RecordingError) else "--upstream: "
        raise _fail(f"{where}{exc}") from None
    settings = load_settings()
    host, port = host or settings.host, port or settings.port
    with holding(settings, "photobank record"):
        busy = busy_port(host, [Listener(port)])
        if busy is not None:
            raise _fail(busy)
        _serve(settings, forwarder, mode, recorded, age, host, port)


def _serve(
    settings: Settings,
    forwarder: Forwarder,
    mode: str,
    recorded: Recording,
    max_age: timedelta | None,
    host: str,
    port: int,
) -> None:
    from photobank.app import create_app
    from photobank.composition import build_services
    from photobank.tls.serving import Listener, serve
    from photobank.upstream.forward import ForwardingApp
    from photobank.upstream.learner import Learner
    from photobank.upstream.recorder import Recorder, stale_warning

    services = build_services(settings)

    def warn(line: str) -> None:
        typer.echo(f"photobank record: {line}", err=True)

    stale = stale_warning(recorded, services.clock, max_age)
    if stale:
        typer.echo(stale, err=True)
    local = create_app(settings, services) if mode == "spy" else None
    recorder = Recorder(
        recorded,
        mode,
        Learner(services, recorded, forwarder, warn),
        services.clock,
        max_age=max_age,
        local=local,
        local_api_key=_recorder_key(services) if local is not None else "",
        warn=warn,
    )
    app = ForwardingApp(forwarder, recorder)

    async def close() -> None:
        await recorder.aclose()
        services.close()

    app.on_shutdown.insert(0, close)  # lessons under way fetch over the forwarder's client
    plan = "replaying only" if recorder.replay_only else f"forwarding to {forwarder.upstream}"
    typer.echo(
        f"photobank record ({mode}): http://{host}:{port}, {plan};"
        f" {len(recorded.exchanges)} recorded exchanges in {recorded.path}",
        err=True,
    )
    serve(app, host, [Listener(port)], settings.log_level, settings.max_connections)


def _recorder_key(services: Services) -> str:
    """The local client spy mode asks the catalog as (created on first use, unthrottled)."""
    if services.accounts.get_client_by_key(RECORDER_CLIENT) is None:
        services.accounts.create_client(
            "photobank record (spy)",
            api_key=RECORDER_CLIENT,
            secret=secrets.token_urlsafe(24),
            qps_limit=0,
            daily_limit=0,
        )
    return RECORDER_CLIENT


@record_app.command()
def diff(
    recording: Annotated[Path, _RECORDING] = Path("recording.json"),
    upstream: Annotated[
        str | None, typer.Option(help="Base URL to replay against (default: the recording's).")
    ] = None,
    api_key: Annotated[
        str, typer.Option(envvar="GETTY_API_KEY", help="Api-Key sent with each request.")
    ] = "",
    token: Annotated[
        str, typer.Option(envvar="GETTY_ACCESS_TOKEN", help="Bearer token sent, if any.")
    ] = "",
) -> None:
    """Replay each recorded request against the upstream and report what changed (exit 1)."""
    from photobank.clock import SystemClock
    from photobank.upstream.diff import DiffReport, diff_recording
    from photobank.upstream.forward import Forwarder
    from photobank.upstream.recording import Recording, RecordingError

    if not recording.exists():
        raise _fail(f"no recording at {recording}")
    try:
        recorded = Recording.open(recording, GETTY, SystemClock().now())
        forwarder = Forwarder(upstream or recorded.upstream)
    except (RecordingError, ValueError) as exc:
        raise _fail(str(exc)) from None
    credentials = {"api-key": api_key} if api_key else {}
    if token:
        credentials["authorization"] = f"Bearer {token}"

    async def run() -> DiffReport:
        try:
            return await diff_recording(recorded, forwarder, credentials)
        finally:
            await forwarder.aclose()

    report = asyncio.run(run())
    typer.echo(report.text())
    if report.drifts:
        raise typer.Exit(1)
