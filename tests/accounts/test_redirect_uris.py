"""Registered redirect URIs: what may be registered, and exact look-ups."""

from __future__ import annotations

import pytest

from photobank.accounts.redirect_uris import check_redirect_uri
from photobank.accounts.service import AccountService
from photobank.errors import InvalidParameter, NotFound


@pytest.mark.parametrize(
    "uri",
    [
        "https://app.example/callback",
        "https://app.example:8443/cb?tenant=7",
        "http://127.0.0.1:8765/callback",
        "http://[::1]:9000/cb",
        "http://localhost/cb",
        "com.example.photos:/oauth2redirect",
    ],
)
def test_acceptable_redirect_uris(uri: str) -> None:
    assert check_redirect_uri(uri) == uri


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("http://app.example/callback", "is not allowed"),
        ("https://app.example/cb#top", "has a fragment"),
        ("https://app.example/cb#", "has a fragment"),
        ("/callback", "not an absolute URI"),
        ("https://app.example:99999/cb", "not a valid URI"),
        ("javascript:alert(1)", "is not allowed"),
        ("https://app.example/" + "x" * 2000, "at most 2000"),
    ],
)
def test_refused_redirect_uris_say_why(uri: str, reason: str) -> None:
    with pytest.raises(InvalidParameter, match=reason) as caught:
        check_redirect_uri(uri)
    assert caught.value.parameter == "redirect_uri"


def test_register_list_and_remove(accounts: AccountService) -> None:
    client, _ = accounts.create_client("App", api_key="app-key")
    other, _ = accounts.create_client("Other", api_key="other-key")
    registry = accounts.redirect_uris
    assert registry.register("app-key", "https://app.example/b")
    assert registry.register("app-key", "https://app.example/a")
    assert not registry.register("app-key", "https://app.example/a")  # already there
    assert registry.of_key("app-key") == ("https://app.example/b", "https://app.example/a")
    assert registry.of_client(client.id) == registry.of_key("app-key")
    assert registry.of_client(other.id) == ()
    registry.unregister("app-key", "https://app.example/b")
    assert registry.of_key("app-key") == ("https://app.example/a",)
    with pytest.raises(NotFound, match="is not registered"):
        registry.unregister("app-key", "https://app.example/b")
    with pytest.raises(NotFound, match="No API client"):
        registry.register("no-key", "https://app.example/a")


def test_customers_have_an_optional_middle_name(accounts: AccountService) -> None:
    plain = accounts.create_customer("ann", "pw", "Ann", "Lee")
    full = accounts.create_customer("bo", "pw", "Bo", "Diddley", middle_name="Ellas")
    assert plain.middle_name == ""
    assert accounts.get_customer(full.id) == full and full.middle_name == "Ellas"
