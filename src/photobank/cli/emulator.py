"""``photobank emulator ...`` (a running emulator) and ``photobank fixtures load`` (a data dir)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from photobank.cli.common import holding, load_settings, open_services
from photobank.emulator.client import ControlError, PhotobankEmulator

emulator_app = typer.Typer(help="Control a running emulator (photobank serve --demo).")
fixtures_app = typer.Typer(help="Fixture files: assets with chosen ids, clients, customers.")

_URL = typer.Option(envvar="PHOTOBANK_EMULATOR_URL", help="Base URL of the emulator.")
_TOKEN = typer.Option(envvar="PHOTOBANK_ADMIN_TOKEN", help="Its admin token (printed at start).")


@emulator_app.callback()
def _connect(
    ctx: typer.Context,
    url: Annotated[str, _URL] = "http://127.0.0.1:8080",
    token: Annotated[str, _TOKEN] = "",
) -> None:
    ctx.obj = PhotobankEmulator(url, token)


def _run(ctx: typer.Context, call: Any, *args: Any, **kwargs: Any) -> Any:
    """Call the control surface and print its JSON answer; a refusal exits 1 with its text."""
    try:
        result = call(ctx.obj, *args, **kwargs)
    except ControlError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"error: cannot reach {ctx.obj.base_url}: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(result, indent=2))
    return result


@emulator_app.command()
def status(ctx: typer.Context) -> None:
    """Clock, journal, fault rules and snapshots."""
    _run(ctx, PhotobankEmulator.status)


@emulator_app.command()
def reset(ctx: typer.Context) -> None:
    """Back to the seeded state (store, caches, journal, faults, clock)."""
    _run(ctx, PhotobankEmulator.reset)


@emulator_app.command()
def snapshot(ctx: typer.Context, name: str) -> None:
    """Save the store under NAME."""
    _run(ctx, PhotobankEmulator.snapshot, name)


@emulator_app.command()
def restore(ctx: typer.Context, name: str) -> None:
    """Bring the store back to snapshot NAME."""
    _run(ctx, PhotobankEmulator.restore, name)


@emulator_app.command()
def clock(
    ctx: typer.Context,
    freeze: Annotated[bool, typer.Option(help="Stop time.")] = False,
    resume: Annotated[bool, typer.Option(help="Let time run again.")] = False,
    set_to: Annotated[
        datetime | None, typer.Option("--set", help="Jump to this time (UTC if no zone).")
    ] = None,
    advance: Annotated[float, typer.Option(help="Move time forward by seconds.")] = 0,
    real: Annotated[bool, typer.Option(help="Back to real time.")] = False,
) -> None:
    """Show or move the server's clock."""

    def apply(emulator: PhotobankEmulator) -> dict[str, Any]:
        if real:
            emulator.clock.reset()
        if set_to is not None:
            emulator.clock.set(set_to if set_to.tzinfo else set_to.astimezone())
        if freeze:
            emulator.clock.freeze()
        if advance:
            emulator.clock.advance(advance)
        if resume:
            emulator.clock.resume()
        return emulator.clock.state()

    _run(ctx, apply)


@emulator_app.command()
def fault(
    ctx: typer.Context,
    preset: Annotated[
        str | None, typer.Argument(help="throttle-qps, throttle-daily, unavailable ...")
    ] = None,
    status_code: Annotated[int | None, typer.Option("--status")] = None,
    method: str | None = None,
    path: Annotated[str | None, typer.Option(help="Glob: /v3/images/*")] = None,
    api_key: str | None = None,
    operation: str | None = None,
    latency_ms: Annotated[int, typer.Option("--latency")] = 0,
    disconnect: bool = False,
    probability: float = 1.0,
    seed: int | None = None,
    times: int | None = None,
) -> None:
    """Add a fault rule."""
    spec = {
        "preset": preset,
        "status": status_code,
        "method": method,
        "path": path,
        "api_key": api_key,
        "operation": operation,
        "latency_ms": latency_ms,
        "disconnect": disconnect,
        "probability": probability,
        "seed": seed,
        "times": times,
    }
    _run(ctx, lambda e: e.faults.add(**{k: v for k, v in spec.items() if v is not None}))


