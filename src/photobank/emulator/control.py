"""The control surface: an admin JSON API under ``/__photobank/``, guarded by a token.

Handlers run on the event loop on purpose: while a reset or a fixture load
runs, no API request is half-way through the store.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

import orjson
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from photobank import errors
from photobank.api.bodies import read_body
from photobank.api.http import json_response
from photobank.emulator import PREFIX
from photobank.emulator.ai_pacing import ai_pacing
from photobank.emulator.control_bodies import (
    Advance,
    Downloads,
    Freeze,
    Limits,
    NewClient,
    NewCustomer,
    SetClock,
    Switch,
    Verify,
)
from photobank.emulator.core import Emulator, clock_state
from photobank.emulator.faults import FaultSpec
from photobank.emulator.fixtures import parse_fixture, validate_fixture
from photobank.emulator.journal import Criteria, Journal

Handler = Callable[[Request, Emulator], Awaitable[Any]]


class JournalHost(Protocol):
    """What the journal routes need: an :class:`Emulator`, or a proxy's stand-in."""

    admin_token: str
    journal: Journal


_STATUS = {
    errors.InvalidParameter: 400,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Forbidden: 403,
}
_FILTERS = ("method", "path", "status", "client", "customer", "operation", "body_contains")


def _error(status: int, message: str, **extra: Any) -> Response:
    return json_response({"message": message, **extra}, status=status)


def _refuse(request: Request, token: str) -> Response | None:
    """401 without a token, 403 with a wrong one; ``None`` lets the request in."""
    given = request.headers.get("x-photobank-admin-token")
    if given is None:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        given = value.strip() if scheme.lower() == "bearer" else None
    if not given:
        return json_response(
            {"message": "The control surface needs the admin token the server printed at"
             " start-up (Admin: ...): photobank emulator --token TOKEN, PHOTOBANK_ADMIN_TOKEN,"
             " or the header Authorization: Bearer TOKEN / X-Photobank-Admin-Token."},
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="photobank-emulator"'},
        )  # fmt: skip
    if not hmac.compare_digest(given.encode(), token.encode()):
        return _error(
            403,
            "Wrong admin token: use the one this server printed at start-up (Admin: ...),"
            " with --token or PHOTOBANK_ADMIN_TOKEN; start the server with"
            " PHOTOBANK_ADMIN_TOKEN set to keep one token across restarts.",
        )
    return None


