"""The legacy token rules: the auth service names the caller, the skin adds transport codes."""

from __future__ import annotations

import pytest

from photobank.api.legacy.context import resolve
from photobank.api.legacy.envelope import LegacyError
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from tests.shoppers import new_customer


@pytest.fixture
def tokens(services: Services, demo: DemoCredentials) -> tuple[str, str, str]:
    """A fresh customer's username, standard token and SecureToken."""
    client = services.accounts.get_client_by_key(demo.api_key)
    assert client is not None
    customer, _ = new_customer(services)
    standard, secure, _ = services.tokens.issue_session(client.id, customer.id, 1800)
    return customer.username, standard, secure


def _code(services: Services, token: str, *, secure: bool, secure_only: bool, renew: bool) -> str:
    with pytest.raises(LegacyError) as refused:
        resolve(services, {"Token": token}, secure, secure_only, renew)
    return refused.value.code


def test_each_transport_rule_has_its_code(services: Services, tokens: tuple[str, str, str]) -> None:
    _, standard, secure = tokens
    assert _code(services, " ", secure=True, secure_only=False, renew=False) == "AUTH-012"
    assert _code(services, "", secure=True, secure_only=True, renew=True) == "FailedToRenewToken"
    assert _code(services, "dead", secure=True, secure_only=False, renew=False) == "AUTH-012"
    assert _code(services, secure, secure=False, secure_only=True, renew=False) == "AUTH-002"
    assert _code(services, standard, secure=True, secure_only=True, renew=False) == "AUTH-023"
    assert _code(services, secure, secure=False, secure_only=False, renew=False) == "AUTH-014"
    assert resolve(services, {"Token": standard}, True, True, True).customer is not None
    assert resolve(services, {"Token": secure}, True, True, False).token is not None


def test_a_disabled_customers_session_ends(
    services: Services, tokens: tuple[str, str, str]
) -> None:
    username, standard, _ = tokens
    assert resolve(services, {"Token": standard}, False, False, False).customer is not None
    services.accounts.set_customer_enabled(username, False)
    with pytest.raises(LegacyError, match="user account is disabled") as refused:
        resolve(services, {"Token": standard}, False, False, False)
    assert refused.value.code == "AUTH-012"
