"""The redirect flows' grants: authorization codes and the implicit flow's token.

A code works once, for its client and redirect URI, and not after its time.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from photobank.auth.codes import CODE_TTL_SECONDS
from photobank.clock import ManualClock
from photobank.composition import Services
from tests.auth.test_authorize import (
    CALLBACK,
    STATE,
    App,
    app,
    browser,
    open_form,
    person,
    photo_app,
    redirected,
    server,
    server_clock,
    submit,
)
from tests.conftest import ContractClient

__all__ = ["app", "browser", "person", "photo_app", "server", "server_clock"]  # fixtures


def sign_in_for_code(browser: ContractClient, app: App, person: tuple[str, str]) -> str:
    return redirected(submit(browser, open_form(browser, app.params()), *person))["code"]


def v3_headers(app: App, token: str) -> dict[str, str]:
    return {"Api-Key": app.key, "Authorization": f"Bearer {token}"}


def test_authorization_code_flow(
    browser: ContractClient, photo_app: App, person: tuple[str, str]
) -> None:
    back = redirected(submit(browser, open_form(browser, photo_app.params()), *person))
    assert set(back) == {"code", "state"} and back["state"] == STATE
    response = photo_app.exchange(browser, back["code"])
    assert response.status_code == 200, response.text
    tokens = response.json()
    assert (tokens["token_type"], tokens["expires_in"]) == ("Bearer", "1800")
    assert tokens["refresh_token"]
    me = browser.get("/v3/customers/current", headers=v3_headers(photo_app, tokens["access_token"]))
    assert me.json() == {"first_name": "Ada", "middle_name": None, "last_name": "Lovelace"}
    refreshed = browser.post(
        "/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": photo_app.key,
            "client_secret": photo_app.secret,
        },
    )
    assert refreshed.status_code == 200


def test_implicit_flow_puts_the_token_in_the_fragment(
    browser: ContractClient, photo_app: App, person: tuple[str, str]
) -> None:
    form = open_form(browser, photo_app.params("token"))
    response = submit(browser, form, *person)
    back = redirected(response, fragment=True)
    assert urlsplit(response.headers["location"]).query == ""
    assert set(back) == {"access_token", "token_type", "expires_in", "state"}
    assert (back["token_type"], back["state"]) == ("bearer", STATE)
    products = browser.get("/v3/products", headers=v3_headers(photo_app, back["access_token"]))
    assert products.status_code == 200 and products.json() == {"products": []}


def test_a_code_works_once_and_a_replay_revokes_its_tokens(
    browser: ContractClient, photo_app: App, person: tuple[str, str]
) -> None:
    code = sign_in_for_code(browser, photo_app, person)
    tokens = photo_app.exchange(browser, code).json()
    headers = v3_headers(photo_app, tokens["access_token"])
    assert browser.get("/v3/customers/current", headers=headers).status_code == 200
    reused = photo_app.exchange(browser, code)
    assert (reused.status_code, reused.json()["error"]) == (400, "invalid_grant")
    assert "used already" in reused.json()["error_description"]
    # A replayed code was stolen: the tokens issued for it stop working (RFC 6749 §4.1.2).
    assert browser.get("/v3/customers/current", headers=headers).status_code == 401
    refresh = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    refresh.update(client_id=photo_app.key, client_secret=photo_app.secret)
    assert browser.post("/oauth2/token", data=refresh).json()["error"] == "invalid_grant"


def test_a_code_expires(
    browser: ContractClient, server_clock: ManualClock, photo_app: App, person: tuple[str, str]
) -> None:
    code = sign_in_for_code(browser, photo_app, person)
    server_clock.advance(timedelta(seconds=CODE_TTL_SECONDS + 1))
    late = photo_app.exchange(browser, code)
    assert (late.status_code, late.json()["error"]) == (400, "invalid_grant")


def test_a_code_is_bound_to_its_client_and_redirect_uri(
    browser: ContractClient, server: Services, photo_app: App, person: tuple[str, str]
) -> None:
    code = sign_in_for_code(browser, photo_app, person)
    thief = App(server, CALLBACK)
    stolen = thief.exchange(browser, code)
    assert (stolen.status_code, stolen.json()["error"]) == (400, "invalid_grant")
    elsewhere = photo_app.exchange(browser, code, redirect_uri="https://app.example/other")
    assert (elsewhere.status_code, elsewhere.json()["error"]) == (400, "invalid_grant")
    fresh = photo_app.exchange(browser, sign_in_for_code(browser, photo_app, person))
    assert fresh.status_code == 200  # its own client, the same redirect_uri: accepted


def test_the_code_exchange_needs_the_client_secret(
    browser: ContractClient, photo_app: App, person: tuple[str, str]
) -> None:
    code = sign_in_for_code(browser, photo_app, person)
    response = photo_app.exchange(browser, code, client_secret="wrong")
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")
