import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from photobank.accounts.models import ApiClient, Customer
from photobank.accounts.service import AccountService
from photobank.auth.oauth2 import TOKEN_PATHS, token_endpoint
from photobank.auth.tokens import TokenService
from photobank.clock import ManualClock
from photobank.config import Settings

pytestmark = pytest.mark.anyio

APP = {"client_id": "app-key", "client_secret": "app-secret"}
CLIENT_CREDENTIALS = {**APP, "grant_type": "client_credentials"}
PASSWORD = {**APP, "grant_type": "password", "username": "ann", "password": "ann-password"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def http(
    accounts: AccountService,
    tokens: TokenService,
    settings: Settings,
    api_client: ApiClient,
    customer: Customer,
) -> AsyncIterator[httpx.AsyncClient]:
    accounts.create_client(
        "Sandbox",
        api_key="sandbox-key",
        secret="sandbox-secret",
        grant_types=["client_credentials"],
    )
    accounts.create_client("Off", api_key="off-key", secret="off-secret")
    accounts.set_client_enabled("off-key", False)
    endpoint = token_endpoint(SimpleNamespace(accounts=accounts, tokens=tokens, settings=settings))
    app = Starlette(routes=[Route(path, endpoint, methods=["POST"]) for path in TOKEN_PATHS])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://photobank.test") as http:
        yield http


async def _token(http: httpx.AsyncClient, form: dict[str, str], path: str = "/oauth2/token") -> str:
    response = await http.post(path, data=form)
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _assert_token_headers(response: httpx.Response) -> None:
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("path", TOKEN_PATHS)
async def test_client_credentials_grant(
    http: httpx.AsyncClient, tokens: TokenService, api_client: ApiClient, path: str
) -> None:
    response = await http.post(path, data=CLIENT_CREDENTIALS)
    assert response.status_code == 200
    _assert_token_headers(response)
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert (body["token_type"], body["expires_in"]) == ("Bearer", "1800")
    info = tokens.resolve_access(body["access_token"])
    assert (info.client_id, info.customer_id) == (api_client.id, None)


async def test_password_grant_adds_a_refresh_token(
    http: httpx.AsyncClient, tokens: TokenService, customer: Customer
) -> None:
    response = await http.post("/oauth2/token", data=PASSWORD)
    assert response.status_code == 200
    _assert_token_headers(response)
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert (body["token_type"], body["expires_in"]) == ("Bearer", "1800")
    assert tokens.resolve_access(body["access_token"]).customer_id == customer.id


async def test_refresh_grant_works_again_and_again(
    http: httpx.AsyncClient, tokens: TokenService, customer: Customer, clock: ManualClock
) -> None:
    refresh = (await http.post("/oauth2/token", data=PASSWORD)).json()["refresh_token"]
    for _ in range(3):
        clock.advance(timedelta(minutes=31))
        response = await http.post(
            "/oauth2/token", data={**APP, "grant_type": "refresh_token", "refresh_token": refresh}
        )
        assert response.status_code == 200, response.text
        _assert_token_headers(response)
        body = response.json()
        assert set(body) == {"access_token", "token_type", "expires_in"}
        assert (body["token_type"], body["expires_in"]) == ("Bearer", "1800")
        assert tokens.resolve_access(body["access_token"]).customer_id == customer.id


async def test_form_field_order_does_not_matter(http: httpx.AsyncClient) -> None:
    refresh = (await http.post("/oauth2/token", data=PASSWORD)).json()["refresh_token"]
    forms = [
        [("password", "ann-password"), ("grant_type", "password"), ("username", "ann")],
        [("refresh_token", refresh), ("grant_type", "refresh_token")],
        [("grant_type", "client_credentials")],
    ]
    for fields in forms:
        body = urlencode([*fields, ("client_secret", "app-secret"), ("client_id", "app-key")])
        response = await http.post(
            "/oauth2/token",
            content=body,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 200, (fields, response.text)


async def test_client_may_authenticate_with_http_basic(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/oauth2/token", data={"grant_type": "client_credentials"}, auth=("app-key", "app-secret")
    )
    assert response.status_code == 200, response.text


async def test_password_grant_without_refresh_grant_gives_no_refresh_token(
    http: httpx.AsyncClient, accounts: AccountService
) -> None:
    accounts.create_client(
        "NoRefresh", api_key="k2", secret="s2", grant_types=["password", "client_credentials"]
    )
    form = {**PASSWORD, "client_id": "k2", "client_secret": "s2"}
    body = (await http.post("/oauth2/token", data=form)).json()
    assert "refresh_token" not in body


@pytest.mark.parametrize(
    ("form", "status", "error", "description"),
    [
        ({**CLIENT_CREDENTIALS, "client_id": "nope"}, 401, "invalid_client", "unknown"),
        ({**CLIENT_CREDENTIALS, "client_secret": "nope"}, 401, "invalid_client", "wrong"),
        ({**CLIENT_CREDENTIALS, "client_id": "off-key"}, 401, "invalid_client", "disabled"),
        ({"grant_type": "client_credentials"}, 401, "invalid_client", "client_id"),
        ({"grant_type": "password", "client_id": "app-key"}, 401, "invalid_client", "secret"),
        (APP, 400, "invalid_request", "grant_type"),
        ({**APP, "grant_type": "implicit"}, 400, "unsupported_grant_type", "grant"),
        ({**APP, "grant_type": "authorization_code"}, 400, "invalid_request", "'code'"),
        ({**APP, "grant_type": "nonsense"}, 400, "unsupported_grant_type", "nonsense"),
        (
            {**PASSWORD, "client_id": "sandbox-key", "client_secret": "sandbox-secret"},
            400,
            "unauthorized_client",
            "grant_type=password",
        ),
        ({**APP, "grant_type": "password", "password": "x"}, 400, "invalid_request", "username"),
        ({**APP, "grant_type": "password", "username": "ann"}, 400, "invalid_request", "password"),
        ({**PASSWORD, "password": "wrong"}, 400, "invalid_grant", "password"),
        ({**PASSWORD, "username": "bob"}, 400, "invalid_grant", "username"),
        ({**APP, "grant_type": "refresh_token"}, 400, "invalid_request", "refresh_token"),
        (
            {**APP, "grant_type": "refresh_token", "refresh_token": "nope"},
            400,
            "invalid_grant",
            "refresh token",
        ),
    ],
)
async def test_token_errors(
    http: httpx.AsyncClient, form: dict[str, str], status: int, error: str, description: str
) -> None:
    response = await http.post("/oauth2/token", data=form)
    _assert_error(response, status, error, description)


@pytest.mark.parametrize(
    ("content", "headers", "status", "error"),
    [
        (b"grant_type=client_credentials&grant_type=password", {}, 400, "invalid_request"),
        (b"grant_type=\xff\xfe", {}, 400, "invalid_request"),
        (b"grant_type=password&%C3%A9=1&%C3%A9=2", {}, 400, "invalid_request"),
        (b"grant_type=password&%00=1&%00=2", {}, 400, "invalid_request"),
        (b"x=" + b"a" * 20_000, {}, 400, "invalid_request"),
        (
            b"grant_type=client_credentials",
            {"authorization": "Basic bm8tY29sb24="},  # "no-colon"
            401,
            "invalid_client",
        ),
    ],
)
async def test_malformed_requests(
    http: httpx.AsyncClient, content: bytes, headers: dict[str, str], status: int, error: str
) -> None:
    response = await http.post("/oauth2/token", content=content, headers=headers)
    _assert_error(response, status, error, "")


async def test_refresh_token_of_another_client_is_an_invalid_grant(
    http: httpx.AsyncClient, accounts: AccountService
) -> None:
    refresh = (await http.post("/oauth2/token", data=PASSWORD)).json()["refresh_token"]
    accounts.create_client("Other", api_key="other-key", secret="other-secret")
    form = {
        "client_id": "other-key",
        "client_secret": "other-secret",
        "grant_type": "refresh_token",
        "refresh_token": refresh,
    }
    _assert_error(await http.post("/oauth2/token", data=form), 400, "invalid_grant", "another")


async def test_password_change_revokes_refresh_tokens(
    http: httpx.AsyncClient, accounts: AccountService
) -> None:
    refresh = (await http.post("/oauth2/token", data=PASSWORD)).json()["refresh_token"]
    accounts.set_password("ann", "new-password")
    form = {**APP, "grant_type": "refresh_token", "refresh_token": refresh}
    _assert_error(await http.post("/oauth2/token", data=form), 400, "invalid_grant", "revoked")
    await _token(http, {**PASSWORD, "password": "new-password"})


async def test_disabled_customer_cannot_refresh(
    http: httpx.AsyncClient, accounts: AccountService
) -> None:
    refresh = (await http.post("/oauth2/token", data=PASSWORD)).json()["refresh_token"]
    accounts.set_customer_enabled("ann", False)
    form = {**APP, "grant_type": "refresh_token", "refresh_token": refresh}
    _assert_error(await http.post("/oauth2/token", data=form), 400, "invalid_grant", "disabled")


async def test_rotated_secret_replaces_the_old_one(
    http: httpx.AsyncClient, accounts: AccountService
) -> None:
    new_secret = accounts.rotate_secret("app-key")
    _assert_error(
        await http.post("/oauth2/token", data=CLIENT_CREDENTIALS), 401, "invalid_client", ""
    )
    await _token(http, {**CLIENT_CREDENTIALS, "client_secret": new_secret})


def _assert_error(response: httpx.Response, status: int, error: str, description: str) -> None:
    assert response.status_code == status, response.text
    _assert_token_headers(response)
    body = response.json()
    assert body["error"] == error
    assert body["error_description"]
    assert description.lower() in body["error_description"].lower()
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Basic ")


async def test_tokens_stay_out_of_debug_logs(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = (await http.post("/oauth2/token", data=PASSWORD)).json()
    assert body["access_token"] not in caplog.text
    assert body["refresh_token"] not in caplog.text


ODD = ("", "\x00", "\u00e9\u2603", '"\\', "x" * 5000, "%00", "../..")


@pytest.mark.parametrize("field", ["grant_type", "client_id", "client_secret", "username"])
async def test_odd_form_values_are_oauth_errors(http: httpx.AsyncClient, field: str) -> None:
    for value in (*ODD, "password" if field == "username" else "x"):
        _assert_refused(await http.post("/oauth2/token", data={**PASSWORD, field: value}))


@pytest.mark.parametrize(
    "content",
    [b"&" * 5000, b'{"grant_type": "password"}', b"grant_type=%E2%98%83", b"grant_type=%00"],
)
@pytest.mark.parametrize("authorization", [None, "Basic %%%", "Basic /w==", "Basic " + "x" * 5000])
async def test_malformed_bodies_and_basic_credentials_are_oauth_errors(
    http: httpx.AsyncClient, content: bytes, authorization: str | None
) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if authorization:
        headers["Authorization"] = authorization
    _assert_refused(await http.post("/oauth2/token", content=content, headers=headers))


def _assert_refused(response: httpx.Response) -> None:
    """Some RFC 6749 error: a 4xx with its body and headers."""
    assert 400 <= response.status_code < 500, response.text
    _assert_error(response, response.status_code, response.json()["error"], "")