@emulator_app.command()
def faults(
    ctx: typer.Context, clear: Annotated[bool, typer.Option(help="Remove every rule.")] = False
) -> None:
    """List (or clear) the fault rules."""

    def apply(emulator: PhotobankEmulator) -> Any:
        if clear:
            emulator.faults.clear()
        return emulator.faults.list()

    _run(ctx, apply)


_Filter = Annotated[str | None, typer.Option()]


@emulator_app.command()
def journal(
    ctx: typer.Context,
    method: _Filter = None,
    path: _Filter = None,
    status_code: Annotated[str | None, typer.Option("--status", help="404 or 4xx")] = None,
    client: _Filter = None,
    limit: Annotated[int | None, typer.Option(help="Only the most recent N.")] = None,
    count: Annotated[bool, typer.Option(help="Print the count only.")] = False,
    clear: Annotated[bool, typer.Option(help="Empty the journal.")] = False,
    enable: Annotated[bool | None, typer.Option("--on/--off", help="Switch recording.")] = None,
) -> None:
    """Recorded requests (secrets masked), filtered."""
    criteria = {"method": method, "path": path, "status": status_code, "client": client}

    def apply(emulator: PhotobankEmulator) -> Any:
        if enable is not None:
            emulator.journal.enable(enable)
        if clear:
            emulator.journal.clear()
            return {"count": 0}
        if count:
            return {"count": emulator.journal.count(**criteria)}
        return emulator.journal.find(limit, **criteria)

    _run(ctx, apply)


@emulator_app.command()
def validation(
    ctx: typer.Context,
    enable: Annotated[bool, typer.Option("--on/--off", help="Check exchanges, or stop.")],
) -> None:
    """Check every exchange against Getty's contract (header and journal), or stop."""

    def apply(emulator: PhotobankEmulator) -> Any:
        emulator.validate(enable)
        return emulator.call("GET", "/validation")

    _run(ctx, apply)


@emulator_app.command()
def verify(
    ctx: typer.Context,
    method: _Filter = None,
    path: _Filter = None,
    status_code: Annotated[str | None, typer.Option("--status")] = None,
    client: _Filter = None,
    times: Annotated[int | None, typer.Option("--count", help="Exactly N times.")] = None,
    at_least: int | None = None,
) -> None:
    """Exit 1, with a diff, unless the journal saw the request described."""
    result = _run(
        ctx,
        lambda e: e.call(
            "POST",
            "/journal/verify",
            {
                "method": method,
                "path": path,
                "status": status_code,
                "client": client,
                "count": times,
                "at_least": at_least,
            },
        ),
    )
    if not result["ok"]:
        raise typer.Exit(1)


@emulator_app.command()
def load(ctx: typer.Context, file: Path) -> None:
    """Load a fixture file (JSON or YAML) into the running emulator."""
    _run(ctx, lambda e: e.fixtures.load(file))


@emulator_app.command()
def limits(
    ctx: typer.Context,
    api_key: str,
    qps: int | None = None,
    daily: int | None = None,
    used_today: int | None = None,
) -> None:
    """Set a client's throttling limits (0: unlimited) and today's usage."""
    _run(ctx, lambda e: e.set_limits(api_key, qps=qps, daily=daily, used_today=used_today))


@fixtures_app.command("load")
def fixtures_load(file: Path) -> None:
    """Load a fixture file into the data directory (stop the server first, or use
    ``photobank emulator load`` against a running one)."""
    from photobank.emulator.fixture_loader import FixtureLoader
    from photobank.emulator.fixtures import parse_fixture

    try:
        text = file.read_bytes()
    except OSError as exc:
        typer.echo(f"error: cannot read {file}: {exc}", err=True)
        raise typer.Exit(1) from None
    fmt = "yaml" if file.suffix.lower() in (".yaml", ".yml") else "json"
    document = parse_fixture(text, fmt)
    settings = load_settings()
    with holding(settings, "photobank fixtures load"):
        services = open_services(settings)
        try:
            result = FixtureLoader(services).load(document, file.resolve().parent)
        finally:
            services.close()
    typer.echo(json.dumps(result.as_dict(), indent=2))
