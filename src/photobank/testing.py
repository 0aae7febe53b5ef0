"""pytest plugin: a real photobank emulator for your test session.

Registered by entry point, so installing photobank is enough::

    def test_search_retries_when_throttled(photobank):
        photobank.faults.add(path="/v3/search/*", preset="throttle-qps", times=1)
        ...

``photobank_server`` (session) starts ``photobank serve --demo`` in emulator
mode on a free port over a fresh demo catalog; ``photobank`` (function)
resets it to that seeded state first. Size the catalog with
``--photobank-assets N``, the ``photobank_assets`` ini option, or by
overriding the ``photobank_options`` fixture.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from photobank.emulator.client import ControlError, JournalMismatch, PhotobankEmulator
from photobank.emulator.process import ServerOptions, running_emulator

__all__ = ["ControlError", "JournalMismatch", "PhotobankEmulator", "ServerOptions"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("photobank", "photobank emulator")
    group.addoption(
        "--photobank-assets",
        type=int,
        default=None,
        help="Images in the emulator's demo catalog (default: the photobank_assets ini value).",
    )
    parser.addini("photobank_assets", "Images in the emulator's demo catalog.", default="300")
    parser.addini("photobank_seed", "Seed of the emulator's demo catalog.", default="42")


@pytest.fixture(scope="session")
def photobank_options(pytestconfig: pytest.Config) -> ServerOptions:
    """How the session's emulator starts; override this fixture to change it."""
    assets = pytestconfig.getoption("photobank_assets") or pytestconfig.getini("photobank_assets")
    return ServerOptions(assets=int(assets), seed=int(pytestconfig.getini("photobank_seed")))


@pytest.fixture(scope="session")
def photobank_server(
    photobank_options: ServerOptions, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PhotobankEmulator]:
    """The session's emulator, as it is (no reset): share it only between careful tests."""
    with running_emulator(tmp_path_factory.mktemp("photobank"), photobank_options) as emulator:
        yield emulator


@pytest.fixture
def photobank(photobank_server: PhotobankEmulator) -> PhotobankEmulator:
    """The emulator, reset to its seeded state: store, journal, fault rules and clock."""
    photobank_server.reset()
    return photobank_server
