"""The operator console under ``/console/``: catalog, uploads, accounts, traffic and,
in emulator mode, the emulator's controls — pages over the same services as the
operator API and the CLI, for the holder of the operator token."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import BaseRoute

from photobank.accounts.operators import OperatorCredential
from photobank.clock import SystemClock
from photobank.web.console.access import AccessPages
from photobank.web.console.catalog import CatalogPages
from photobank.web.console.clients import ClientPages
from photobank.web.console.customers import CustomerPages
from photobank.web.console.emulator import EmulatorPages
from photobank.web.console.session import ConsoleSessions
from photobank.web.console.traffic_page import TrafficPages
from photobank.web.console.uploads import UploadPages
from photobank.web.console.watermarks import WatermarkPages
from photobank.web.pages import Pages

if TYPE_CHECKING:
    from photobank.composition import Services


def console_routes(services: Services) -> list[BaseRoute]:
    credential = OperatorCredential(services.engine)
    # Wall-clock time: moving the emulator's clock must not sign the operator out.
    failures = services.shared.console_failures if services.shared is not None else None
    sessions = ConsoleSessions(
        services.signer, credential, SystemClock(), services.settings, failures
    )
    pages = Pages(sessions)
    parts = (services, sessions, pages)
    return [
        *AccessPages(*parts).routes(),
        *CatalogPages(*parts).routes(),
        *UploadPages(*parts).routes(),
        *ClientPages(*parts).routes(),
        *CustomerPages(*parts).routes(),
        *WatermarkPages(*parts).routes(),
        *EmulatorPages(*parts).routes(),
        *TrafficPages(*parts).routes(),
    ]
