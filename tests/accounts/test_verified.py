"""argon2 runs once per credential: later checks recognise it, until it changes or expires."""

from __future__ import annotations

import tracemalloc
from datetime import timedelta

from sqlalchemy import Engine, update

from photobank.accounts.hashing import FAST_COST, SecretHasher
from photobank.accounts.service import AccountService
from photobank.accounts.verified import VerifiedCredentials
from photobank.clock import ManualClock
from photobank.config import Settings
from photobank.lru import ENTRY_OVERHEAD
from photobank.store import tables as t

DIGEST = SecretHasher(FAST_COST).hash("stored")


def test_a_known_secret_or_password_runs_argon2_once(
    accounts: AccountService, argon2_checks: list[str]
) -> None:
    client, secret = accounts.create_client("App")
    ann = accounts.create_customer("ann", "pw")
    for _ in range(5):
        assert accounts.verify_client_secret(client, secret)
        assert accounts.authenticate_customer("ann", "pw") == ann
    assert argon2_checks == [secret, "pw"]


def test_a_wrong_secret_is_never_recognised(
    accounts: AccountService, argon2_checks: list[str]
) -> None:
    client, secret = accounts.create_client("App")
    assert accounts.verify_client_secret(client, secret)
    for _ in range(3):
        assert not accounts.verify_client_secret(client, secret + "x")
        assert accounts.authenticate_customer("nobody", "pw") is None
    assert len(argon2_checks) == 1 + 6


def test_a_rotated_secret_is_refused_at_once(accounts: AccountService) -> None:
    client, old = accounts.create_client("App")
    assert accounts.verify_client_secret(client, old)
    new = accounts.rotate_secret(client.api_key)
    assert not accounts.verify_client_secret(client, old)
    assert accounts.verify_client_secret(client, new)


def test_a_changed_password_is_refused_at_once(accounts: AccountService) -> None:
    accounts.create_customer("ann", "old")
    assert accounts.authenticate_customer("ann", "old") is not None
    accounts.set_password("ann", "new")
    assert accounts.authenticate_customer("ann", "old") is None
    assert accounts.authenticate_customer("ann", "new") is not None


def test_disabling_refuses_at_once_and_is_not_undone_by_the_cache(
    accounts: AccountService, engine: Engine, argon2_checks: list[str]
) -> None:
    accounts.create_customer("ann", "pw")
    assert accounts.authenticate_customer("ann", "pw") is not None
    accounts.set_customer_enabled("ann", False)
    assert accounts.authenticate_customer("ann", "pw") is None
    accounts.set_customer_enabled("ann", True)
    assert accounts.authenticate_customer("ann", "pw") is not None
    assert argon2_checks == ["pw", "pw", "pw"]  # disabling forgot the password
    # Disabled by another process (the CLI): no forgetting here, the flag still rules.
    with engine.begin() as conn:
        conn.execute(update(t.customers).values(enabled=False))
    assert accounts.authenticate_customer("ann", "pw") is None


def test_disabling_a_client_forgets_its_secret(
    accounts: AccountService, argon2_checks: list[str]
) -> None:
    client, secret = accounts.create_client("App")
    assert accounts.verify_client_secret(client, secret)
    accounts.set_client_enabled(client.api_key, False)
    accounts.set_client_enabled(client.api_key, True)
    assert accounts.verify_client_secret(client, secret)
    assert argon2_checks == [secret, secret]


def test_a_remembered_credential_expires_by_the_clock(
    accounts: AccountService, clock: ManualClock, argon2_checks: list[str]
) -> None:
    client, secret = accounts.create_client("App")
    assert accounts.verify_client_secret(client, secret)
    clock.advance(timedelta(seconds=299))
    assert accounts.verify_client_secret(client, secret)
    assert len(argon2_checks) == 1
    clock.advance(timedelta(seconds=1))
    assert accounts.verify_client_secret(client, secret)
    assert len(argon2_checks) == 2
    clock.advance(timedelta(days=-1))  # a clock moved back does not revive an entry for a day
    assert accounts.verify_client_secret(client, secret)
    assert len(argon2_checks) == 3


def test_zero_seconds_runs_argon2_on_every_check(
    engine: Engine, clock: ManualClock, argon2_checks: list[str]
) -> None:
    settings = Settings(verified_credential_seconds=0)
    accounts = AccountService(engine, clock, settings, hasher=SecretHasher(FAST_COST))
    client, secret = accounts.create_client("App")
    for _ in range(3):
        assert accounts.verify_client_secret(client, secret)
    assert len(argon2_checks) == 3


def test_entries_stay_within_the_byte_budget_and_the_least_used_go() -> None:
    cache = VerifiedCredentials(ManualClock(), 300, budget=20_000)
    for n in range(1_000):
        cache.remember("customer", (n, f"user{n}"), DIGEST, f"password {n}")
        assert cache.weight <= 20_000
    assert cache.known("customer", (999, "user999"), DIGEST, "password 999")
    assert not cache.known("customer", (0, "user0"), DIGEST, "password 0")


def test_an_entry_weighs_at_least_the_memory_it_holds() -> None:
    cache = VerifiedCredentials(ManualClock(), 300, budget=64 * 1024 * 1024)
    names = [f"customer-{n:06}" for n in range(2_000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n, name in enumerate(names):
            cache.remember("customer", (n, name), DIGEST, f"password {n}")
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held <= cache.weight
    assert cache.weight / len(names) < 2 * ENTRY_OVERHEAD  # a few hundred bytes a credential


def test_the_key_binds_kind_principal_and_stored_hash() -> None:
    cache = VerifiedCredentials(ManualClock(), 300, budget=100_000)
    cache.remember("client", (1, "key"), DIGEST, "secret")
    assert cache.known("client", (1, "key"), DIGEST, "secret")
    assert not cache.known("customer", (1, "key"), DIGEST, "secret")
    assert not cache.known("client", (2, "key"), DIGEST, "secret")
    assert not cache.known("client", (1, "key"), DIGEST + "x", "secret")
    assert not cache.known("client", (1, "key"), DIGEST, "secret ")
    cache.forget("client", "key")
    assert not cache.known("client", (1, "key"), DIGEST, "secret")
