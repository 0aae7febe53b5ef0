"""``photobank demo``, and the demo catalog ``photobank serve --demo`` builds when absent."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from photobank.cli.common import JsonOption, emit, holding, load_settings, open_services

if TYPE_CHECKING:
    from photobank.composition import Services
    from photobank.demo.builds import DemoPlan

console = Console(stderr=True)


def ensure_demo_catalog(
    services: Services, assets: int, seed: int, batch: int | None = None
) -> DemoPlan:
    """Build the demo catalog unless the store holds one; what was done, and why.

    Crash-safe: a build killed at any point is cleared and built again by the
    next run, never served as it is (see :mod:`photobank.demo.builds`).
    """
    from rich.progress import Progress

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
        logged = PlainProgress(title, assets, console.is_terminal)

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
    logged.done()
    return plan


class PlainProgress:
    """Progress as plain lines (every tenth of the work) where no terminal shows a bar:
    a build whose output goes to a log is not silent for a minute."""

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

    def done(self) -> None:
        """On a terminal, say how long the build took: the bar vanishes when it ends."""
        if not self._quiet:
            return  # the last line, 100%, said it
        seconds = time.monotonic() - self._started
        console.print(f"{self._title}: built in {seconds:.0f} s", soft_wrap=True)


def demo(
    assets: Annotated[int | None, typer.Option(help="Number of images.")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed.")] = None,
    as_json: JsonOption = False,
    batch: Annotated[
        int | None, typer.Option(hidden=True, help="Assets a transaction (tests: many batches).")
    ] = None,
) -> None:
    """Build the deterministic demo catalog and accounts into an empty data directory."""
    from photobank.demo.credentials import ensure_demo_accounts

    settings = load_settings()
    with holding(settings, "photobank demo"):
        services = open_services(settings)
        plan = ensure_demo_catalog(
            services, assets or settings.demo_assets, seed or settings.demo_seed, batch
        )
    if not plan.build and plan.note is None:
        console.print(f"{settings.data_dir} already holds a catalog; remove it to rebuild.")
    creds = ensure_demo_accounts(services.accounts, seed or settings.demo_seed, services.licensing)
    services.close()
    emit(creds.as_dict(), as_json, f"Api-Key {creds.api_key}, secret {creds.api_secret}")
