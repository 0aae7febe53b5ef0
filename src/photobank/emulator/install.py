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
    contract validation of every exchange (``PHOTOBANK_VALIDATION``, or switched on)."""
    shared = services.shared
    if shared is not None and shared.redis is not None:
        from photobank.state.claim import claim

        refusal = (
            "this deployment's emulator already runs on another node: its clock, fault rules"
            " and journal live in one process; send its clients there, or give this node"
            " its own database and PHOTOBANK_REDIS_PREFIX"
        )
        settings = services.settings
        role = claim(shared.redis, settings.redis_prefix, "emulator", settings.data_dir, refusal)
        shared.releases.append(role)
    emulator = Emulator(services)
    app.state.emulator = emulator
    app.router.routes[0:0] = control_routes()
    # Inside the journal, which records what it finds; a pass-through while switched off.
    app.add_middleware(ValidationMiddleware, switch=emulator.validation)
    app.add_middleware(EmulatorMiddleware, emulator=emulator)
    return emulator
