from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from photobank import errors
from photobank.accounts.hashing import FAST_COST, SecretHasher
from photobank.accounts.models import ApiClient, Customer
from photobank.accounts.service import AccountService
from photobank.auth.tokens import TokenService
from photobank.clock import ManualClock
from photobank.config import Settings
from photobank.store import tables as t


def test_app_token_resolves_to_its_client(tokens: TokenService, api_client: ApiClient) -> None:
    issued = tokens.issue(api_client, None, with_refresh=False)
    assert issued.refresh_token is None and issued.expires_in == 1800
    info = tokens.resolve_access(issued.access_token)
    assert (info.client_id, info.customer_id) == (api_client.id, None)


def test_user_token_resolves_to_its_customer(
    tokens: TokenService, api_client: ApiClient, customer: Customer, clock: ManualClock
) -> None:
    issued = tokens.issue(api_client, customer, with_refresh=True)
    info = tokens.resolve_access(issued.access_token)
    assert info.customer_id == customer.id
    assert info.expires_at == clock.now() + timedelta(seconds=1800)


def test_tokens_are_stored_only_as_digests(
    tokens: TokenService, api_client: ApiClient, engine: Engine
) -> None:
    issued = tokens.issue(api_client, None, with_refresh=True)
    with engine.connect() as conn:
        stored = set(conn.execute(select(t.oauth_tokens.c.token_hash)).scalars())
    assert len(stored) == 2
    assert issued.access_token not in stored and issued.refresh_token not in stored


def test_access_token_expires_by_the_clock_even_when_cached(
    tokens: TokenService, api_client: ApiClient, clock: ManualClock
) -> None:
    token = tokens.issue(api_client, None, with_refresh=False).access_token
    tokens.resolve_access(token)  # now cached
    clock.advance(timedelta(minutes=29))
    tokens.resolve_access(token)
    clock.advance(timedelta(minutes=2))
    with pytest.raises(errors.Unauthenticated):
        tokens.resolve_access(token)


@pytest.mark.parametrize("token", ["", "nonsense", "x" * 500])
def test_unknown_tokens_are_refused(tokens: TokenService, token: str) -> None:
    with pytest.raises(errors.Unauthenticated):
        tokens.resolve_access(token)


def test_refresh_token_is_not_an_access_token_nor_the_reverse(
    tokens: TokenService, api_client: ApiClient, customer: Customer
) -> None:
    issued = tokens.issue(api_client, customer, with_refresh=True)
    assert issued.refresh_token is not None
    with pytest.raises(errors.Unauthenticated):
        tokens.resolve_access(issued.refresh_token)
    with pytest.raises(errors.Unauthenticated):
        tokens.refresh(issued.access_token, api_client)


def test_refresh_token_is_reusable_until_it_expires(
    tokens: TokenService, api_client: ApiClient, customer: Customer, clock: ManualClock
) -> None:
    refresh = tokens.issue(api_client, customer, with_refresh=True).refresh_token
    assert refresh is not None
    for _ in range(3):
        again = tokens.refresh(refresh, api_client)
        assert again.refresh_token is None
        assert tokens.resolve_access(again.access_token).customer_id == customer.id
        clock.advance(timedelta(days=100))
    clock.advance(timedelta(days=66))
    with pytest.raises(errors.Unauthenticated):
        tokens.refresh(refresh, api_client)


def test_refresh_token_is_bound_to_its_client(
    tokens: TokenService, api_client: ApiClient, customer: Customer, accounts: AccountService
) -> None:
    other, _ = accounts.create_client("Other")
    refresh = tokens.issue(api_client, customer, with_refresh=True).refresh_token
    assert refresh is not None
    with pytest.raises(errors.Unauthenticated, match="another client"):
        tokens.refresh(refresh, other)


def test_revoking_a_customer_kills_cached_and_refresh_tokens(
    tokens: TokenService, api_client: ApiClient, customer: Customer
) -> None:
    issued = tokens.issue(api_client, customer, with_refresh=True)
    app_token = tokens.issue(api_client, None, with_refresh=False).access_token
    tokens.resolve_access(issued.access_token)  # cached
    tokens.revoke_customer(customer.id)
    with pytest.raises(errors.Unauthenticated):
        tokens.resolve_access(issued.access_token)
    with pytest.raises(errors.Unauthenticated):
        tokens.refresh(issued.refresh_token or "", api_client)
    tokens.resolve_access(app_token)


def test_password_change_revokes_tokens_at_once(
    engine: Engine, clock: ManualClock, settings: Settings, api_client: ApiClient
) -> None:
    tokens = TokenService(engine, clock, settings)
    accounts = AccountService(
        engine, clock, settings, hasher=SecretHasher(FAST_COST), token_cache=tokens
    )
    ann = accounts.create_customer("bob", "old")
    issued = tokens.issue(api_client, ann, with_refresh=True)
    tokens.resolve_access(issued.access_token)  # cached
    accounts.set_password("bob", "new")
    with pytest.raises(errors.Unauthenticated):
        tokens.resolve_access(issued.access_token)
    with pytest.raises(errors.Unauthenticated):
        tokens.refresh(issued.refresh_token or "", api_client)


def test_purge_expired_deletes_only_dead_tokens(
    tokens: TokenService, api_client: ApiClient, customer: Customer, clock: ManualClock
) -> None:
    old = tokens.issue(api_client, customer, with_refresh=True)
    clock.advance(timedelta(hours=1))
    fresh = tokens.issue(api_client, None, with_refresh=False)
    assert tokens.purge_expired() == 1
    tokens.resolve_access(fresh.access_token)
    tokens.refresh(old.refresh_token or "", api_client)
