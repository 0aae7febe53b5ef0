"""Wiring emulator mode into an app built by :func:`photobank.app.create_app`."""

from __future__ import annotations

from starlette.applications import Starlette

from photobank.emulator.control import control_routes
from photobank.emulator.core import Emulator
from photobank.emulator.middleware import EmulatorMiddleware
from photobank.services import Services


def install_emulator(app: Starlette, services: Services) -> Emulator:
    """Add the control surface and the journal/fault middleware (outside the v3 gateway)."""
    emulator = Emulator(services)
    app.state.emulator = emulator
    app.router.routes[0:0] = control_routes()
    app.add_middleware(EmulatorMiddleware, emulator=emulator)
    return emulator
