"""The legacy envelope: RequestHeader in, ResponseHeader out, typed body readers.

Decisions on the spec's open points (see the package docstring for the rest):

* Application errors travel inside HTTP 200 (spec §0.2): clients test the JSON
  ``Status``; only a wrong HTTP method or path is a transport-level answer.
* ``Status`` is emitted lower-case (``success``/``warning``/``error``) and read
  case-insensitively (§0.3); enum values in requests match case-insensitively.
* Dates go out as ``/Date(ms+0000)/`` (UTC); both ``/Date(ms±HHMM)/`` (escaped
  slashes or not) and ISO-8601 are accepted on input.
* A failed operation carries its result key as ``null`` (§2.1), so clients that
  read the key after checking ``Status`` find it present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn

import orjson

from photobank.accounts.attempts import TooManyFailedAttempts
from photobank.api.numbers import ascii_integer
from photobank.boards.errors import BoardNotFound, InsufficientAccess, InvalidBoardName
from photobank.errors import DomainError, NotFound
from photobank.licensing.authorizations import ExpiredAuthorization, InvalidAuthorization
from photobank.search.query import EARLIEST, LATEST

_DATE = re.compile(r"\\?/Date\((-?[0-9]{1,15})([+-][0-9]{4})?\)\\?/")
# The range of the legacy API's integers: .NET's Int32.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


class LegacyError(Exception):
    """An operation failed with a status code of the legacy appendix (spec §7)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def invalid(message: str) -> NoReturn:
    raise LegacyError("InvalidRequest", message)


@dataclass(slots=True)
class Outcome:
    """What an operation answers: its result (None for header-only ops) and warnings."""

    result: Any = None
    warnings: list[tuple[str, str]] = field(default_factory=list)


def format_date(when: datetime) -> str:
    """``/Date(ms+0000)/`` in UTC; JSON encoding leaves the slashes unescaped, as parsers accept."""
    return f"/Date({int(when.timestamp() * 1000)}+0000)/"


def parse_date(raw: object, name: str) -> datetime:
    """A WCF ``/Date(ms±HHMM)/`` (the offset only says where it was shown) or ISO-8601 date."""
    if not isinstance(raw, str):
        invalid(f"'{name}' must be a date string such as /Date(1294868991374-0800)/.")
    match = _DATE.fullmatch(raw.strip())
    try:
        if match is not None:
            milliseconds = timedelta(milliseconds=int(match.group(1)))
            parsed = datetime(1970, 1, 1, tzinfo=UTC) + milliseconds
        else:
            parsed = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
            parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError):  # overflow: before year 1 or after 9999
        invalid(f"'{name}' is not a date: expected /Date(ms±HHMM)/ or ISO-8601, got '{raw}'.")
    if not EARLIEST <= parsed <= LATEST:
        invalid(f"'{name}' must be a date from {EARLIEST.year} to {LATEST.year}.")
    return parsed


