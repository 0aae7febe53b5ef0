from datetime import timedelta

import pytest

from photobank import errors
from photobank.accounts.models import ApiClient, Customer
from photobank.accounts.service import AccountService
from photobank.auth.caller import Authenticator
from photobank.auth.tokens import TokenService
from photobank.clock import ManualClock


@pytest.fixture
def authenticator(accounts: AccountService, tokens: TokenService) -> Authenticator:
    return Authenticator(accounts, tokens)


def test_api_key_alone_makes_an_anonymous_caller(
    authenticator: Authenticator, api_client: ApiClient
) -> None:
    caller = authenticator.authenticate("app-key", None)
    assert (caller.client, caller.customer, caller.token) == (api_client, None, None)


@pytest.mark.parametrize("api_key", [None, "", "unknown"])
def test_missing_or_unknown_api_key_is_refused(
    authenticator: Authenticator, api_client: ApiClient, api_key: str | None
) -> None:
    with pytest.raises(errors.InvalidApiKey, match="Account Inactive"):
        authenticator.authenticate(api_key, None)


def test_disabled_api_key_is_refused(
    authenticator: Authenticator, api_client: ApiClient, accounts: AccountService
) -> None:
    accounts.set_client_enabled("app-key", False)
    with pytest.raises(errors.InvalidApiKey):
        authenticator.authenticate("app-key", None)


def test_bad_api_key_wins_over_bad_token(authenticator: Authenticator) -> None:
    with pytest.raises(errors.InvalidApiKey):
        authenticator.authenticate("unknown", "Bearer nonsense")


def test_user_token_names_the_customer(
    authenticator: Authenticator, tokens: TokenService, api_client: ApiClient, customer: Customer
) -> None:
    token = tokens.issue(api_client, customer, with_refresh=False).access_token
    caller = authenticator.authenticate("app-key", f"Bearer {token}")
    assert caller.customer == customer
    assert caller.token is not None and caller.token.customer_id == customer.id
    assert authenticator.authenticate("app-key", f"bearer  {token} ").customer == customer


def test_app_token_has_no_customer(
    authenticator: Authenticator, tokens: TokenService, api_client: ApiClient
) -> None:
    token = tokens.issue(api_client, None, with_refresh=False).access_token
    caller = authenticator.authenticate("app-key", f"Bearer {token}")
    assert caller.customer is None and caller.token is not None


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer   ", "Basic YTpi", "token"])
def test_authorization_that_is_not_a_bearer_token_is_refused(
    authenticator: Authenticator, api_client: ApiClient, header: str
) -> None:
    with pytest.raises(errors.Unauthenticated, match="The access token is missing"):
        authenticator.authenticate("app-key", header)


def test_unknown_or_expired_token_is_refused(
    authenticator: Authenticator, tokens: TokenService, api_client: ApiClient, clock: ManualClock
) -> None:
    with pytest.raises(errors.Unauthenticated, match="invalid or has expired"):
        authenticator.authenticate("app-key", "Bearer nonsense")
    token = tokens.issue(api_client, None, with_refresh=False).access_token
    clock.advance(timedelta(minutes=31))
    with pytest.raises(errors.Unauthenticated, match="invalid or has expired"):
        authenticator.authenticate("app-key", f"Bearer {token}")


def test_token_of_another_client_is_refused(
    authenticator: Authenticator, tokens: TokenService, accounts: AccountService
) -> None:
    other, _ = accounts.create_client("Other", api_key="other-key")
    accounts.create_client("App", api_key="app-key")
    token = tokens.issue(other, None, with_refresh=False).access_token
    with pytest.raises(errors.Unauthenticated, match="another Api-Key"):
        authenticator.authenticate("app-key", f"Bearer {token}")


def test_token_of_a_disabled_customer_is_refused(
    authenticator: Authenticator,
    tokens: TokenService,
    accounts: AccountService,
    api_client: ApiClient,
    customer: Customer,
) -> None:
    token = tokens.issue(api_client, customer, with_refresh=False).access_token
    authenticator.authenticate("app-key", f"Bearer {token}")
    accounts.set_customer_enabled(customer.username, False)
    with pytest.raises(errors.Unauthenticated):
        authenticator.authenticate("app-key", f"Bearer {token}")


def test_system_credentials_name_an_enabled_client(
    authenticator: Authenticator, api_client: ApiClient, accounts: AccountService
) -> None:
    assert authenticator.authenticate_client(" app-key ", "app-secret") == api_client
    assert authenticator.authenticate_client("app-key", "wrong") is None
    assert authenticator.authenticate_client("unknown", "app-secret") is None
    accounts.set_client_enabled("app-key", False)
    assert authenticator.authenticate_client("app-key", "app-secret") is None


@pytest.fixture
def session(tokens: TokenService, api_client: ApiClient, customer: Customer) -> tuple[str, str]:
    """A legacy session of the customer: its standard and secure tokens."""
    standard, secure, _ = tokens.issue_session(api_client.id, customer.id, 1800)
    return standard, secure


def test_a_session_token_of_either_kind_names_its_caller(
    authenticator: Authenticator,
    session: tuple[str, str],
    api_client: ApiClient,
    customer: Customer,
) -> None:
    for token, is_secure in zip(session, (False, True), strict=True):
        info, secure_kind = authenticator.session_token(token)
        assert secure_kind is is_secure
        caller = authenticator.session_caller(info)
        assert (caller.client, caller.customer, caller.token) == (api_client, customer, info)
    with pytest.raises(errors.Unauthenticated):
        authenticator.session_token("nonsense")


def test_a_session_of_a_disabled_client_or_customer_is_refused(
    authenticator: Authenticator,
    session: tuple[str, str],
    accounts: AccountService,
    customer: Customer,
) -> None:
    info, _ = authenticator.session_token(session[0])
    accounts.set_customer_enabled(customer.username, False)
    with pytest.raises(errors.Unauthenticated, match="user account is disabled"):
        authenticator.session_caller(info)
    accounts.set_client_enabled("app-key", False)
    with pytest.raises(errors.Unauthenticated, match="Api-Key"):
        authenticator.session_caller(info)
