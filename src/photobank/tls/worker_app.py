"""``photobank serve --workers N``: the parent binds, each forked worker builds and serves."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path
from typing import Any

from prometheus_client.multiprocess import mark_process_dead

from photobank.config import Settings
from photobank.ops.metrics import MULTIPROC_ENV
from photobank.state.shared import STATE_DIR
from photobank.tls.serving import Listener, bind, serve
from photobank.tls.workers import run_workers


def serve_workers(settings: Settings, host: str, listeners: list[Listener]) -> None:
    """Serve ``listeners`` with ``settings.workers`` processes until SIGINT/SIGTERM.

    The caller has prepared the data directory (migrations, index, demo) and
    holds it; each worker opens the store, the index and the shared state
    (:mod:`photobank.state`) itself, so no connection or thread crosses a fork.
    """
    sockets = bind(host, listeners)
    _share_metrics(settings.data_dir / STATE_DIR / "metrics")

    def work(_slot: int) -> None:
        from photobank.app import create_app
        from photobank.composition import build_services
        from photobank.state.shared import open_shared

        services = build_services(settings, shared=open_shared(settings))
        app: Any = create_app(settings, services)
        if settings.mode == "emulator":  # its faults may cut a connection
            from photobank.emulator.middleware import CuttingServer

            app = CuttingServer(app)
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)
        serve(app, host, listeners, settings.log_level, settings.max_connections, sockets)

    try:
        run_workers(settings.workers or os.cpu_count() or 1, work, mark_process_dead)
    finally:
        for sock in sockets:
            sock.close()


def _share_metrics(where: Path) -> None:
    """Workers write their metrics under ``where``, emptied first: a scrape adds up the
    values of this server's workers (the dead ones' counts too), not an earlier run's."""
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    os.environ[MULTIPROC_ENV] = str(where)
