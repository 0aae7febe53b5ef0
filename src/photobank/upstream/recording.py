"""Recording files: the exchanges ``photobank record`` kept, and the catalog it learned.

A recording is a fixture document (JSON, or YAML by its suffix) with two more
sections, so ``photobank fixtures load`` and the pytest plugin load the assets,
collections and events it learned, and ``photobank record`` replays its
exchanges::

    recording: {version: 1, upstream: https://api.gettyimages.com, created_at: ..., updated_at: ...}
    collections: [...]; events: [...]; assets: [...]     # fixture entries, Getty's ids kept
    exchanges:
      - {key: "GET /v3/images/123?fields=detail_set", recorded_at: ..., method: GET,
         target: ..., request: {headers: {...}, body: ...}, status: 200, headers: {...},
         body: {...}, encoding: json}

Secrets never reach the file: request headers, form and JSON fields and
query parameters named like secrets (Api-Key, Authorization, cookies,
client_secret, access_token, refresh_token, passwords, legacy tokens) are
masked, and headers that differ on every answer (dates, request ids) are left
out. An exchange is found again by its key: the method, the path, the query
with its parameters sorted and secrets left out, and for a request with a body
a digest of that body with secrets left out.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import orjson
import yaml

from photobank.emulator import redact
from photobank.upstream.forward import Answer, Incoming

VERSION = 1
MODES = ("once", "none", "new_episodes", "all", "spy")
MAX_RECORDING = 256 * 1024 * 1024  # bytes of exchanges held and written, at most
_SECRET_KEYS = redact.SECRET_FIELDS | redact.LEGACY_SECRET_FIELDS
_SECRET_PARAMS = {name.lower() for name in _SECRET_KEYS} | {"api_key", "client_id", "code"}
# Headers that differ on every answer, or say how this one was carried: not kept.
_VOLATILE_HEADERS = frozenset(
    {
        "date",
        "age",
        "expires",
        "server",
        "via",
        "x-request-id",
        "request-id",
        "x-correlation-id",
        "x-amzn-requestid",
        "x-amz-cf-id",
        "x-amz-cf-pop",
        "x-cache",
        "cf-ray",
        "server-timing",
        "content-length",
        "content-encoding",
        "connection",
        "keep-alive",
        "transfer-encoding",
    }
)


class RecordingError(ValueError):
    """A recording file that cannot be used (the message says where and why)."""


def request_key(request: Incoming) -> str:
    """What a request is found by: ``GET /v3/images?ids=1`` (``#digest`` when it has a body)."""
    parts = urlsplit(request.target)
    pairs = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _SECRET_PARAMS
    )
    key = f"{request.method.upper()} {parts.path}" + (f"?{urlencode(pairs)}" if pairs else "")
    body = _comparable_body(request.body, request.header(b"content-type") or "")
    return f"{key} #{hashlib.sha256(body).hexdigest()[:16]}" if body else key


def _comparable_body(body: bytes, content_type: str) -> bytes:
    """The body without its secrets, in a canonical order."""
    if not body:
        return b""
    if "x-www-form-urlencoded" in content_type:
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        kept = sorted((k, v) for k, v in pairs if k.lower() not in _SECRET_PARAMS)
        return urlencode(kept).encode()
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    return orjson.dumps(_without_secrets(value, drop=True), option=orjson.OPT_SORT_KEYS)


def _without_secrets(value: Any, drop: bool = False) -> Any:
    """``value`` with members named like secrets masked (or dropped)."""
    if isinstance(value, dict):
        return {
            k: redact.MASK if k in _SECRET_KEYS else _without_secrets(v, drop)
            for k, v in value.items()
            if not (drop and k in _SECRET_KEYS)
        }
    if isinstance(value, list):
        return [_without_secrets(item, drop) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and the upstream's answer, as kept (secrets masked)."""

    key: str
    recorded_at: datetime
    method: str
    target: str
    request: dict[str, Any]
    status: int
    headers: dict[str, str]
    body: Any
    encoding: str  # json, text or base64

    @classmethod
    def of(cls, request: Incoming, answer: Answer, now: datetime) -> Exchange:
        """``request`` and ``answer`` with their secrets masked and volatile headers left out."""
        content_type = request.header(b"content-type") or ""
        parts = urlsplit(request.target)
        target = parts.path + (f"?{redact.masked_form(parts.query)}" if parts.query else "")
        sent = {
            k: v
            for k, v in redact.headers(request.headers).items()
            if k != "host" and k not in _VOLATILE_HEADERS
        }
        kept = {
            "headers": sent,
            "body": redact.body(request.body, content_type) if request.body else "",
        }
        headers = {
            k: v for k, v in redact.headers(answer.headers).items() if k not in _VOLATILE_HEADERS
        }
        body, encoding = _kept_body(answer.body, headers.get("content-type", ""))
        return cls(request_key(request), now, request.method, target, kept, answer.status,
                   headers, body, encoding)  # fmt: skip

    def answer(self) -> Answer:
        """The answer as it is replayed."""
        if self.encoding == "json":
            body = orjson.dumps(self.body)
        elif self.encoding == "base64":
            body = base64.b64decode(self.body)
        else:
            body = str(self.body).encode()
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in self.headers.items()]
        return Answer(self.status, headers, body)

    def size(self) -> int:
        return len(orjson.dumps(self.as_dict()))

    def as_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["recorded_at"] = _iso(self.recorded_at)
        return data

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Exchange:
        if not isinstance(data, dict):
            raise RecordingError(f"{where}: an exchange is a mapping")
        try:
            values = {f.name: data[f.name] for f in dataclasses.fields(cls)}
            values["recorded_at"] = _moment(values["recorded_at"])
            values["status"] = int(values["status"])
        except KeyError as exc:
            raise RecordingError(f"{where}: {exc.args[0]} is missing") from None
        except (TypeError, ValueError) as exc:
            raise RecordingError(f"{where}: {exc}") from None
        if values["encoding"] not in ("json", "text", "base64"):
            raise RecordingError(f"{where}.encoding: must be json, text or base64")
        return cls(**values)


