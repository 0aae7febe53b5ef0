from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from photobank import errors
from photobank.accounts.hashing import FAST_COST, HashCost, SecretHasher
from photobank.accounts.service import AccountService
from photobank.clock import ManualClock
from photobank.config import Settings
from photobank.store import tables as t


def test_new_client_gets_getty_like_credentials_and_default_limits(
    accounts: AccountService, clock: ManualClock
) -> None:
    client, secret = accounts.create_client("Newsroom")
    assert len(client.api_key) == 24
    assert client.api_key.isalnum() and client.api_key == client.api_key.lower()
    assert len(secret) >= 40
    assert (client.qps_limit, client.daily_limit) == (7, 1000)
    assert client.grant_types == ("client_credentials", "password", "refresh_token")
    assert client.enabled and client.created_at == clock.now()
    assert accounts.list_clients() == [client]


def test_explicit_credentials_and_limits_are_kept(accounts: AccountService) -> None:
    client, secret = accounts.create_client(
        "Demo",
        api_key="demo-key",
        secret="demo-secret",
        qps_limit=0,
        daily_limit=5,
        grant_types=["client_credentials"],
    )
    assert (client.api_key, secret) == ("demo-key", "demo-secret")
    assert (client.qps_limit, client.daily_limit) == (0, 5)
    assert client.grant_types == ("client_credentials",)


def test_secrets_are_stored_only_hashed(accounts: AccountService, engine: Engine) -> None:
    accounts.create_client("Demo", api_key="k", secret="plain-secret")
    accounts.create_customer("ann", "plain-password")
    with engine.connect() as conn:
        stored = [
            conn.execute(select(t.api_clients.c.secret_hash)).scalar_one(),
            conn.execute(select(t.customers.c.password_hash)).scalar_one(),
        ]
    for digest in stored:
        assert digest.startswith("$argon2id$")
        assert "plain" not in digest


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"name": " "}, "name"),
        ({"api_key": "has space"}, "api_key"),
        ({"api_key": "k" * 65}, "api_key"),
        ({"secret": ""}, "secret"),
        ({"qps_limit": -1}, "qps_limit"),
        ({"grant_types": ["implicit"]}, "grant_types"),
        ({"grant_types": []}, "grant_types"),
    ],
)
def test_bad_client_values_are_refused(
    accounts: AccountService, kwargs: dict[str, object], parameter: str
) -> None:
    args: dict[str, object] = {"name": "ok", **kwargs}
    with pytest.raises(errors.InvalidParameter) as refused:
        accounts.create_client(**args)  # type: ignore[arg-type]
    assert refused.value.parameter == parameter


def test_duplicate_api_key_is_a_conflict(accounts: AccountService) -> None:
    accounts.create_client("A", api_key="same")
    with pytest.raises(errors.Conflict):
        accounts.create_client("B", api_key="same")


def test_client_secret_verification_and_rotation(accounts: AccountService) -> None:
    client, secret = accounts.create_client("A")
    assert accounts.verify_client_secret(client, secret)
    assert not accounts.verify_client_secret(client, secret + "x")
    new_secret = accounts.rotate_secret(client.api_key)
    assert new_secret != secret
    assert accounts.verify_client_secret(client, new_secret)
    assert not accounts.verify_client_secret(client, secret)


def test_lookup_by_key_sees_every_change_made_through_the_service(
    accounts: AccountService,
) -> None:
    client, _ = accounts.create_client("A", api_key="key")
    assert accounts.get_client_by_key("key") == client
    assert accounts.get_client_by_key("unknown") is None
    accounts.set_client_enabled("key", False)
    disabled = accounts.get_client_by_key("key")
    assert disabled is not None and not disabled.enabled
    accounts.set_client_limits("key", qps=3)
    limited = accounts.get_client_by_key("key")
    assert limited is not None and (limited.qps_limit, limited.daily_limit) == (3, 1000)
    accounts.set_client_limits("key", daily=0)
    limited = accounts.get_client_by_key("key")
    assert limited is not None and (limited.qps_limit, limited.daily_limit) == (3, 0)


