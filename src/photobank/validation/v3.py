"""A v3 exchange against Getty's OpenAPI document.

Request: the operation exists, its path and query values parse as the contract
types them (through the v3 skin's own parser, so the proxy and photobank agree
on what Getty refuses), required parameters are there, unknown query
parameters are warnings (Getty ignores them), a credential is sent, a JSON body
matches its schema. Response: the status is documented for the operation (the
gateway's 401, 403 and 429 go with every operation; a 5xx is a warning), a
documented body is JSON matching its schema, an error carries Getty's error
shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import parse_qsl

import orjson

from photobank.api.v3 import params
from photobank.api.v3.aliases import PROPERTY_ALIASES
from photobank.api.v3.contract import spec
from photobank.api.v3.fields import EXTENSION_FIELDS
from photobank.api.v3.search_params import check_country_code
from photobank.errors import InvalidParameter
from photobank.validation import schemas
from photobank.validation.exchange import Headers, Sent, header
from photobank.validation.violations import Side, Violation, shown

_PLACEHOLDER = re.compile(r"\{([^}]+)\}")
_GATEWAY_STATUSES = frozenset({401, 403, 429})
_FACETS = {"$ref": "#/components/schemas/SearchFacetsResponse"}
_DETAIL_RESULTS = "ImagesDetailResults"


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of the contract, as the checks need it."""

    template: str
    method: str
    path_names: tuple[str, ...]
    required_query: tuple[str, ...]
    body: dict[str, Any] | None  # the JSON request body's schema node
    body_required: bool
    responses: dict[str, dict[str, Any] | None]  # status → JSON schema node (None: no body)
    documented: bool  # False for the operations Getty serves but the contract leaves out


@cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    templates = [*spec()["paths"], *params.UNDOCUMENTED_PATHS]
    patterns = []
    for template in templates:
        pieces = _PLACEHOLDER.split(template)
        regex = "".join(re.escape(p) if i % 2 == 0 else "([^/]+)" for i, p in enumerate(pieces))
        patterns.append((re.compile(regex + "$"), template))
    # Literal paths first, so /v3/images/creative never matches a {id} template.
    return sorted(patterns, key=lambda pair: pair[1].count("{"))


@cache
def _operation(template: str, method: str) -> Operation | None:
    if template in params.UNDOCUMENTED_PATHS:
        return Operation(template, method, (), (), None, False, {}, False)
    found = spec()["paths"][template].get(method)
    if found is None:
        return None
    declared = found.get("parameters", [])
    body = found.get("requestBody", {})
    json_body = body.get("content", {}).get("application/json", {}).get("schema")
    responses = {
        status: answer.get("content", {}).get("application/json", {}).get("schema")
        for status, answer in found["responses"].items()
    }
    return Operation(
        template,
        method,
        tuple(_PLACEHOLDER.findall(template)),
        tuple(p["name"] for p in declared if p["in"] == "query" and p.get("required")),
        json_body,
        bool(body.get("required")) and json_body is not None,
        responses,
        True,
    )


def warm() -> None:
    """Compile every operation's schemas and parameter tables now rather than on first use."""
    for template, operations in spec()["paths"].items():
        for method in operations:
            operation = _operation(template, method)
            if operation is None:
                continue
            params.documented_names(template, method)
            nodes = [operation.body, *operation.responses.values()]
            for node in nodes:
                if node is not None:
                    schemas.validator(node)
    schemas.validator(_FACETS)
    _detail_names()


def find(method: str, path: str) -> tuple[Operation | None, tuple[str, ...], str | None]:
    """The operation at ``path`` (and the values of its path parameters), or None with
    the template that matched when the method is not one of its operations."""
    wanted = "get" if method.lower() == "head" else method.lower()  # HEAD is GET's head
    for pattern, template in _templates():
        match = pattern.match(path)
        if match is not None:
            return _operation(template, wanted), match.groups(), template
    return None, (), None


def check_request(sent: Sent) -> list[Violation]:
    operation, values, template = find(sent.method, sent.path)
    if operation is None:
        what = "method not allowed" if template else "unknown operation"
        expected = f"an operation of {template}" if template else "a path of the contract"
        return [Violation("request", "path", what, expected, f"{sent.method} {sent.path}")]
    found = _path_values(operation, values)
    found += _query(operation, sent.query)
    found += _headers(operation, sent)
    if operation.body is not None:
        found += _json_body(operation, sent)
    return found


def _path_values(operation: Operation, values: tuple[str, ...]) -> list[Violation]:
    if not operation.documented:
        return []
    named = dict(zip(operation.path_names, values, strict=True))
    return _refused(operation, named, "path")


def _query(operation: Operation, query: str) -> list[Violation]:
    joined = _joined(query)
    found = _refused(operation, joined, "query")
    found += [
        Violation("request", f"query.{name}", "required", "a value", "nothing")
        for name in operation.required_query
        if not joined.get(name, "").strip()
    ]
    return found + _unknown(operation, joined)


def _joined(query: str) -> dict[str, str]:
    """Each parameter's values joined by commas, as the v3 skin's parser joins them."""
    joined: dict[str, str] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        if value.strip():
            joined[name] = f"{joined[name]},{value}" if joined.get(name) else value
        else:
            joined.setdefault(name, "")
    return joined


def _unknown(operation: Operation, joined: dict[str, str]) -> list[Violation]:
    known = params.documented_names(operation.template, operation.method)
    return [
        Violation(
            "request", f"query.{name}", "unknown parameter", "a documented parameter", name, True
        )
        for name in joined
        if name not in known
    ]