def parse_envelope(raw: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """The request document and its RequestHeader, read before the operation's body so
    that an error about the body still carries the caller's CoordinationId."""
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        invalid(f"The request body is not valid JSON: {exc}.")
    if not isinstance(document, dict):
        invalid("The request body must be a JSON object with a RequestHeader.")
    header = document.get("RequestHeader")
    if not isinstance(header, dict):
        invalid("Missing 'RequestHeader' object.")
    return document, header


def request_body(document: dict[str, Any], body_keys: tuple[str, ...]) -> Any:
    """The operation's body object (``None`` when the operation takes none)."""
    if not body_keys:
        return None
    for key in body_keys:
        if key in document:
            body = document[key]
            if not isinstance(body, dict):
                invalid(f"'{key}' must be a JSON object.")
            return body
    invalid(f"Missing '{body_keys[0]}' object.")


def coordination_id(header: dict[str, Any] | None) -> Any:
    found = header.get("CoordinationId") if header else None
    return found if isinstance(found, (str, int)) else None  # a tuple: faster than a union


# An encoded envelope with a null CoordinationId (the header's last field), and where
# that null starts: the same answer is sent to every caller with their own id (see
# :mod:`.replay`), and as it is, without a copy, to the callers that send none.
Encoded = tuple[bytes, int]
_NULL = b"null"
JSON_TYPE = b"application/json; charset=utf-8"


def respond(result_keys: tuple[str, ...], outcome: Outcome) -> Encoded:
    status = "warning" if outcome.warnings else "success"
    entries = [{"Type": "Warning", "Code": c, "Message": m} for c, m in outcome.warnings]
    return _encode(status, entries, result_keys, outcome.result)


def fail(result_keys: tuple[str, ...], code: str, message: str) -> Encoded:
    entries = [{"Type": "Error", "Code": code, "Message": message}]
    return _encode("error", entries, result_keys, None)


def splice(encoded: Encoded, coordination: Any) -> bytes:
    """The envelope's bytes, with ``coordination`` as the ResponseHeader's CoordinationId."""
    whole, at = encoded
    if coordination is None:
        return whole
    view = memoryview(whole)
    return b"".join((view[:at], orjson.dumps(coordination), view[at + len(_NULL) :]))


# Domain errors whose legacy code differs from the domain's own (spec §5, §7).
_CODES: tuple[tuple[type[DomainError], str], ...] = (
    (BoardNotFound, "LightboxIdDoesNotExist"),
    (InsufficientAccess, "OperationValidOnlyForLightboxOwner"),
    (InvalidBoardName, "InvalidLightboxName"),
)


# Too many failures: the code of the credential refused, the message says when to retry.
_LOCKED_OUT = {"client": "InvalidSystemIdOrPassword", "customer": "InvalidUsernameOrPassword"}


def from_domain(exc: DomainError) -> LegacyError:
    """The one mapping of the legacy skin: a domain error as an operation's error."""
    if isinstance(exc, TooManyFailedAttempts):
        return LegacyError(_LOCKED_OUT[exc.credential], exc.message)
    code = next((code for kind, code in _CODES if isinstance(exc, kind)), exc.code)
    return LegacyError(code, exc.message)


# CreateDownloadRequest answers each item with a Status of its own (spec §4.3).
_DOWNLOAD_STATUS: tuple[tuple[type[DomainError], str], ...] = (
    (InvalidAuthorization, "InvalidToken"),
    (ExpiredAuthorization, "ExpiredToken"),
    (NotFound, "Unavailable"),
)


def download_status(exc: DomainError) -> str:
    """An undeliverable download item's ``Status``: every other refusal (another
    customer's token, quota or overage exhausted, too few credits, a product's
    unmet requirements) is ``NoAccess``, the spec's one status for them."""
    return next((status for kind, status in _DOWNLOAD_STATUS if isinstance(exc, kind)), "NoAccess")


def _encode(
    status: str, entries: list[dict[str, str]], result_keys: tuple[str, ...], result: Any
) -> Encoded:
    """``{"ResponseHeader": {Status, StatusList, CoordinationId}, <key>: result, ...}``."""
    header = orjson.dumps({"Status": status, "StatusList": entries})
    head = b'{"ResponseHeader":' + header[:-1] + b',"CoordinationId":'
    value = orjson.dumps(result)
    results = b"".join(b',"' + key.encode() + b'":' + value for key in result_keys)
    return b"".join((head, _NULL, b"}", results, b"}")), len(head)


# -- typed readers: each names the field that is wrong --------------------------------------


def text(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            invalid(f"Missing '{name}'.")
        return None
    if not isinstance(value, str):
        invalid(f"'{name}' must be a string.")
    return value


def integer(
    body: dict[str, Any], name: str, *, required: bool = False, minimum: int = INT_MIN
) -> int | None:
    """An Int32 of at least ``minimum``, or its decimal text (absent or empty: None)."""
    value = body.get(name)
    if value is None or value == "":
        if required:
            invalid(f"Missing '{name}'.")
        return None
    if isinstance(value, str):  # decimal text: refused below unless it is an Int32's
        value = ascii_integer(value.strip(), digits=10, signed=True)
    if isinstance(value, bool) or not isinstance(value, int):
        invalid(f"'{name}' must be an integer.")
    if not minimum <= value <= INT_MAX:
        invalid(f"'{name}' must be an integer from {minimum} to {INT_MAX}.")
    return value


def boolean(body: dict[str, Any], name: str) -> bool:
    """A bool, or the strings "true"/"false" some PHP clients send."""
    value = body.get(name)
    if value is None:
        return False
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if not isinstance(value, bool):
        invalid(f"'{name}' must be true or false.")
    return value


def strings(body: dict[str, Any], name: str) -> list[str]:
    """A list of strings (numbers are taken as their text: ids arrive both ways)."""
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(v, str | int) and not isinstance(v, bool) for v in value
    ):
        invalid(f"'{name}' must be a list of strings.")
    return [str(v) for v in value]


def as_id(raw: str) -> int | None:
    """A numeric id's value; None for text that names no id the catalog could hold."""
    return ascii_integer(raw.strip(), digits=18)  # below 2**63, as the store and index hold


def numeric_ids(body: dict[str, Any], name: str) -> frozenset[int]:
    """A list of numeric ids (as numbers or their text), each one refused by name."""
    found = set()
    for raw in strings(body, name):
        ident = as_id(raw)
        if ident is None:
            invalid(f"'{name}' must hold numeric ids, not '{raw}'.")
        found.add(ident)
    return frozenset(found)


def obj(body: dict[str, Any], name: str) -> dict[str, Any]:
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        invalid(f"'{name}' must be a JSON object.")
    return value


def objects(body: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """A list of JSON objects (absent: empty)."""
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        invalid(f"'{name}' must be a list of objects.")
    return value


def enum(raw: str, name: str, allowed: dict[str, str]) -> str:
    """``raw`` matched case-insensitively against ``allowed`` (wire name → domain value)."""
    found = {k.lower(): v for k, v in allowed.items()}.get(raw.strip().lower())
    if found is None:
        invalid(f"Unknown value '{raw}' in '{name}'; allowed: {', '.join(allowed)}.")
    return found


def enums(body: dict[str, Any], name: str, allowed: dict[str, str]) -> frozenset[str]:
    return frozenset(enum(v, name, allowed) for v in strings(body, name))
