"""A legacy Connect exchange against its wire format (``legacy-connect.md`` §1).

Request: ``POST`` to a known operation, a JSON object holding a
``RequestHeader`` (``Token`` and ``CoordinationId`` strings or null) and the
operation's body object under its documented key (a key photobank also
accepts, such as v2's ``SearchForImagesRequestBody``, is a warning, as is any
other top-level key). Response: HTTP 200 (application errors travel inside
it), a ``ResponseHeader`` with a ``Status`` of success, warning or error
(lower case on the wire), a ``StatusList`` of ``Type``/``Code``/``Message``
entries, the caller's ``CoordinationId`` echoed, and the result key present.
"""

from __future__ import annotations

from typing import Any

import orjson

from photobank.api.legacy.routes import OPERATIONS, Operation
from photobank.validation.exchange import Headers, Sent
from photobank.validation.violations import Side, Violation, shown

_STATUSES = ("success", "warning", "error")
_ENTRY_TYPES = ("Information", "Warning", "Error")


def is_legacy(path: str) -> bool:
    return path.startswith(("/v1/", "/v2/"))


def check_request(sent: Sent) -> list[Violation]:
    if sent.method != "POST":
        return [Violation("request", "method", "method not allowed", "POST", sent.method)]
    operation = OPERATIONS.get(sent.path)
    if operation is None:
        return [Violation("request", "path", "unknown operation", "a legacy operation", sent.path)]
    document, problem = _object(sent.body, "request")
    if problem is not None:
        return [problem]
    found = _request_header(document.get("RequestHeader"))
    found += _request_body(document, operation)
    return found


def _request_header(header: Any) -> list[Violation]:
    if not isinstance(header, dict):
        return [Violation("request", "body.RequestHeader", "required", "an object", shown(header))]
    return [
        Violation("request", f"body.RequestHeader.{name}", "type", "a string or null", shown(value))
        for name in ("Token", "CoordinationId")
        if (value := header.get(name)) is not None and not isinstance(value, str)
    ]


def _request_body(document: dict[str, Any], operation: Operation) -> list[Violation]:
    keys = operation.body_keys
    found = []
    expected = {"RequestHeader", *keys}
    for key in document:
        if key not in expected:
            found.append(
                Violation(
                    "request",
                    f"body.{key}",
                    "unknown key",
                    " or ".join(sorted(expected)),
                    key,
                    True,
                )
            )
    if not keys:
        return found
    present = [key for key in keys if key in document]
    if not present:
        return [*found, Violation("request", f"body.{keys[0]}", "required", "an object", "nothing")]
    if present[0] != keys[0]:
        found.append(
            Violation("request", f"body.{present[0]}", "body key", keys[0], present[0], True)
        )
    if not isinstance(document[present[0]], dict):
        found.append(
            Violation(
                "request", f"body.{present[0]}", "type", "an object", shown(document[present[0]])
            )
        )
    return found


def check_response(sent: Sent, status: int, headers: Headers, body: bytes) -> list[Violation]:
    operation = OPERATIONS.get(sent.path)
    if operation is None or sent.method != "POST":
        return []
    found = []
    if status != 200:
        found.append(Violation("response", "status", "status", "200", str(status), True))
    document, problem = _object(body, "response")
    if problem is not None:
        return [*found, problem]
    header = document.get("ResponseHeader")
    if not isinstance(header, dict):
        return [
            *found,
            Violation("response", "body.ResponseHeader", "required", "an object", shown(header)),
        ]
    found += _response_status(header)
    found += _coordination(sent, header)
    failed = str(header.get("Status", "")).lower() == "error"
    for key in operation.result_keys[:1]:
        if key not in document:
            found.append(Violation("response", f"body.{key}", "required", "the result", "nothing"))
        elif not failed and not isinstance(document[key], dict):
            found.append(
                Violation("response", f"body.{key}", "type", "an object", shown(document[key]))
            )
    return found


def _response_status(header: dict[str, Any]) -> list[Violation]:
    found = []
    status = header.get("Status")
    if not isinstance(status, str) or status.lower() not in _STATUSES:
        found.append(
            Violation(
                "response",
                "body.ResponseHeader.Status",
                "enum",
                ", ".join(_STATUSES),
                shown(status),
            )
        )
    elif status not in _STATUSES:
        found.append(
            Violation(
                "response", "body.ResponseHeader.Status", "case", status.lower(), status, True
            )
        )
    entries = header.get("StatusList")
    if not isinstance(entries, list):
        found.append(
            Violation(
                "response", "body.ResponseHeader.StatusList", "type", "a list", shown(entries)
            )
        )
        return found
    for i, entry in enumerate(entries):
        where = f"body.ResponseHeader.StatusList[{i}]"
        if not isinstance(entry, dict):
            found.append(Violation("response", where, "type", "an object", shown(entry)))
            continue
        if entry.get("Type") not in _ENTRY_TYPES:
            found.append(
                Violation(
                    "response",
                    f"{where}.Type",
                    "enum",
                    ", ".join(_ENTRY_TYPES),
                    shown(entry.get("Type")),
                )
            )
        found += [
            Violation("response", f"{where}.{name}", "type", "a string", shown(entry.get(name)))
            for name in ("Code", "Message")
            if not isinstance(entry.get(name), str)
        ]
    return found


def _coordination(sent: Sent, header: dict[str, Any]) -> list[Violation]:
    try:
        request = orjson.loads(sent.body)
        asked = request["RequestHeader"]["CoordinationId"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return []
    if asked in (None, "") or header.get("CoordinationId") == asked:
        return []
    return [
        Violation(
            "response",
            "body.ResponseHeader.CoordinationId",
            "echo",
            shown(asked),
            shown(header.get("CoordinationId")),
        )
    ]


def _object(body: bytes, side: Side) -> tuple[dict[str, Any], Violation | None]:
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return {}, Violation(
            side, "body", "json", "a JSON object", shown(body[:60].decode("latin-1"))
        )
    if not isinstance(document, dict):
        return {}, Violation(side, "body", "type", "a JSON object", shown(document))
    return document, None