def unknown_parameters(method: str, path: str, query: str) -> list[Violation]:
    """Warnings for the query parameters a v3 operation does not document: Getty, and
    photobank, ignore them, so a misspelled ``phrse=cat`` would pass unnoticed."""
    if not query or not path.startswith("/v3/"):
        return []
    operation, _, _ = find(method, path)
    return _unknown(operation, _joined(query)) if operation is not None else []


def _refused(operation: Operation, values: dict[str, str], where: str) -> list[Violation]:
    refused = params.refused_values(operation.template, values, operation.method, where)
    return [
        Violation("request", f"{where}.{name}", kind, _expected(exc), shown(values[name]))
        for name, kind, exc in refused
    ]


def _expected(exc: InvalidParameter) -> str:
    """The part of the parser's message that says what it takes."""
    message = exc.message
    for marker in ("Allowed values: ", "expected ", ": "):
        at = message.find(marker)
        if at >= 0:
            return message[at + len(marker) :].rstrip(".")
    return message


def _headers(operation: Operation, sent: Sent) -> list[Violation]:
    found = []
    if sent.header(b"api-key") is None and sent.header(b"authorization") is None:
        found.append(
            Violation(
                "request", "header.Api-Key", "required", "an Api-Key or Authorization", "neither"
            )
        )
    country = sent.header(b"gi-country-code")
    if country is not None:
        try:
            check_country_code(country)
        except InvalidParameter:
            found.append(
                Violation(
                    "request", "header.GI-Country-Code", "format", "an ISO alpha-3 code", country
                )
            )
    return found


def _json_body(operation: Operation, sent: Sent) -> list[Violation]:
    assert operation.body is not None
    if not sent.body.strip():
        if not operation.body_required:
            return []
        return [Violation("request", "body", "required", "a JSON body", "nothing")]
    document, problem = _parsed(sent.body, sent.header(b"content-type"), "request")
    return [problem] if problem else schemas.check(document, operation.body, "request", "body")


def _parsed(body: bytes, content_type: str | None, side: Side) -> tuple[Any, Violation | None]:
    if content_type is not None and "json" not in content_type.lower():
        return None, Violation(
            side, "header.Content-Type", "type", "application/json", content_type
        )
    try:
        return orjson.loads(body), None
    except orjson.JSONDecodeError:
        return None, Violation(
            side, "body", "json", "a JSON document", shown(body[:60].decode("latin-1"))
        )


def check_response(sent: Sent, status: int, headers: Headers, body: bytes) -> list[Violation]:
    operation, _, _ = find(sent.method, sent.path)
    if operation is None or not operation.documented:
        return []
    content_type = header(headers, b"content-type")
    if status >= 400:
        return _error_body(status, content_type, body, operation)
    if str(status) not in operation.responses:
        return [_undocumented(status, operation)]
    node = operation.responses[str(status)]
    if node is None or sent.method == "HEAD":  # a HEAD answer has no body to check
        return []
    document, problem = _parsed(body, content_type, "response")
    if problem is not None:
        return [problem]
    return checked_body(document, node)


# Asset fields photobank adds: its extensions, and the earlier names of renamed
# fields (api/v3/aliases.py), each answered only to a client that asks for it.
_ADDITIONS = frozenset(EXTENSION_FIELDS) | {alias.earlier for alias in PROPERTY_ALIASES}


def checked_body(document: Any, node: dict[str, Any]) -> list[Violation]:
    """The answer against its schema; photobank's own additions (``facets``, the
    extension fields such as ``blurhash`` and earlier field names) are checked apart
    or set aside."""
    found: list[Violation] = []
    if isinstance(document, dict) and not document.keys().isdisjoint(_WITH_ADDITIONS):
        document = dict(document)
        if "facets" in document:
            found += schemas.check(document.pop("facets"), _FACETS, "response", "body.facets")
        for key in ("images", "videos"):
            items = document.get(key)
            if isinstance(items, list) and any(
                isinstance(i, dict) and not i.keys().isdisjoint(_ADDITIONS) for i in items
            ):
                document[key] = [_without_additions(item) for item in items]
    found += schemas.check(document, node, "response", "body")
    if schemas.component_name(node) == _DETAIL_RESULTS and isinstance(document, dict):
        found += _detail_fields(document.get("images"))
    return found


_WITH_ADDITIONS = ("facets", "images", "videos")


def _without_additions(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    return {k: v for k, v in item.items() if k not in _ADDITIONS}


@cache
def _detail_names() -> frozenset[str]:
    allowed = spec()["components"]["schemas"]["ImageDetailFieldValues"]["enum"]
    return frozenset(allowed) | {"display_sizes"}


def _detail_fields(images: Any) -> list[Violation]:
    """``ImagesDetailResults`` allows any property; Getty's answers hold only field names."""
    if not isinstance(images, list):
        return []
    allowed = _detail_names()
    return [
        Violation(
            "response", f"body.images[{i}]", "unknown field", "a field name", shown(sorted(extra))
        )
        for i, image in enumerate(images)
        if isinstance(image, dict) and (extra := image.keys() - allowed)
    ]


def _error_body(
    status: int, content_type: str | None, body: bytes, operation: Operation
) -> list[Violation]:
    found = []
    if str(status) not in operation.responses and status not in _GATEWAY_STATUSES:
        found.append(_undocumented(status, operation))
    document, problem = _parsed(body, content_type, "response")
    if problem is not None:
        return [*found, problem]
    getty = isinstance(document, dict) and (
        (document.get("ErrorCode") and document.get("ErrorMessage")) or document.get("message")
    )
    if not getty:
        found.append(
            Violation(
                "response",
                "body",
                "error shape",
                "ErrorCode and ErrorMessage, or message",
                shown(document),
            )
        )
    return found


def _undocumented(status: int, operation: Operation) -> Violation:
    documented = ", ".join(sorted(operation.responses))
    return Violation("response", "status", "undocumented", documented, str(status), status >= 500)