def _kept_body(body: bytes, content_type: str) -> tuple[Any, str]:
    if "json" in content_type:
        try:
            return _without_secrets(orjson.loads(body)), "json"
        except orjson.JSONDecodeError:
            pass
    if redact.is_text(content_type) or not body:
        return redact.body(body, content_type), "text"
    return base64.b64encode(body).decode(), "base64"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Recording:
    """A recording file in memory: its exchanges by key and the catalog entries learned."""

    def __init__(self, path: Path, upstream: str, created_at: datetime) -> None:
        self.path = path
        self.upstream = upstream
        self.created_at = created_at
        self.updated_at = created_at
        self.exchanges: dict[str, Exchange] = {}
        self.learned: dict[str, dict[Any, dict[str, Any]]] = {
            "collections": {},
            "events": {},
            "assets": {},
        }
        self.existed = False
        self._bytes = 0

    @classmethod
    def open(cls, path: Path, upstream: str, now: datetime) -> Recording:
        """The recording at ``path``, or a new empty one if there is no such file."""
        recording = cls(path, upstream, now)
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            return recording
        except OSError as exc:
            raise RecordingError(f"cannot read {path}: {exc.strerror or exc}") from None
        data = _parse(text, path)
        info = data.get("recording") or {}
        if not isinstance(info, dict):
            raise RecordingError(f"{path}: 'recording' must be a mapping")
        recording.existed = True
        recording.upstream = str(info.get("upstream") or upstream)
        try:
            recording.created_at = _moment(info.get("created_at") or now)
            recording.updated_at = _moment(info.get("updated_at") or recording.created_at)
        except ValueError as exc:
            raise RecordingError(f"{path}: recording dates: {exc}") from None
        for section, entries in recording.learned.items():
            items = data.get(section) or []
            if not isinstance(items, list):
                raise RecordingError(f"{path}: '{section}' must be a list")
            entries.update(
                (item["id"], item) for item in items if isinstance(item, dict) and "id" in item
            )
        exchanges = data.get("exchanges") or []
        if not isinstance(exchanges, list):
            raise RecordingError(f"{path}: 'exchanges' must be a list")
        for index, item in enumerate(exchanges):
            recording.keep(Exchange.from_dict(item, f"{path.name}: exchanges[{index}]"))
        return recording

    def find(self, request: Incoming) -> Exchange | None:
        return self.exchanges.get(request_key(request))

    def keep(self, exchange: Exchange, limit: int = MAX_RECORDING) -> bool:
        """Keep ``exchange`` (replacing one with its key); False when over ``limit`` bytes."""
        size = exchange.size()
        old = self.exchanges.get(exchange.key)
        freed = old.size() if old is not None else 0
        if self._bytes - freed + size > limit:
            return False
        self.exchanges[exchange.key] = exchange
        self._bytes += size - freed
        self.updated_at = max(self.updated_at, exchange.recorded_at)
        return True

    def oldest(self) -> datetime | None:
        return min((e.recorded_at for e in self.exchanges.values()), default=None)

    def document(self) -> dict[str, Any]:
        info = {
            "version": VERSION,
            "upstream": self.upstream,
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
        }
        return {
            "recording": info,
            **{section: list(entries.values()) for section, entries in self.learned.items()},
            "exchanges": [e.as_dict() for e in self.exchanges.values()],
        }

    def save(self) -> None:
        self.write(self.document())

    def write(self, document: dict[str, Any]) -> None:
        """Write ``document`` (:meth:`document`, taken where the recording changes) to the
        file atomically: JSON, or YAML for a ``.yaml``/``.yml`` name."""
        if _is_yaml(self.path):
            text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode()
        else:
            text = orjson.dumps(document, option=orjson.OPT_INDENT_2)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(text)
        os.replace(temporary, self.path)


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def _parse(text: bytes, path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) if _is_yaml(path) else orjson.loads(text)
    except (yaml.YAMLError, orjson.JSONDecodeError) as exc:
        raise RecordingError(f"{path} is not a recording: {exc}") from None
    if not isinstance(data, dict):
        raise RecordingError(f"{path} is not a recording: no 'recording' mapping")
    return data
