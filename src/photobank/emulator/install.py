"""Wiring emulator mode into an app built by :func:`photobank.app.create_app`."""

from __future__ import annotations

from starlette.applications import Starlette

from photobank.composition import Services
from photobank.emulator.control import control_routes
from photobank.emulator.core import Emulator
from photobank.emulator.middleware import EmulatorMiddleware
from photobank.validation.middleware import ValidationMiddleware


def install_emulator(app: Starlette, services: Services) -> Emulator:
    """Add the control surface, the journal/fault middleware (outside the v3 gateway) and
    contract validation of every exchange (``PHOTOBANK_VALIDATION``, or switched on).

    With Redis, every node's emulator is the same one (see :mod:`.sharing`)."""
    emulator = Emulator(services)
    app.state.emulator = emulator
    app.router.routes[0:0] = control_routes()
    # Inside the journal, which records what it finds; a pass-through while switched off.
    app.add_middleware(ValidationMiddleware, switch=emulator.validation)
    app.add_middleware(EmulatorMiddleware, emulator=emulator)
    return emulator