def test_lookup_by_key_is_served_from_memory(
    accounts: AccountService, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.create_client("A", api_key="key")
    accounts.get_client_by_key("key")
    monkeypatch.setattr(engine, "connect", _no_database)
    assert accounts.get_client_by_key("key") is not None


def test_changing_an_unknown_client_is_not_found(accounts: AccountService) -> None:
    for change in (
        lambda: accounts.rotate_secret("nope"),
        lambda: accounts.set_client_enabled("nope", False),
        lambda: accounts.set_client_limits("nope", 1, 1),
    ):
        with pytest.raises(errors.NotFound):
            change()


def test_customers_sign_in_with_their_password(accounts: AccountService) -> None:
    ann = accounts.create_customer("ann", "pw", first_name="Ann", last_name="Lee", email="a@x.org")
    assert (ann.username, ann.first_name, ann.last_name, ann.email) == (
        "ann",
        "Ann",
        "Lee",
        "a@x.org",
    )
    assert accounts.authenticate_customer("ann", "pw") == ann
    assert accounts.authenticate_customer("ann", "wrong") is None
    assert accounts.authenticate_customer("bob", "pw") is None
    assert accounts.get_customer(ann.id) == ann
    assert accounts.get_customer(ann.id + 1) is None
    assert accounts.list_customers() == [ann]


def test_duplicate_username_is_a_conflict(accounts: AccountService) -> None:
    accounts.create_customer("ann", "pw")
    with pytest.raises(errors.Conflict):
        accounts.create_customer("ann", "other")


def test_set_password_replaces_the_old_one(accounts: AccountService) -> None:
    accounts.create_customer("ann", "old")
    accounts.set_password("ann", "new")
    assert accounts.authenticate_customer("ann", "old") is None
    assert accounts.authenticate_customer("ann", "new") is not None
    with pytest.raises(errors.NotFound):
        accounts.set_password("bob", "x")


def test_disabled_customer_cannot_sign_in(accounts: AccountService) -> None:
    ann = accounts.create_customer("ann", "pw")
    accounts.set_customer_enabled("ann", False)
    assert accounts.authenticate_customer("ann", "pw") is None
    customer = accounts.get_customer(ann.id)
    assert customer is not None and not customer.enabled


def test_hashes_made_at_an_older_cost_are_upgraded_on_sign_in(
    engine: Engine, clock: ManualClock, settings: Settings
) -> None:
    AccountService(engine, clock, settings, hasher=SecretHasher(FAST_COST)).create_customer(
        "ann", "pw"
    )
    stronger = SecretHasher(HashCost(time_cost=2, memory_cost=16, parallelism=1))
    accounts = AccountService(engine, clock, settings, hasher=stronger)
    assert accounts.authenticate_customer("ann", "pw") is not None
    with engine.connect() as conn:
        digest = conn.execute(select(t.customers.c.password_hash)).scalar_one()
    assert not stronger.needs_rehash(digest)
    assert accounts.authenticate_customer("ann", "pw") is not None


def test_created_at_comes_from_the_clock(accounts: AccountService, clock: ManualClock) -> None:
    clock.advance(timedelta(days=3))
    assert accounts.create_customer("ann", "pw").created_at == clock.now()


def _no_database() -> None:
    raise AssertionError("the database was queried")


def test_a_client_belongs_to_the_account_its_app_tokens_act_for(
    accounts: AccountService,
) -> None:
    client, _ = accounts.create_client("newsroom app")
    assert client.account_id is None and accounts.account_of(client) is None
    owner = accounts.create_customer("newsroom", "newsroom-password")
    accounts.set_client_account(client.api_key, "newsroom")
    owned = accounts.get_client_by_key(client.api_key)
    assert owned is not None and accounts.account_of(owned) == owner
    accounts.set_customer_enabled("newsroom", False)
    assert accounts.account_of(owned) is None  # a disabled account acts for no one
    with pytest.raises(errors.NotFound, match="nobody"):
        accounts.set_client_account(client.api_key, "nobody")
    accounts.set_client_account(client.api_key, None)
    assert accounts.get_client_by_key(client.api_key).account_id is None  # type: ignore[union-attr]
