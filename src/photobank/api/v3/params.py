"""Query-string parsing driven by the contract.

Each operation's parameters are parsed according to their schema in Getty's
OpenAPI document (boolean, integer, date, enum, comma-separated list), so
every documented parameter is understood and every bad value is refused with
a 400 that names the parameter. Enum values and booleans are matched
case-insensitively: Getty's .NET SDK lower-cases every query value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any

from starlette.datastructures import QueryParams

from photobank.api.v3.contract import _resolve, spec
from photobank.api.v3.fields import extension_fields
from photobank.clock import as_utc
from photobank.errors import InvalidParameter


@dataclass(frozen=True, slots=True)
class _Bounds:
    minimum: int | None = None
    maximum: int | None = None


# Limits the OpenAPI states only in prose ("maximum page_size is 100").
_BOUNDS: dict[str, _Bounds] = {
    "page": _Bounds(1, 1_000_000),
    "page_size": _Bounds(1, 100),
    "pageSize": _Bounds(1, 100),
    "facet_max_count": _Bounds(0, 10_000),
    "minimum_quality_rank": _Bounds(1, 3),
    "min_clip_length": _Bounds(0, 86_400),
    "max_clip_length": _Bounds(0, 86_400),
}


@dataclass(frozen=True, slots=True)
class _Param:
    name: str
    kind: str  # boolean | integer | datetime | string | enum | list | int_list | enum_list
    enum: tuple[str, ...] = ()
    default: Any = None


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


@cache
def _operation_params(path: str, method: str = "get") -> dict[str, _Param]:
    parsed: dict[str, _Param] = {}
    for parameter in _documented_parameters(path, method):
        if parameter["in"] != "query":
            continue
        schema = _resolve(parameter.get("schema", {}))
        default = schema.get("default")
        kind = schema.get("type", "string")
        enum: tuple[str, ...] = tuple(map(str, schema.get("enum", ())))
        if kind == "array":
            items = _resolve(schema.get("items", {}))
            enum = tuple(map(str, items.get("enum", ())))
            kind = (
                "enum_list" if enum else ("int_list" if items.get("type") == "integer" else "list")
            )
        elif enum:
            kind = "enum"
        elif kind == "string" and schema.get("format") == "date-time":
            kind = "datetime"
        if parameter["name"] == "fields":
            enum += extension_fields(path)
        parsed[parameter["name"]] = _Param(parameter["name"], kind, enum, default)
    return parsed


@cache
def _defaults(path: str, method: str) -> dict[str, Any]:
    return {name: param.default for name, param in _operation_params(path, method).items()}


def parse_query(path: str, query: QueryParams, method: str = "get") -> dict[str, Any]:
    """Values of the operation's parameters present in ``query`` (parameters it
    does not document are ignored, as Getty does). Defaults are filled in."""
    if not query:
        return dict(_defaults(path, method))
    values: dict[str, Any] = {}
    for name, param in _operation_params(path, method).items():
        raw = ",".join(v for v in query.getlist(name) if v != "")
        if raw == "":
            values[name] = param.default
            continue
        values[name] = _convert(param, raw)
    return values


def _convert(param: _Param, raw: str) -> Any:
    if param.kind == "boolean":
        return parse_bool(param.name, raw)
    if param.kind == "integer":
        return parse_int(param.name, raw)
    if param.kind == "datetime":
        return parse_datetime(param.name, raw)
    if param.kind == "enum":
        return _enum_value(param, raw.strip())
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if param.kind == "enum_list":
        return tuple(dict.fromkeys(_enum_value(param, item) for item in items))
    if param.kind == "int_list":
        return tuple(dict.fromkeys(parse_int(param.name, item) for item in items))
    if param.kind == "list":
        return tuple(dict.fromkeys(items))
    return raw


def _enum_value(param: _Param, raw: str) -> str:
    lowered = {value.lower(): value for value in param.enum}
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


def parse_int(name: str, raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise InvalidParameter(
            name, f"Invalid value '{raw}' for parameter '{name}': expected an integer."
        ) from None
    bounds = _BOUNDS.get(name)
    if bounds is not None:
        if bounds.minimum is not None and value < bounds.minimum:
            raise InvalidParameter(
                name, f"Invalid value '{raw}' for parameter '{name}': minimum is {bounds.minimum}."
            )
        if bounds.maximum is not None and value > bounds.maximum:
            raise InvalidParameter(
                name, f"Invalid value '{raw}' for parameter '{name}': maximum is {bounds.maximum}."
            )
    elif not -(2**31) <= value < 2**31:
        raise InvalidParameter(name, f"Invalid value '{raw}' for parameter '{name}': out of range.")
    return value


def parse_datetime(name: str, raw: str) -> datetime:
    """ISO 8601 date or date-time; a date alone means its start, UTC."""
    text = raw.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidParameter(
            name, f"Invalid value '{raw}' for parameter '{name}': expected an ISO 8601 date."
        ) from None
    return as_utc(value)


def header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    return value.strip() if value else None
