"""The emulator's state and operations, shared by the control surface, CLI and plugin."""

from __future__ import annotations

import dataclasses
import secrets
import time
from datetime import timedelta
from typing import Any

from photobank import errors
from photobank.accounts.models import ApiClient
from photobank.clock import ControlledClock
from photobank.composition import Services
from photobank.config import MIB
from photobank.emulator import SEED_SNAPSHOT
from photobank.emulator.fixture_loader import FixtureLoader
from photobank.emulator.journal import Journal
from photobank.emulator.sharing import open_state
from photobank.emulator.snapshots import SnapshotInfo, check_name, open_snapshots
from photobank.memory import process_memory
from photobank.validation.middleware import ValidationSwitch


class Emulator:
    """Journal, faults, clock, snapshots, fixtures and validation over one server's services.

    Built once the store holds its seeded state (demo catalog, accounts,
    start-up fixtures): that state is saved as the ``seed`` snapshot, which
    :meth:`reset` returns to.
    """

    def __init__(self, services: Services, admin_token: str | None = None) -> None:
        settings = services.settings
        self.services = services
        self.admin_token = admin_token or settings.admin_token or secrets.token_urlsafe(24)
        state = open_state(services)
        self.journal = Journal(
            settings.journal_size,
            settings.journal_mb * MIB,
            services.clock.timestamp,
            self._client_by_key,
            state.exchanges,
        )
        self.faults = state.faults
        self.validation = ValidationSwitch(settings.validation)
        self.fixtures = FixtureLoader(services)
        self.shared = state.shared  # None: this process is the whole emulator
        if self.shared is None:
            self._start(fresh=True)
            return
        with self.shared.starting() as fresh:  # the first node starts it; the others join
            self._start(fresh)
        if fresh:
            self.shared.publish(self)
        else:
            self.shared.catch_up(self)
        if services.shared is not None:
            services.shared.releases.append(self.shared.keep_alive())

    def _start(self, fresh: bool) -> None:
        """Open the snapshots; a fresh emulator saves its seed, a joining node finds it."""
        services, directory = self.services, self.services.settings.data_dir / "emulator"
        self._snapshots = open_snapshots(services.engine, directory, keep=not fresh)
        if fresh:
            # Every later state descends from this one: see photobank.emulator.snapshots.
            self._baseline = services.catalog.repository.last_change_seq()
            self._snapshots.save(SEED_SNAPSHOT)
        else:
            self._baseline = self._snapshots.info(SEED_SNAPSHOT).last_seq

    def catch_up(self) -> None:
        """Before a request: what another node changed (clock, switches, rules), if any."""
        if self.shared is not None:
            self.shared.catch_up(self)

    def publish(self) -> None:
        """After a control request: tell the other nodes what it changed, if anything."""
        if self.shared is not None:
            self.shared.publish(self)

    def _client_by_key(self, api_key: str) -> ApiClient | None:
        return self.services.accounts.get_client_by_key(api_key)

    @property
    def clock(self) -> ControlledClock:
        clock = self.services.clock
        if not isinstance(clock, ControlledClock):
            raise errors.Conflict("This server's clock cannot be moved: it was built without one.")
        return clock

    # -- state ------------------------------------------------------------

    def reset(self) -> dict[str, Any]:
        """Back to the seeded state: store, caches, journal, fault rules, clock, validation."""
        started = time.perf_counter()
        changed = self._restore(SEED_SNAPSHOT)
        self.journal.clear()
        self.faults.clear()
        self.validation.set(self.services.settings.validation)
        self.services.generations.reset_pacing()
        if isinstance(self.services.clock, ControlledClock):
            self.services.clock.reset()
        elapsed = (time.perf_counter() - started) * 1000
        return {"restored": SEED_SNAPSHOT, "changed_assets": changed, "ms": round(elapsed, 2)}

    def save_snapshot(self, name: str) -> SnapshotInfo:
        if check_name(name) == SEED_SNAPSHOT:
            raise errors.Conflict("'seed' is the start-up state; save under another name.")
        return self._snapshots.save(name)

    def restore_snapshot(self, name: str) -> dict[str, Any]:
        """The store as it was when ``name`` was saved (journal, faults and clock stay)."""
        started = time.perf_counter()
        changed = self._restore(name)
        elapsed = (time.perf_counter() - started) * 1000
        return {"restored": name, "changed_assets": changed, "ms": round(elapsed, 2)}

    def delete_snapshot(self, name: str) -> None:
        if check_name(name) == SEED_SNAPSHOT:
            raise errors.Conflict("The seed snapshot is what a reset returns to; it stays.")
        self._snapshots.delete(name)

    def snapshots(self) -> list[dict[str, Any]]:
        return [dataclasses.asdict(self._snapshots.info(n)) for n in self._snapshots.names()]

    def _restore(self, name: str) -> int:
        services = self.services
        changed = self._snapshots.restore(name, self._baseline)
        services.catalog.repository.clear_caches()  # index documents read reference data
        if changed:
            services.index.refresh(changed)
            self.fixtures.restore_originals(changed)
        services.clear_caches()
        services.throttle.reset()
        return len(changed)

    # -- quotas -----------------------------------------------------------

    def set_limits(
        self,
        api_key: str,
        qps: int | None = None,
        daily: int | None = None,
        used_today: int | None = None,
    ) -> dict[str, Any]:
        """A client's throttling limits and, optionally, how much of today it has used."""
        accounts = self.services.accounts
        if qps is not None or daily is not None:
            accounts.set_client_limits(api_key, qps, daily)
        client = accounts.get_client_by_key(api_key)
        if client is None:
            raise errors.NotFound(f"No API client has the key '{api_key}'.")
        if used_today is not None:
            if used_today < 0:
                raise errors.InvalidParameter("used_today", "'used_today' must be 0 or more.")
            self.services.throttle.set_daily_usage(client, used_today)
        return {
            "api_key": api_key,
            "qps_limit": client.qps_limit,
            "daily_limit": client.daily_limit,
        }

    def set_remaining_downloads(
        self, username: str, product_id: int, remaining: int
    ) -> dict[str, Any]:
        """How many downloads a customer has left on one of their products."""
        licensing = self.services.licensing
        customer_id = licensing.products.customer_id(username)
        return licensing.set_remaining_downloads(customer_id, product_id, remaining)

    def status(self) -> dict[str, Any]:
        clock = self.services.clock
        return {
            "mode": "emulator",
            "clock": clock_state(clock) if isinstance(clock, ControlledClock) else None,
            "journal": {
                "enabled": self.journal.enabled,
                "size": self.journal.size,
                "count": len(self.journal),
            },
            "faults": len(self.faults.list()),
            "validation": self.validation.enabled,
            "snapshots": self._snapshots.names(),
            "memory": {
                **process_memory(),
                "cache_budget_mib": self.services.settings.memory_budget_mb,
            },
        }


def clock_state(clock: ControlledClock) -> dict[str, Any]:
    return {
        "now": clock.now().isoformat(),
        "frozen": clock.frozen,
        "offset_seconds": round(clock.offset / timedelta(seconds=1), 3),
    }
