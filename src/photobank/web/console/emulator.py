"""Emulator mode in the console: the request journal, fault rules, the clock, reset and
snapshots — the :class:`~photobank.emulator.core.Emulator` behind the control
surface (``/__photobank/``), driven by forms.

Actions run on the event loop, as the control surface's do: while a reset or a
restore runs, no API request is half-way through the store. Outside emulator
mode these pages are 404s.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank.clock import ControlledClock
from photobank.emulator.core import Emulator, clock_state
from photobank.emulator.faults import PRESETS, FaultSpec
from photobank.emulator.journal import Criteria
from photobank.errors import InvalidParameter, NotFound
from photobank.web.console.base import ConsolePages, whole_number
from photobank.web.console.session import PREFIX

EMULATOR = f"{PREFIX}/emulator"
JOURNAL = f"{EMULATOR}/journal"
SHOWN = 100  # journal entries a page lists, most recent first
_FILTERS = ("method", "path", "status", "client", "customer", "operation", "body_contains")
_UNITS = ("seconds", "minutes", "hours", "days")
_FAULT_FIELDS = ("method", "path", "api_key", "operation", "preset")


class EmulatorPages(ConsolePages):
    def routes(self) -> list[BaseRoute]:
        if not self.emulated:
            return []
        act = {"on_loop": True}
        return [
            Route(EMULATOR, self.page(self.index), methods=["GET"]),
            Route(JOURNAL, self.page(self.journal), methods=["GET"]),
            Route(f"{JOURNAL}/{{seq:int}}", self.page(self.exchange), methods=["GET"]),
            Route(f"{EMULATOR}/faults", self.post(self._add_fault, **act), methods=["POST"]),
            Route(
                f"{EMULATOR}/faults/remove", self.post(self._remove_fault, **act), methods=["POST"]
            ),
            Route(f"{EMULATOR}/clock", self.post(self._clock, **act), methods=["POST"]),
            Route(f"{EMULATOR}/reset", self.post(self._reset, **act), methods=["POST"]),
            Route(f"{EMULATOR}/snapshots", self.post(self._snapshot, **act), methods=["POST"]),
        ]

    async def index(self, request: Request) -> Response:
        emulator = _emulator(request)
        return self.render(
            request, "emulator.html", clock=clock_state(emulator.clock),
            faults=[rule.describe() for rule in emulator.faults.list()],
            presets=PRESETS, snapshots=emulator.snapshots(), units=_UNITS,
            journal=emulator.status()["journal"],
        )  # fmt: skip

    async def journal(self, request: Request) -> Response:
        params = request.query_params
        chosen: dict[str, Any] = {
            name: params[name].strip() for name in _FILTERS if params.get(name, "").strip()
        }
        try:
            criteria = Criteria(**chosen)
        except ValueError as error:
            raise InvalidParameter("status", str(error)) from None
        entries = _emulator(request).journal.find(criteria, SHOWN)
        return self.render(request, "journal.html", entries=entries[::-1], chosen=chosen,
                           filters=_FILTERS, shown=SHOWN)  # fmt: skip

    async def exchange(self, request: Request) -> Response:
        seq = request.path_params["seq"]
        found = [e for e in _emulator(request).journal.find(Criteria()) if e["id"] == seq]
        if not found:
            raise NotFound(f"The journal no longer holds request #{seq}.")
        return self.render(request, "exchange.html", entry=found[0])

    # -- form actions -----------------------------------------------------------------

    def _add_fault(self, request: Request, fields: Mapping[str, str]) -> str:
        spec: dict[str, Any] = {
            n: fields[n].strip() for n in _FAULT_FIELDS if fields.get(n, "").strip()
        }
        for name, label in (("status", "Status"), ("latency_ms", "Latency"), ("times", "Times")):
            value = whole_number(fields, name, label)
            if value is not None:
                spec[name] = value
        if fields.get("disconnect") == "true":
            spec["disconnect"] = True
        try:
            _emulator(request).faults.add(FaultSpec(**spec))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            message = str(first["msg"]).removeprefix("Value error, ")
            raise InvalidParameter(where or "fault", f"{where or 'fault'}: {message}") from None
        return EMULATOR + "#faults"

    def _remove_fault(self, request: Request, fields: Mapping[str, str]) -> str:
        rule = fields.get("rule", "")
        if not _emulator(request).faults.remove(rule):
            raise NotFound(f"No fault rule '{rule}'.")
        return EMULATOR + "#faults"

    def _clock(self, request: Request, fields: Mapping[str, str]) -> str:
        clock = _emulator(request).clock
        action = fields.get("action", "")
        if action == "set":
            clock.set(_moment(fields.get("now", "")))
        elif action == "freeze":
            clock.freeze()
        elif action == "resume":
            clock.resume()
        elif action == "advance":
            _advance(clock, fields)
        elif action == "real":
            clock.reset()
        else:
            raise InvalidParameter("action", "Choose set, freeze, resume, advance or real time.")
        return EMULATOR + "#clock"

    def _reset(self, request: Request, _fields: Mapping[str, str]) -> str:
        _emulator(request).reset()
        return EMULATOR

    def _snapshot(self, request: Request, fields: Mapping[str, str]) -> str:
        emulator, name = _emulator(request), fields.get("name", "").strip()
        action = fields.get("action", "")
        if action == "save":
            emulator.save_snapshot(name)
        elif action == "restore":
            emulator.restore_snapshot(name)
        elif action == "delete":
            emulator.delete_snapshot(name)
        else:
            raise InvalidParameter("action", "Choose save, restore or delete.")
        return EMULATOR + "#snapshots"


def _emulator(request: Request) -> Emulator:
    emulator: Emulator = request.app.state.emulator
    return emulator


def _moment(text: str) -> datetime:
    """A ``datetime-local`` field, read as UTC."""
    try:
        return datetime.fromisoformat(
            text.strip() + ("" if "+" in text or "Z" in text else "+00:00")
        )
    except ValueError:
        raise InvalidParameter("now", f"'{text}' is not a date and time.") from None


def _advance(clock: ControlledClock, fields: Mapping[str, str]) -> None:
    amount = whole_number(fields, "amount", "Amount") or 0
    unit = fields.get("unit", "")
    if unit not in _UNITS:
        raise InvalidParameter("unit", f"unit must be one of {', '.join(_UNITS)}.")
    try:
        clock.advance(timedelta(**{unit: amount}))
    except OverflowError:
        raise InvalidParameter("amount", "That is further than the clock can go.") from None
