"""Authorization codes: single use, bound to their client, short-lived, stored as digests."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select

from photobank.accounts.models import ApiClient, Customer
from photobank.accounts.service import AccountService
from photobank.auth.codes import CODE_TTL_SECONDS, AuthorizationCodes, RedeemedCode, digest
from photobank.clock import ManualClock
from photobank.store import tables as t

CALLBACK = "https://app.example/callback"


def _codes(
    engine: Engine, clock: ManualClock, api_client: ApiClient, customer: Customer
) -> AuthorizationCodes:
    codes = AuthorizationCodes(engine, clock)
    codes.save("the-code", api_client.id, customer.id, CALLBACK)
    return codes


def test_a_code_is_redeemed_once_with_its_grant(
    engine: Engine, clock: ManualClock, api_client: ApiClient, customer: Customer
) -> None:
    codes = _codes(engine, clock, api_client, customer)
    assert codes.redeem("the-code", api_client.id) == RedeemedCode(customer.id, CALLBACK)
    assert codes.redeem("the-code", api_client.id) is None


def test_unknown_codes_and_other_clients_get_nothing(
    engine: Engine,
    clock: ManualClock,
    accounts: AccountService,
    api_client: ApiClient,
    customer: Customer,
) -> None:
    codes = _codes(engine, clock, api_client, customer)
    thief, _ = accounts.create_client("Thief", api_key="thief-key", secret="thief-secret")
    assert codes.redeem("the-code", thief.id) is None
    assert codes.redeem("another-code", api_client.id) is None
    assert codes.redeem("the-code", api_client.id) is not None  # the thief did not use it up


def test_a_code_expires_after_its_ttl(
    engine: Engine, clock: ManualClock, api_client: ApiClient, customer: Customer
) -> None:
    codes = _codes(engine, clock, api_client, customer)
    clock.advance(timedelta(seconds=CODE_TTL_SECONDS))
    assert codes.redeem("the-code", api_client.id) is None


def test_only_a_redeemed_code_reports_the_tokens_issued_for_it(
    engine: Engine, clock: ManualClock, api_client: ApiClient, customer: Customer
) -> None:
    codes = _codes(engine, clock, api_client, customer)
    assert codes.replayed_tokens("the-code", api_client.id) == []
    codes.redeem("the-code", api_client.id)
    codes.record_tokens("the-code", [digest("access"), digest("refresh")])
    assert codes.replayed_tokens("the-code", api_client.id) == [digest("access"), digest("refresh")]
    assert codes.replayed_tokens("the-code", api_client.id + 1) == []


def test_the_store_holds_the_digest_never_the_code(
    engine: Engine, clock: ManualClock, api_client: ApiClient, customer: Customer
) -> None:
    _codes(engine, clock, api_client, customer)
    with engine.connect() as conn:
        (stored,) = conn.execute(select(t.oauth_codes.c.code_hash)).scalars()
    assert stored == digest("the-code") and len(stored) == 64 and "the-code" not in stored
