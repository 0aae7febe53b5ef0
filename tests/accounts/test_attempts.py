"""Failed credential checks are limited per principal and per address, without argon2."""

from __future__ import annotations

from datetime import timedelta

import pytest

from photobank.accounts.attempts import ADDRESS, LIMIT, FailedAttempts, TooManyFailedAttempts
from photobank.accounts.service import AccountService
from photobank.clock import ManualClock

HERE, THERE = "198.51.100.7", "203.0.113.9"


def test_the_11th_attempt_is_refused_without_argon2_even_with_the_right_secret(
    accounts: AccountService, argon2_checks: list[str]
) -> None:
    client, secret = accounts.create_client("App")
    for _ in range(LIMIT):
        assert not accounts.verify_client_secret(client, "guess", HERE)
    with pytest.raises(TooManyFailedAttempts) as refused:
        accounts.verify_client_secret(client, secret, THERE)
    assert refused.value.message == (
        "Too many failed attempts for this API client; try again in 60 seconds."
    )
    assert (refused.value.credential, refused.value.retry_after) == ("client", 60)
    assert len(argon2_checks) == LIMIT


def test_a_good_attempt_gets_in_once_the_window_has_passed(
    accounts: AccountService, clock: ManualClock
) -> None:
    accounts.create_customer("ann", "pw")
    for _ in range(LIMIT):
        assert accounts.authenticate_customer("ann", "guess", HERE) is None
    clock.advance(timedelta(seconds=59))
    with pytest.raises(TooManyFailedAttempts) as refused:
        accounts.authenticate_customer("ann", "pw", HERE)
    assert refused.value.retry_after == 1 and "this username" in refused.value.message
    clock.advance(timedelta(seconds=1))
    assert accounts.authenticate_customer("ann", "pw", HERE) is not None


def test_the_window_slides(accounts: AccountService, clock: ManualClock) -> None:
    accounts.create_customer("ann", "pw")
    for _ in range(LIMIT):
        assert accounts.authenticate_customer("ann", "guess") is None
        clock.advance(timedelta(seconds=6))
    # The first failure left the window: one more guess, then 6 s until the second leaves.
    assert accounts.authenticate_customer("ann", "guess") is None
    with pytest.raises(TooManyFailedAttempts) as refused:
        accounts.authenticate_customer("ann", "pw")
    assert refused.value.retry_after == 6


def test_an_address_over_its_limit_is_refused_for_everyone_and_others_get_in(
    accounts: AccountService,
) -> None:
    clients = [accounts.create_client(f"App {n}") for n in range(LIMIT + 1)]
    for client, _ in clients[:LIMIT]:
        assert not accounts.verify_client_secret(client, "guess", HERE)
    fresh, secret = clients[LIMIT]
    with pytest.raises(TooManyFailedAttempts) as refused:
        accounts.verify_client_secret(fresh, secret, HERE)
    assert refused.value.message.startswith("Too many failed attempts from this address")
    assert accounts.verify_client_secret(fresh, secret, THERE)
    assert accounts.verify_client_secret(clients[0][0], clients[0][1], THERE)


def test_a_success_clears_the_principals_count(accounts: AccountService) -> None:
    accounts.create_customer("ann", "pw")
    for _ in range(3):
        for _ in range(LIMIT - 1):
            assert accounts.authenticate_customer("ann", "guess", "::1") is None
        assert accounts.authenticate_customer("ann", "pw", "::1") is not None


def test_callers_on_this_machine_are_limited_per_principal_only(
    accounts: AccountService,
) -> None:
    for n in range(2 * LIMIT):
        assert accounts.authenticate_customer(f"nobody{n}", "guess", "127.0.0.1") is None
    accounts.create_customer("ann", "pw")
    assert accounts.authenticate_customer("ann", "pw", "127.0.0.1") is not None


def test_unknown_usernames_are_counted_like_wrong_passwords(
    accounts: AccountService, argon2_checks: list[str]
) -> None:
    for _ in range(LIMIT):
        assert accounts.authenticate_customer("ghost", "guess") is None
    with pytest.raises(TooManyFailedAttempts):
        accounts.authenticate_customer("ghost", "guess")
    assert len(argon2_checks) == LIMIT  # each miss cost a decoy check, the refusal none


def test_counts_stay_within_their_budget_and_a_persistent_address_keeps_its_count() -> None:
    attempts = FailedAttempts(ManualClock(), budget=50_000)
    attacker = (ADDRESS, HERE)
    for n in range(5_000):
        attempts.failed([("customer", f"user{n:05}" * 10), attacker])
        assert attempts.weight <= 50_000
    attempts.check("customer", [("customer", "user00000" * 10)])  # long pushed out
    with pytest.raises(TooManyFailedAttempts):
        attempts.check("customer", [("customer", "someone"), attacker])
