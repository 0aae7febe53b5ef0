"""Query-string and path parsing driven by the contract.

Each operation's parameters are parsed according to their schema in Getty's
OpenAPI document (boolean, integer, date, enum, comma-separated list), so
every documented parameter is understood and every bad value is refused with
a 400 that names the parameter. Enum values and booleans are matched
case-insensitively: Getty's .NET SDK lower-cases every query value.

Every value is checked here, before any engine or store sees it: no control
characters, at most :data:`MAX_VALUE_LENGTH` characters, integers in ASCII
digits within the schema's format (none of Getty's integer parameters, ids,
pages or counts, is negative), dates the search backends can filter on
(:data:`photobank.search.query.EARLIEST` to ``LATEST``) and no empty element
in a list (``ids=1,,2``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any

from starlette.datastructures import QueryParams

from photobank.api.numbers import ascii_integer
from photobank.api.v3.aliases import earlier_names
from photobank.api.v3.contract import _resolve, spec
from photobank.api.v3.fields import extension_fields
from photobank.changes.models import MAX_BATCH_SIZE
from photobank.clock import as_utc
from photobank.errors import InvalidParameter
from photobank.paging import PageWindow, numbered_page
from photobank.search.query import EARLIEST, LATEST

# The longest value any parameter takes: a list of 100 ids fits with room to spare.
MAX_VALUE_LENGTH = 4096
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class _Bounds:
    minimum: int
    maximum: int


# The range of an integer parameter by its schema's format.
_FORMATS = {"int32": _Bounds(0, 2**31 - 1), "int64": _Bounds(0, 2**63 - 1)}
# Limits the OpenAPI states only in prose ("maximum page_size is 100").
_BOUNDS: dict[str, _Bounds] = {
    "page": _Bounds(1, 1_000_000),
    "page_size": _Bounds(1, 100),
    "pageSize": _Bounds(1, 100),
    "facet_max_count": _Bounds(0, 10_000),
    "minimum_quality_rank": _Bounds(1, 3),
    "min_clip_length": _Bounds(0, 86_400),
    "max_clip_length": _Bounds(0, 86_400),
    "batch_size": _Bounds(1, MAX_BATCH_SIZE),
}


@dataclass(frozen=True, slots=True)
class _Param:
    name: str
    kind: str  # boolean | integer | datetime | string | enum | list | int_list | enum_list
    enum: tuple[str, ...] = ()
    default: Any = None
    bounds: _Bounds = _FORMATS["int32"]
    earlier: tuple[str, ...] = ()  # accepted, not advertised: see api/v3/aliases.py


# Operations Getty served but left out of the current contract: their
# parameters are those common to the listed operations (the first one's
# schema wins), with the ``fields`` vocabulary of the named schema.
_UNDOCUMENTED: dict[str, tuple[tuple[str, ...], str]] = {
    "/v3/search/videos": (
        ("/v3/search/videos/creative", "/v3/search/videos/editorial"),
        "BlendedVideosFieldValues",
    ),
}


def _documented_parameters(path: str, method: str) -> list[dict[str, Any]]:
    if path not in _UNDOCUMENTED:
        found: list[dict[str, Any]] = spec()["paths"][path][method].get("parameters", [])
        return found
    sources, fields_schema = _UNDOCUMENTED[path]
    lists = [spec()["paths"][source][method].get("parameters", []) for source in sources]
    common = set.intersection(*({p["name"] for p in params} for params in lists))
    chosen = [dict(p) for p in lists[0] if p["name"] in common]
    for parameter in chosen:
        if parameter["name"] == "fields":
            ref = {"$ref": f"#/components/schemas/{fields_schema}"}
            parameter["schema"] = {"type": "array", "items": ref}
    return chosen


def _param(path: str, parameter: dict[str, Any]) -> _Param:
    name = parameter["name"]
    schema = _resolve(parameter.get("schema", {}))
    kind = schema.get("type", "string")
    enum: tuple[str, ...] = tuple(map(str, schema.get("enum", ())))
    number = schema
    if kind == "array":
        number = items = _resolve(schema.get("items", {}))
        enum = tuple(map(str, items.get("enum", ())))
        kind = "enum_list" if enum else ("int_list" if items.get("type") == "integer" else "list")
    elif enum:
        kind = "enum"
    elif kind == "string" and schema.get("format") == "date-time":
        kind = "datetime"
    earlier: tuple[str, ...] = ()
    if name == "fields":
        enum += extension_fields(path)
        earlier = tuple(n for n in earlier_names(enum) if n not in enum)
    bounds = _BOUNDS.get(name) or _FORMATS.get(number.get("format", ""), _FORMATS["int32"])
    return _Param(name, kind, enum, schema.get("default"), bounds, earlier)


@cache
def _operation_params(path: str, method: str = "get", where: str = "query") -> dict[str, _Param]:
    return {
        parameter["name"]: _param(path, parameter)
        for parameter in _documented_parameters(path, method)
        if parameter["in"] == where
    }


@cache
def _defaults(path: str, method: str) -> dict[str, Any]:
    return {name: param.default for name, param in _operation_params(path, method).items()}


# Operations whose 400s Getty names with a code of their own (v3-behaviour.md), and
# parameters with one of their own within an operation; the rest say InvalidParameterValue.
_OPERATION_CODES = {
    ("/v3/products", "get"): "InvalidRequestParameters",
    ("/v3/events", "get"): "InvalidRequestParameters",
    ("/v3/events/{id}", "get"): "InvalidRequestParameters",
    ("/v3/asset-changes/change-sets/{change-set-id}", "delete"): "InvalidChangeSetId",
}
_PARAMETER_CODES = {
    ("/v3/asset-changes/change-sets", "put", "channel_id"): "InvalidChannelIdException",
}


def operation_code(path: str, method: str = "get", parameter: str | None = None) -> str | None:
    """The error code Getty gives a refused ``parameter`` of the operation, when it has one."""
    named = _PARAMETER_CODES.get((path, method, parameter or ""))
    return named or _OPERATION_CODES.get((path, method))


def _checked(path: str, method: str, param: _Param, raw: str) -> Any:
    """``raw`` converted by ``param``'s schema; refused with the operation's own code."""
    try:
        return _convert(param, raw)
    except InvalidParameter as exc:
        if (code := operation_code(path, method, exc.parameter)) is None:
            raise
        raise InvalidParameter(exc.parameter, exc.message, code=code) from None


def parse_query(path: str, query: QueryParams, method: str = "get") -> dict[str, Any]:
    """Values of the operation's parameters present in ``query`` (parameters it
    does not document are ignored, as Getty does). Defaults are filled in.

    A parameter given empty (``fields=``, ``date_to=``, or blanks only) is taken
    as absent, as Getty's model binding takes it: its default applies, and an
    operation that needs it refuses it as missing. Repeated parameters are joined
    into one comma-separated list."""
    values = dict(_defaults(path, method))
    if not query:
        return values
    given = query.keys()
    for name, param in _operation_params(path, method).items():
        if name in given and (present := [v for v in query.getlist(name) if v.strip()]):
            values[name] = _checked(path, method, param, ",".join(present))
    return values


def page_window(params: dict[str, Any], default_size: int = 30) -> PageWindow:
    """The page that parsed ``page`` and ``page_size`` ask for (by default the first,
    of ``default_size`` items)."""
    return numbered_page(params["page"] or 1, params["page_size"] or default_size)


def parse_path(path: str, name: str, raw: str, method: str = "get") -> Any:
    """Path parameter ``name`` of the operation ``path``, by its schema in the contract."""
    return _checked(path, method, _operation_params(path, method, "path")[name], raw)


def _convert(param: _Param, raw: str) -> Any:
    check_text(param.name, raw)
    if param.kind == "boolean":
        return parse_bool(param.name, raw)
    if param.kind == "integer":
        return parse_int(param.name, raw, param.bounds)
    if param.kind == "datetime":
        return parse_datetime(param.name, raw)
    if param.kind == "enum":
        return _enum_value(param, raw.strip())
    if param.kind == "string":
        return raw
    items = split_list(param.name, raw)
    if param.kind == "enum_list":
        return tuple(dict.fromkeys(_enum_value(param, item) for item in items))
    if param.kind == "int_list":
        return tuple(dict.fromkeys(parse_int(param.name, item, param.bounds) for item in items))
    return tuple(dict.fromkeys(items))


def check_text(name: str, raw: str) -> None:
    """Refuse a value no parameter takes: too long, or with control characters."""
    if len(raw) > MAX_VALUE_LENGTH:
        raise InvalidParameter(
            name, f"Parameter '{name}' is longer than {MAX_VALUE_LENGTH} characters."
        )
    if _CONTROL.search(raw):
        raise InvalidParameter(name, f"Parameter '{name}' contains control characters.")


def split_list(name: str, raw: str) -> list[str]:
    """The elements of a comma-separated list, none of them empty."""
    items = [item.strip() for item in raw.split(",")]
    if "" in items:
        raise InvalidParameter(
            name, f"Invalid value '{raw}' for parameter '{name}': a list element is empty."
        )
    return items


def _enum_value(param: _Param, raw: str) -> str:
    lowered = {value.lower(): value for value in param.enum + param.earlier}
    value = lowered.get(raw.lower())
    if value is None:
        raise InvalidParameter(
            param.name,
            f"Invalid value '{raw}' for parameter '{param.name}'. "
            f"Allowed values: {', '.join(param.enum)}.",
        )
    return value


def parse_bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise InvalidParameter(
        name, f"Invalid value '{raw}' for parameter '{name}': expected true or false."
    )


def parse_int(name: str, raw: str, bounds: _Bounds | None = None) -> int:
    """An integer in ASCII digits within ``bounds`` (default: those of ``name``, else int32's)."""
    value = ascii_integer(raw.strip(), digits=19, signed=True)  # int64's 19 digits at most
    if value is None:
        raise InvalidParameter(
            name, f"Invalid value '{raw}' for parameter '{name}': expected an integer."
        )
    bounds = bounds or _BOUNDS.get(name) or _FORMATS["int32"]
    if value < bounds.minimum:
        raise InvalidParameter(
            name, f"Invalid value '{raw}' for parameter '{name}': minimum is {bounds.minimum}."
        )
    if value > bounds.maximum:
        raise InvalidParameter(
            name, f"Invalid value '{raw}' for parameter '{name}': maximum is {bounds.maximum}."
        )
    return value


def parse_datetime(name: str, raw: str) -> datetime:
    """ISO 8601 date or date-time; a date alone means its start, UTC."""
    text = raw.strip()
    try:
        if len(text) == 10:
            value = datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        else:
            value = as_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except (ValueError, OverflowError):  # overflow: an offset past year 1 or 9999
        raise InvalidParameter(
            name, f"Invalid value '{raw}' for parameter '{name}': expected an ISO 8601 date."
        ) from None
    if not EARLIEST <= value <= LATEST:
        raise InvalidParameter(
            name,
            f"Invalid value '{raw}' for parameter '{name}': dates run from "
            f"{EARLIEST.year} to {LATEST.year}.",
        )
    return value


# -- for validators (photobank.validation): what parsing would make of a request ---------

UNDOCUMENTED_PATHS = tuple(_UNDOCUMENTED)


def documented_names(path: str, method: str = "get", where: str = "query") -> frozenset[str]:
    """The names of the operation's parameters in ``where`` (query, path, header)."""
    return frozenset(_operation_params(path, method, where))


def refused_values(
    path: str, values: dict[str, str], method: str = "get", where: str = "query"
) -> list[tuple[str, str, InvalidParameter]]:
    """Every value of ``values`` (name → raw text) the operation's parsing refuses, with
    its kind (``enum``, ``integer`` ...) and the error it raises; unknown names are skipped."""
    params = _operation_params(path, method, where)
    refused = []
    for name, raw in values.items():
        param = params.get(name)
        if param is None or not raw.strip():
            continue
        try:
            _convert(param, raw)
        except InvalidParameter as exc:
            refused.append(
                (name, param.kind.replace("int_list", "integer").removesuffix("_list"), exc)
            )
    return refused
