"""Wiring emulator mode into an app built by :func:`photobank.app.create_app`."""

from __future__ import annotations

from starlette.applications import Starlette

from photobank.emulator.control import control_routes
from photobank.emulator.core import Emulator
from photobank.emulator.middleware import EmulatorMiddleware
from photobank.services import Services
from photobank.validation.checks import warm
from photobank.validation.middleware import ValidationMiddleware


def install_emulator(app: Starlette, services: Services) -> Emulator:
    """Add the control surface, the journal/fault middleware (outside the v3 gateway) and,
    with ``PHOTOBANK_VALIDATION``, contract validation of every exchange."""
    emulator = Emulator(services)
    app.state.emulator = emulator
    app.router.routes[0:0] = control_routes()
    if services.settings.validation:  # inside the journal, which records what it finds
        warm()  # before the server freezes start-up objects out of the collector's passes
        app.add_middleware(ValidationMiddleware)
    app.add_middleware(EmulatorMiddleware, emulator=emulator)
    return emulator
