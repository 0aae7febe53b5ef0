"""Where the emulator keeps its state: in this process on one server, or in Redis when the
deployment shares state there, so that every node's emulator is the same one.

On one server the journal is a :class:`~photobank.emulator.ring.Ring`, the rules a
:class:`~photobank.emulator.faults.Faults`, and the clock and switches live on the
objects that use them. With Redis (``PHOTOBANK_REDIS_URL``) the journal and rules
live there (:mod:`photobank.state.redis_journal`, :mod:`photobank.state.redis_faults`),
and each node copies the clock and switches from there when another node changed
them (:mod:`photobank.state.redis_emulator`). Snapshots are in the shared
PostgreSQL store already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from photobank.clock import ControlledClock
from photobank.composition import Services
from photobank.config import MIB
from photobank.emulator.faults import FaultBook, Faults
from photobank.emulator.ring import ExchangeStore, Ring

if TYPE_CHECKING:
    from photobank.emulator.core import Emulator
    from photobank.state.redis_emulator import Controls, RedisControls
    from photobank.state.redis_faults import RedisFaults

_MICROSECOND = timedelta(microseconds=1)


@dataclass
class EmulatorState:
    """The journal's store, the fault rules and, with Redis, what keeps the nodes in step."""

    exchanges: ExchangeStore
    faults: FaultBook
    shared: SharedSwitches | None = None


def open_state(services: Services) -> EmulatorState:
    settings = services.settings
    size, budget = settings.journal_size, settings.journal_mb * MIB
    shared = services.shared
    if shared is None or shared.redis is None:
        return EmulatorState(Ring(size, budget), Faults())
    from photobank.state.redis_emulator import RedisControls
    from photobank.state.redis_faults import RedisFaults
    from photobank.state.redis_journal import RedisRing

    client, prefix, accounts = shared.redis, settings.redis_prefix, services.accounts
    controls = RedisControls(client, prefix)
    faults = RedisFaults(client, prefix, controls.bump)
    ring = RedisRing(
        client, prefix, size, budget, accounts.get_client_by_key, accounts.get_customer
    )
    return EmulatorState(ring, faults, SharedSwitches(controls, faults))


class SharedSwitches:
    """Keeps this node's clock, switches and rules in step with the other nodes'."""

    def __init__(self, controls: RedisControls, faults: RedisFaults) -> None:
        self._controls = controls
        self._faults = faults

    @contextmanager
    def starting(self) -> Iterator[bool]:
        """See :meth:`~photobank.state.redis_emulator.RedisControls.starting`."""
        with self._controls.starting() as fresh:
            yield fresh

    def keep_alive(self) -> Callable[[], None]:
        """Count this node among the running ones until the returned stop is called."""
        return self._controls.keep_alive()

    def catch_up(self, emulator: Emulator) -> None:
        """Copy what another node changed since this one last looked (one ``GET`` if none)."""
        controls = self._controls.changed()
        if controls is None:
            return
        if controls:
            _apply(emulator, controls)
        self._faults.refresh()

    def publish(self, emulator: Emulator) -> None:
        """Tell the other nodes this node's switches, if a control request changed them."""
        self._controls.publish(_controls_of(emulator))


def _controls_of(emulator: Emulator) -> Controls:
    clock = emulator.services.clock
    frozen, offset = clock.state() if isinstance(clock, ControlledClock) else (None, timedelta())
    pacing = emulator.services.generations.pacing
    return {
        "frozen": "" if frozen is None else frozen.isoformat(),
        "offset": str(offset // _MICROSECOND),
        "journal": "1" if emulator.journal.enabled else "0",
        "validation": "1" if emulator.validation.enabled else "0",
        "pending_polls": str(pacing.polls),
        "latency_ms": str(pacing.latency_ms),
    }


def _apply(emulator: Emulator, controls: Controls) -> None:
    clock = emulator.services.clock
    if isinstance(clock, ControlledClock):
        frozen = controls.get("frozen", "")
        offset = int(controls.get("offset", "0")) * _MICROSECOND
        clock.restore(datetime.fromisoformat(frozen) if frozen else None, offset)
    emulator.journal.enabled = controls.get("journal", "1") == "1"
    emulator.validation.set(controls.get("validation", "0") == "1")
    pacing = emulator.services.generations.pacing
    polls = int(controls.get("pending_polls", pacing.polls))
    emulator.services.generations.set_pacing(
        polls, int(controls.get("latency_ms", pacing.latency_ms))
    )
