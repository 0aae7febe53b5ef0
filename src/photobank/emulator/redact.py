"""Secrets never leave the journal: headers, form fields and JSON values are masked.

Redaction runs when an entry is read, not on the request path, so recording
costs almost nothing; what is read (over HTTP, by the CLI or a test) is
always masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "[redacted]"
SECRET_HEADERS = frozenset(
    {
        "api-key",
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-photobank-admin-token",
    }
)
SECRET_FIELDS = frozenset(
    {
        "access_token",
        "refresh_token",
        "client_secret",
        "api_secret",
        "password",
        "id_token",
        "token",
        "secret",
    }
)
# An OAuth2 authorization code is a secret in a form; in JSON "code" is Getty's error code.
# ``client_id`` is the Api-Key, masked in headers too.
_FORM_FIELDS = SECRET_FIELDS | {"code", "client_id"}
# The legacy Connect API's PascalCase secrets (session tokens, system and user passwords).
LEGACY_SECRET_FIELDS = frozenset(
    {"Token", "SecureToken", "DownloadToken", "SystemPassword", "UserPassword"}
)
# A JSON string member named like a secret; the value may be cut off by the body limit.
_JSON_SECRET = re.compile(
    r'("(?:'
    + "|".join(sorted(SECRET_FIELDS | LEGACY_SECRET_FIELDS))
    + r')"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)'
)
_HINTS = ("token", "secret", "password", "Token", "Password")


def headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """Header names (lower case) to values, repeated headers joined, secrets masked."""
    out: dict[str, str] = {}
    for name_bytes, value_bytes in raw:
        name = name_bytes.decode("latin-1").lower()
        value = MASK if name in SECRET_HEADERS else value_bytes.decode("latin-1")
        if name == "location":
            value = _location(value)
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def _location(uri: str) -> str:
    """A redirect with the code or token of an OAuth2 sign-in (query or fragment) masked."""
    parts = urlsplit(uri)
    query, fragment = (masked_form(part) for part in (parts.query, parts.fragment))
    return urlunsplit(parts._replace(query=query, fragment=fragment))


def masked_form(text: str) -> str:
    """A form body or query string with its secret fields masked."""
    pairs = parse_qsl(text, keep_blank_values=True)
    if not any(k.lower() in _FORM_FIELDS for k, _ in pairs):
        return text
    return urlencode([(k, MASK if k.lower() in _FORM_FIELDS else v) for k, v in pairs], safe="[]")


def body(data: bytes, content_type: str) -> str:
    """A captured body as text with secret fields masked (form or JSON)."""
    text = data.decode("utf-8", errors="replace")
    if "x-www-form-urlencoded" in content_type:
        return masked_form(text)
    if any(hint in text for hint in _HINTS):
        return _JSON_SECRET.sub(rf'\1"{MASK}"', text)
    return text


def form_value(data: bytes, field: str) -> str | None:
    """One (non-secret) field of a form body, e.g. ``client_id`` or ``username``."""
    for key, value in parse_qsl(data.decode("utf-8", errors="replace")):
        if key == field:
            return value
    return None


def is_text(content_type: str) -> bool:
    """Bodies worth keeping as text; images and other binaries are only counted."""
    return content_type.startswith(("text/", "application/json", "application/x-www-form")) or (
        "+json" in content_type
    )
