"""A request is TLS by its own connection, and from its peer's address; X-Forwarded-Proto
and X-Forwarded-For are believed only from a trusted proxy."""

from __future__ import annotations

from typing import Any

import pytest

from photobank.config import Settings
from photobank.tls.transport import is_secure, is_tls, source_address


def _scope(scheme: str, client: str, proto: str | None = None) -> dict[str, Any]:
    headers = [(b"x-forwarded-proto", proto.encode())] if proto else []
    return {"scheme": scheme, "client": (client, 50000), "headers": headers}


@pytest.mark.parametrize(
    ("scope", "proxies", "expected"),
    [
        (_scope("https", "203.0.113.9"), "", True),
        (_scope("http", "203.0.113.9"), "", False),
        (_scope("http", "127.0.0.1", "https"), "", False),  # a client cannot claim TLS
        (_scope("http", "10.0.0.2", "https"), "10.0.0.0/8", True),
        (_scope("http", "10.0.0.2", "http"), "10.0.0.0/8", False),
        (_scope("http", "10.0.0.2", "https, http"), "10.0.0.0/8", True),
        (_scope("http", "192.0.2.1", "https"), "10.0.0.0/8", False),
        (_scope("http", "testclient", "https"), "10.0.0.0/8", False),
    ],
)
def test_is_tls(scope: dict[str, Any], proxies: str, expected: bool) -> None:
    assert is_tls(scope, Settings(trusted_proxies=proxies)) is expected


@pytest.mark.parametrize(
    ("client", "forwarded", "proxies", "expected"),
    [
        ("203.0.113.9", [], "", "203.0.113.9"),
        ("203.0.113.9", ["198.51.100.1"], "", "203.0.113.9"),  # a client cannot claim another
        ("10.0.0.2", ["198.51.100.1"], "10.0.0.0/8", "198.51.100.1"),
        ("10.0.0.2", ["6.6.6.6, 198.51.100.1, 10.0.0.3"], "10.0.0.0/8", "198.51.100.1"),
        ("10.0.0.2", ["6.6.6.6", "198.51.100.1"], "10.0.0.0/8", "198.51.100.1"),
        ("10.0.0.2", ["nonsense"], "10.0.0.0/8", "10.0.0.2"),
        ("10.0.0.2", [], "10.0.0.0/8", "10.0.0.2"),
        ("::1", [], "", "::1"),
        ("testclient", [], "", None),
    ],
)
def test_source_address(
    client: str, forwarded: list[str], proxies: str, expected: str | None
) -> None:
    scope = _scope("https", client)
    scope["headers"] = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    assert source_address(scope, Settings(trusted_proxies=proxies)) == expected


def test_loopback_is_relaxed_only_when_configured() -> None:
    strict, relaxed = Settings(), Settings(allow_insecure_loopback=True)
    assert not is_secure(_scope("http", "127.0.0.1"), strict)
    assert is_secure(_scope("http", "127.0.0.1"), relaxed)
    assert is_secure(_scope("http", "::1"), relaxed)
    assert not is_secure(_scope("http", "192.0.2.1"), relaxed)


def test_token_endpoint_over_plain_http_is_an_oauth2_error(anonymous: Any) -> None:
    response = anonymous.post("/oauth2/token", data={"grant_type": "client_credentials"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": "The token endpoint requires HTTPS",
    }
