"""Validation of v3 responses against Getty's OpenAPI document.

The checks are :mod:`photobank.validation`'s, the very ones ``photobank proxy
--validate`` applies: a violation fails the test with its description.
"""

from __future__ import annotations

from typing import Any

from photobank.api.v3.contract import spec
from photobank.validation import schemas
from photobank.validation.v3 import checked_body, find
from photobank.validation.violations import Violation


def _assert_none(found: list[Violation]) -> None:
    assert not found, "\n".join(v.describe() for v in found)


def response_schema_ref(path: str, method: str, status: int) -> str | None:
    operation, _, _ = find(method, path)
    if operation is None or not operation.documented:
        raise AssertionError(f"{method.upper()} {path} is not in the contract")
    node = operation.responses.get(str(status))
    return node["$ref"] if node and "$ref" in node else None


def validate(body: Any, ref: str) -> None:
    _assert_none(schemas.check(body, {"$ref": ref}, "response", "body"))


def validate_response(path_template: str, method: str, status: int, body: Any) -> None:
    """Validate a v3 JSON body against the contract's schema for that response
    (``facets`` apart, photobank's extension fields set aside: see
    :func:`photobank.validation.v3.checked_body`)."""
    ref = response_schema_ref(path_template, method, status)
    if ref is not None:
        _assert_none(checked_body(body, {"$ref": ref}))


def template_for(path: str) -> str | None:
    _operation, _, template = find("get", path)
    return template if template in spec()["paths"] else None


def assert_getty_error(response: Any) -> None:
    """A 4xx carrying one of the two error bodies Getty sends: the application's
    ``ErrorCode``/``ErrorMessage`` or the gateway's ``message``."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    body = response.json()
    assert (body.get("ErrorCode") and body.get("ErrorMessage")) or body.get("message"), body
