"""What the token endpoint's credential checks cost and when they refuse, over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from types import SimpleNamespace

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from photobank.accounts.attempts import LIMIT
from photobank.accounts.models import ApiClient, Customer
from photobank.accounts.service import AccountService
from photobank.auth.oauth2 import token_endpoint
from photobank.auth.tokens import TokenService
from photobank.clock import ManualClock
from photobank.config import Settings

pytestmark = pytest.mark.anyio

GRANT = {"grant_type": "client_credentials", "client_id": "app-key", "client_secret": "app-secret"}
PASSWORD = {**GRANT, "grant_type": "password", "username": "ann", "password": "ann-password"}
Connect = Callable[[str], httpx.AsyncClient]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def connect(
    accounts: AccountService,
    tokens: TokenService,
    settings: Settings,
    api_client: ApiClient,
    customer: Customer,
) -> AsyncIterator[Connect]:
    """Clients of one token endpoint, each calling from the address it is given."""
    endpoint = token_endpoint(SimpleNamespace(accounts=accounts, tokens=tokens, settings=settings))
    app = Starlette(routes=[Route("/oauth2/token", endpoint, methods=["POST"])])
    opened: list[httpx.AsyncClient] = []

    def from_address(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40_000))
        opened.append(httpx.AsyncClient(transport=transport, base_url="https://photobank.test"))
        return opened[-1]

    yield from_address
    for http in opened:
        await http.aclose()


async def test_a_second_grant_runs_no_argon2(connect: Connect, argon2_checks: list[str]) -> None:
    http = connect("198.51.100.7")
    for form in (GRANT, GRANT, PASSWORD, PASSWORD, GRANT):
        response = await http.post("/oauth2/token", data=form)
        assert response.status_code == 200, response.text
    assert argon2_checks == ["app-secret", "ann-password"]


async def test_rotation_and_disabling_refuse_the_old_secret_at_once(
    connect: Connect, accounts: AccountService
) -> None:
    http = connect("198.51.100.7")
    assert (await http.post("/oauth2/token", data=GRANT)).status_code == 200
    new_secret = accounts.rotate_secret("app-key")
    refused = await http.post("/oauth2/token", data=GRANT)
    assert (refused.status_code, refused.json()["error"]) == (401, "invalid_client")
    rotated = {**GRANT, "client_secret": new_secret}
    assert (await http.post("/oauth2/token", data=rotated)).status_code == 200
    accounts.set_client_enabled("app-key", False)
    assert (await http.post("/oauth2/token", data=rotated)).status_code == 401
    accounts.set_client_enabled("app-key", True)
    accounts.set_customer_enabled("ann", False)
    password = {**PASSWORD, "client_secret": new_secret}
    assert (await http.post("/oauth2/token", data=password)).json()["error"] == "invalid_grant"


async def test_the_11th_bad_secret_waits_for_the_window(
    connect: Connect, clock: ManualClock, argon2_checks: list[str]
) -> None:
    http = connect("198.51.100.7")
    for _ in range(LIMIT):
        response = await http.post("/oauth2/token", data={**GRANT, "client_secret": "guess"})
        assert response.status_code == 401
    refused = await http.post("/oauth2/token", data=GRANT)
    assert refused.status_code == 401
    assert refused.json() == {
        "error": "invalid_client",
        "error_description": "Too many failed attempts for this API client;"
        " try again in 60 seconds.",
    }
    assert refused.headers["retry-after"] == "60"
    assert len(argon2_checks) == LIMIT
    clock.advance(timedelta(seconds=60))
    assert (await http.post("/oauth2/token", data=GRANT)).status_code == 200


async def test_the_11th_bad_password_is_refused_and_others_get_in(
    connect: Connect, accounts: AccountService
) -> None:
    accounts.create_client("Other", api_key="other-key", secret="other-secret")
    guesser, elsewhere = connect("198.51.100.7"), connect("203.0.113.9")
    for _ in range(LIMIT):
        response = await guesser.post("/oauth2/token", data={**PASSWORD, "password": "guess"})
        assert response.json()["error"] == "invalid_grant"
    # The username waits, from wherever its right password comes ...
    refused = await elsewhere.post("/oauth2/token", data=PASSWORD)
    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_grant")
    assert refused.json()["error_description"].startswith("Too many failed attempts for this user")
    assert refused.headers["retry-after"] == "60"
    # ... the guesser's address waits, whatever it presents ...
    other = {**GRANT, "client_id": "other-key", "client_secret": "other-secret"}
    refused = await guesser.post("/oauth2/token", data=other)
    assert (refused.status_code, refused.json()["error"]) == (401, "invalid_client")
    assert "from this address" in refused.json()["error_description"]
    # ... and everyone else gets in, the guessed-through client too.
    assert (await elsewhere.post("/oauth2/token", data=other)).status_code == 200
    assert (await elsewhere.post("/oauth2/token", data=GRANT)).status_code == 200