def _guarded(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        emulator: Emulator = request.app.state.emulator
        refusal = _refuse(request, emulator.admin_token)
        if refusal is not None:
            return refusal
        try:
            result = await handler(request, emulator)
        except errors.DomainError as exc:
            status = next((s for kind, s in _STATUS.items() if isinstance(exc, kind)), 400)
            return _error(status, exc.message, code=exc.code)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "body"
            return _error(400, f"{where}: {first['msg']}", field=where)
        except ValueError as exc:
            return _error(400, str(exc))
        return result if isinstance(result, Response) else json_response(result)

    return endpoint


async def _body(request: Request) -> bytes:
    """A control request's body: fixture files included, at most 64 MiB."""
    limit = 64 * 1024 * 1024
    return await read_body(request, limit, lambda: ValueError("The body is larger than 64 MiB."))


async def _json(request: Request) -> Any:
    raw = await _body(request)
    if not raw.strip():
        return {}
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ValueError("The body must be JSON.") from None


def _criteria(request: Request) -> Criteria:
    params = request.query_params
    fields: dict[str, Any] = {name: params[name] for name in _FILTERS if name in params}
    query = {k[len("query.") :]: v for k, v in params.items() if k.startswith("query.")}
    return Criteria(**fields, query=query)


def _limit(request: Request) -> int | None:
    raw = request.query_params.get("limit")
    if raw is None:
        return None
    if not raw.isdigit():
        raise ValueError("limit must be a whole number.")
    return int(raw)


# -- handlers -------------------------------------------------------------


async def _status(_request: Request, emulator: Emulator) -> Any:
    return emulator.status()


async def _reset(_request: Request, emulator: Emulator) -> Any:
    return emulator.reset()


async def _snapshots(_request: Request, emulator: Emulator) -> Any:
    return {"snapshots": emulator.snapshots()}


async def _save(request: Request, emulator: Emulator) -> Any:
    info = emulator.save_snapshot(request.path_params["name"])
    return {"name": info.name, "last_seq": info.last_seq, "bytes": info.bytes}


async def _restore(request: Request, emulator: Emulator) -> Any:
    return emulator.restore_snapshot(request.path_params["name"])


async def _delete_snapshot(request: Request, emulator: Emulator) -> Any:
    emulator.delete_snapshot(request.path_params["name"])
    return {"deleted": request.path_params["name"]}


async def _clock(_request: Request, emulator: Emulator) -> Any:
    return clock_state(emulator.clock)


async def _freeze(request: Request, emulator: Emulator) -> Any:
    emulator.clock.freeze(Freeze.model_validate(await _json(request)).at)
    return clock_state(emulator.clock)


async def _resume(_request: Request, emulator: Emulator) -> Any:
    emulator.clock.resume()
    return clock_state(emulator.clock)


async def _set_clock(request: Request, emulator: Emulator) -> Any:
    emulator.clock.set(SetClock.model_validate(await _json(request)).now)
    return clock_state(emulator.clock)


async def _advance(request: Request, emulator: Emulator) -> Any:
    step = Advance.model_validate(await _json(request))
    emulator.clock.advance(
        timedelta(seconds=step.seconds, minutes=step.minutes, hours=step.hours, days=step.days)
    )
    return clock_state(emulator.clock)


async def _real_time(_request: Request, emulator: Emulator) -> Any:
    emulator.clock.reset()
    return clock_state(emulator.clock)


async def _journal(request: Request, emulator: JournalHost) -> Any:
    entries = emulator.journal.find(_criteria(request), _limit(request))
    return {"enabled": emulator.journal.enabled, "count": len(entries), "entries": entries}


async def _journal_count(request: Request, emulator: JournalHost) -> Any:
    return {"count": emulator.journal.count(_criteria(request))}


async def _journal_clear(_request: Request, emulator: JournalHost) -> Any:
    emulator.journal.clear()
    return {"count": 0}


async def _journal_switch(request: Request, emulator: JournalHost) -> Any:
    emulator.journal.enabled = Switch.model_validate(await _json(request)).enabled
    return {"enabled": emulator.journal.enabled}


async def _validation(_request: Request, emulator: Emulator) -> Any:
    return {"enabled": emulator.validation.enabled}


async def _validation_switch(request: Request, emulator: Emulator) -> Any:
    emulator.validation.set(Switch.model_validate(await _json(request)).enabled)
    return {"enabled": emulator.validation.enabled}


async def _verify(request: Request, emulator: JournalHost) -> Any:
    spec = Verify.model_validate(await _json(request))
    criteria = Criteria(**spec.model_dump(exclude={"count", "at_least"}))
    result = emulator.journal.verify(criteria, spec.count, spec.at_least)
    return {"ok": result.ok, "matched": result.matched, "message": result.message}


async def _faults(_request: Request, emulator: Emulator) -> Any:
    return {"faults": [rule.describe() for rule in emulator.faults.list()]}


async def _add_fault(request: Request, emulator: Emulator) -> Any:
    rule = emulator.faults.add(FaultSpec.model_validate(await _json(request)))
    return json_response(rule.describe(), status=201)


async def _fault(request: Request, emulator: Emulator) -> Any:
    rule = emulator.faults.get(request.path_params["rule"])
    if rule is None:
        raise errors.NotFound(f"No fault rule '{request.path_params['rule']}'.")
    return rule.describe()


async def _remove_fault(request: Request, emulator: Emulator) -> Any:
    if not emulator.faults.remove(request.path_params["rule"]):
        raise errors.NotFound(f"No fault rule '{request.path_params['rule']}'.")
    return {"deleted": request.path_params["rule"]}


async def _clear_faults(_request: Request, emulator: Emulator) -> Any:
    emulator.faults.clear()
    return {"faults": []}


async def _load_fixtures(request: Request, emulator: Emulator) -> Any:
    content_type = request.headers.get("content-type", "")
    if "yaml" in content_type:
        document = parse_fixture(await _body(request), "yaml")
    else:
        document = validate_fixture(await _json(request))
    base = request.query_params.get("base_dir")
    return emulator.fixtures.load(document, Path(base) if base else None).as_dict()


async def _create_client(request: Request, emulator: Emulator) -> Any:
    spec = NewClient.model_validate(await _json(request))
    client, secret = emulator.services.accounts.create_client(
        spec.name,
        api_key=spec.api_key,
        secret=spec.api_secret,
        qps_limit=spec.qps_limit,
        daily_limit=spec.daily_limit,
    )
    body = {"name": client.name, "api_key": client.api_key, "api_secret": secret}
    return json_response(body, status=201)


async def _limits(request: Request, emulator: Emulator) -> Any:
    spec = Limits.model_validate(await _json(request))
    return emulator.set_limits(
        request.path_params["api_key"], spec.qps, spec.daily, spec.used_today
    )


async def _create_customer(request: Request, emulator: Emulator) -> Any:
    spec = NewCustomer.model_validate(await _json(request))
    customer = emulator.services.accounts.create_customer(
        spec.username,
        spec.password,
        spec.first_name,
        spec.last_name,
        spec.email,
        middle_name=spec.middle_name,
    )
    return json_response({"id": customer.id, "username": customer.username}, status=201)


async def _downloads(request: Request, emulator: Emulator) -> Any:
    spec = Downloads.model_validate(await _json(request))
    params = request.path_params
    return emulator.set_remaining_downloads(params["username"], params["product"], spec.remaining)


def _route(path: str, handler: Handler, *methods: str) -> Route:
    return Route(path, _guarded(handler), methods=list(methods))


def journal_routes() -> list[BaseRoute]:
    """The journal's routes, for any app whose ``state.emulator`` is a :class:`JournalHost`
    (the validation proxy serves them too)."""
    return [
        _route("/journal", _journal, "GET"),
        _route("/journal", _journal_clear, "DELETE"),
        _route("/journal", _journal_switch, "PATCH"),
        _route("/journal/count", _journal_count, "GET"),
        _route("/journal/verify", _verify, "POST"),
    ]


def control_routes() -> list[BaseRoute]:
    routes = [
        _route("/", _status, "GET"),
        _route("/reset", _reset, "POST"),
        _route("/snapshots", _snapshots, "GET"),
        _route("/snapshots/{name}", _save, "PUT", "POST"),
        _route("/snapshots/{name}", _delete_snapshot, "DELETE"),
        _route("/snapshots/{name}/restore", _restore, "POST"),
        _route("/clock", _clock, "GET"),
        _route("/clock/freeze", _freeze, "POST"),
        _route("/clock/resume", _resume, "POST"),
        _route("/clock/set", _set_clock, "POST"),
        _route("/clock/advance", _advance, "POST"),
        _route("/clock/reset", _real_time, "POST"),
        *journal_routes(),
        _route("/validation", _validation, "GET"),
        _route("/validation", _validation_switch, "PATCH"),
        _route("/faults", _faults, "GET"),
        _route("/faults", _add_fault, "POST"),
        _route("/faults", _clear_faults, "DELETE"),
        _route("/faults/{rule}", _fault, "GET"),
        _route("/faults/{rule}", _remove_fault, "DELETE"),
        _route("/fixtures", _load_fixtures, "POST"),
        _route("/clients", _create_client, "POST"),
        _route("/clients/{api_key}/limits", _limits, "PUT"),
        _route("/customers", _create_customer, "POST"),
        _route("/customers/{username}/products/{product:int}/downloads", _downloads, "PUT"),
        _route("/ai", ai_pacing, "GET", "PUT"),
    ]
    return [Mount(PREFIX, routes=routes)]
