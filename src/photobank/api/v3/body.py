"""JSON request bodies of the few v3 operations that take one.

Each body is checked against its schema's property list in the contract, so
a misspelt property is a 400 naming it rather than silently ignored.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import orjson
from starlette.requests import Request

from photobank.api.bodies import JSON_BODY_LIMIT, read_body
from photobank.api.v3.contract import schema_properties
from photobank.errors import InvalidParameter


async def json_body(
    request: Request, schema: str, *, required: bool, code: str = "InvalidParameterValue"
) -> dict[str, Any]:
    """The request's JSON object (empty when optional and absent).

    An optional body is read only when it is declared as JSON: the seed's
    ``curl ... -d "'"`` posts a stray form body to downloads, which is ignored.
    An optional JSON ``null`` is no body: Getty's Node SDK posts ``null`` to
    downloads.
    """
    raw = await read_body(request, JSON_BODY_LIMIT, lambda: _too_large(code))
    declared_json = "json" in request.headers.get("content-type", "").lower()
    if not raw.strip() or not (required or declared_json):
        if required:
            raise InvalidParameter("body", "A JSON request 'body' is required.", code=code)
        return {}
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise InvalidParameter("body", "Invalid 'body': not valid JSON.", code=code) from None
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise InvalidParameter("body", "Invalid 'body': expected a JSON object.", code=code)
    unknown = sorted(set(value) - schema_properties(schema))
    if unknown:
        raise InvalidParameter(
            unknown[0], f"Unknown property '{unknown[0]}' in the request body.", code=code
        )
    return value


def _too_large(code: str) -> InvalidParameter:
    limit = JSON_BODY_LIMIT // 1024
    return InvalidParameter("body", f"The request 'body' is larger than {limit} KB.", code=code)


def read_json_bytes(request: Request) -> Awaitable[bytes]:
    """A JSON body's bytes, refused beyond :data:`JSON_BODY_LIMIT`."""
    return read_body(request, JSON_BODY_LIMIT, lambda: _too_large("InvalidParameterValue"))


def optional_text(
    body: dict[str, Any], name: str, code: str = "InvalidParameterValue"
) -> str | None:
    """A string property of ``body`` (or null / absent)."""
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidParameter(name, f"'{name}' must be a string.", code=code)
    return value
