"""Sessions in-process: credentials, token kinds, transport rules, expiry by the clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.testclient import TestClient

from photobank.accounts.attempts import LIMIT
from photobank.clock import ManualClock
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from tests.api.legacy.support import PLAIN, call, session, status
from tests.shoppers import shopper

SEARCH = "/v1/search/SearchForImages"
CREATE = "/v1/session/CreateSession"
QUERY = {"Query": {"SearchPhrase": ""}, "ResultOptions": {"ItemCount": 5, "ItemStartNumber": 1}}


def test_create_session_with_user_credentials(anonymous: Any, demo: DemoCredentials) -> None:
    result = session(anonymous, demo)
    assert result["TokenDurationMinutes"] == 30
    assert result["Token"] != result["SecureToken"]
    assert result["AccountId"].isdigit()


def test_anonymous_session_has_no_account(anonymous: Any, demo: DemoCredentials) -> None:
    assert session(anonymous, demo, user=False)["AccountId"] is None


def test_bad_credentials_are_named(anonymous: Any, demo: DemoCredentials) -> None:
    wrong_system = {"SystemId": demo.api_key, "SystemPassword": "nope"}
    document = call(anonymous, "/v1/session/CreateSession", wrong_system, coordination="c-1")
    assert status(document) == ("error", ["InvalidSystemIdOrPassword"])
    assert document["ResponseHeader"]["CoordinationId"] == "c-1"
    assert document["CreateSessionResult"] is None
    wrong_user = {**wrong_system, "SystemPassword": demo.api_secret, "UserName": demo.username}
    wrong_user["UserPassword"] = "nope"
    document = call(anonymous, "/v1/session/CreateSession", wrong_user)
    assert status(document) == ("error", ["InvalidUsernameOrPassword"])


def test_create_session_needs_https(anonymous: Any, demo: DemoCredentials) -> None:
    body = {"SystemId": demo.api_key, "SystemPassword": demo.api_secret}
    document = call(anonymous, "/v1/session/CreateSession", body, base=PLAIN)
    assert status(document) == ("error", ["AUTH-002"])


def test_token_rules(anonymous: Any, demo: DemoCredentials) -> None:
    tokens = session(anonymous, demo)
    standard, secure = tokens["Token"], tokens["SecureToken"]
    assert status(call(anonymous, SEARCH, QUERY, standard, base=PLAIN))[0] == "success"
    assert status(call(anonymous, SEARCH, QUERY, secure))[0] == "success"
    assert status(call(anonymous, SEARCH, QUERY, secure, base=PLAIN)) == ("error", ["AUTH-014"])
    assert status(call(anonymous, SEARCH, QUERY, "forged")) == ("error", ["AUTH-012"])
    download = {"DownloadItems": [{"DownloadToken": "x"}]}
    path = "/v1/download/CreateDownloadRequest"
    assert status(call(anonymous, path, download, standard)) == ("error", ["AUTH-023"])
    assert status(call(anonymous, path, download, secure, base=PLAIN)) == ("error", ["AUTH-002"])


def test_v3_access_token_works_as_a_standard_token(anonymous: Any, user_token: str) -> None:
    assert status(call(anonymous, SEARCH, QUERY, user_token))[0] == "success"


def test_tokens_expire_and_renew_by_the_clock(
    anonymous: Any, demo: DemoCredentials, clock: ManualClock
) -> None:
    started = clock.now()
    try:
        _expire_and_renew(anonymous, demo, clock)
    finally:
        clock.set(started)


def _expire_and_renew(anonymous: Any, demo: DemoCredentials, clock: ManualClock) -> None:
    tokens = session(anonymous, demo)
    renew_body = {"SystemId": demo.api_key, "SystemPassword": demo.api_secret}
    clock.advance(timedelta(minutes=29))
    renewed = call(anonymous, "/v1/session/RenewSession", renew_body, tokens["SecureToken"])
    assert status(renewed) == ("success", [])
    fresh = renewed["RenewSessionResult"]
    assert renewed["RenewSessionResults"] == fresh
    clock.advance(timedelta(minutes=2))
    assert status(call(anonymous, SEARCH, QUERY, tokens["Token"])) == ("error", ["AUTH-012"])
    assert status(call(anonymous, SEARCH, QUERY, fresh["Token"]))[0] == "success"
    late = call(anonymous, "/v1/session/RenewSession", renew_body, tokens["SecureToken"])
    assert status(late) == ("error", ["FailedToRenewToken"])


def test_application_session_and_offerings(
    anonymous: Any, demo: DemoCredentials, services: Services
) -> None:
    body = {"SystemId": demo.api_key, "SystemPassword": demo.api_secret}
    app = call(anonymous, "/v1/session/CreateApplicationSession", body)
    assert set(app["CreateApplicationSessionResult"]) == {"Token", "TokenDurationMinutes"}
    token = app["CreateApplicationSessionResult"]["Token"]
    offerings = call(anonymous, "/v1/data/GetActiveProductOfferings", None, token)
    assert offerings["GetActiveProductOfferingsResult"] == {"ActiveProductOfferings": []}
    buyer = shopper(services, anonymous, demo, ProductTerms("premiumaccess", download_limit=5))
    login = (buyer.customer.username, buyer.password)
    user = session(anonymous, demo, login=login)["Token"]
    offerings = call(anonymous, "/v1/data/GetActiveProductOfferings", None, user)
    names = offerings["GetActiveProductOfferingsResult"]["ActiveProductOfferings"]
    assert "PremiumAccess" in names


def test_legacy_calls_count_against_the_clients_limits(
    anonymous: Any, services: Services, clock: ManualClock
) -> None:
    client, secret = services.accounts.create_client("legacy-qps", qps_limit=2, daily_limit=0)
    credentials = DemoCredentials(client.api_key, secret, "", "")
    token = session(anonymous, credentials, user=False)["Token"]
    clock.advance(timedelta(seconds=1))
    for _ in range(2):
        assert status(call(anonymous, SEARCH, QUERY, token))[0] == "success"
    refused = call(anonymous, SEARCH, QUERY, token)
    assert status(refused)[0] == "error"
    assert "Queries Per Second" in refused["ResponseHeader"]["StatusList"][0]["Message"]
    clock.advance(timedelta(seconds=1))
    assert status(call(anonymous, SEARCH, QUERY, token))[0] != "error"
    services.accounts.set_client_enabled(client.api_key, False)
    assert status(call(anonymous, SEARCH, QUERY, token)) == ("error", ["AUTH-012"])


def test_repeated_bad_credentials_wait_under_their_own_codes(app: Any, services: Services) -> None:
    client, secret = services.accounts.create_client("legacy-guessed")
    services.accounts.create_customer("legacy-guessed", "right")
    system = {"SystemId": client.api_key, "SystemPassword": secret}
    user = {**system, "UserName": "legacy-guessed", "UserPassword": "right"}
    guesser, other, third = (
        TestClient(app, client=(f"198.51.100.{n}", 50_000)) for n in (31, 32, 33)
    )
    for _ in range(LIMIT):
        document = call(guesser, CREATE, {**user, "UserPassword": "guess"})
        assert status(document) == ("error", ["InvalidUsernameOrPassword"])
    refused = call(other, CREATE, user)
    assert status(refused) == ("error", ["InvalidUsernameOrPassword"])
    assert _message(refused).startswith("Too many failed attempts for this username; try again")
    assert refused["CreateSessionResult"] is None
    refused = call(guesser, CREATE, system)  # the address waits too, whatever it presents
    assert status(refused) == ("error", ["InvalidSystemIdOrPassword"])
    assert "from this address" in _message(refused)
    assert status(call(other, CREATE, system))[0] == "success"
    for _ in range(LIMIT):
        document = call(third, CREATE, {**system, "SystemPassword": "guess"})
        assert status(document) == ("error", ["InvalidSystemIdOrPassword"])
    refused = call(other, "/v1/session/CreateApplicationSession", system)
    assert status(refused) == ("error", ["InvalidSystemIdOrPassword"])
    assert "for this API client" in _message(refused)


def _message(document: dict[str, Any]) -> str:
    message: str = document["ResponseHeader"]["StatusList"][0]["Message"]
    return message
