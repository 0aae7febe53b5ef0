"""The OAuth2 sign-in flows, driven as a browser and a client application would.

The server is this module's own (an empty catalog): tests here move its clock.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from photobank.app import create_app
from photobank.auth.authorize import AUTHORIZE_PATHS
from photobank.auth.descriptions import quoted
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from tests.conftest import SECURE_BASE, START, ContractClient
from tests.deployment import deployed
from tests.shoppers import new_customer

CALLBACK = "https://app.example/callback"
STATE = "xyz/ä &=?#"  # a state that needs escaping everywhere it travels
_SERIAL = itertools.count()


class _Form(HTMLParser):
    """The inputs of the sign-in page, and whether each visible one has a label."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.labelled: set[str] = set()
        self.visible: set[str] = set()
        self.action = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.action = found["action"]
        elif tag == "label":
            self.labelled.add(found["for"])
        elif tag == "input":
            self.fields[found["name"]] = found.get("value", "")
            if found.get("type") != "hidden":
                self.visible.add(found["id"])


class App:
    """A client application registered with redirect URIs."""

    def __init__(self, server: Services, *uris: str, grants: tuple[str, ...] = ()) -> None:
        self.key = f"signin-{next(_SERIAL)}"
        self.secret = f"{self.key}-secret"
        extra: dict[str, Any] = {"grant_types": grants} if grants else {}
        server.accounts.create_client("Photo App", api_key=self.key, secret=self.secret, **extra)
        for uri in uris:
            server.accounts.redirect_uris.register(self.key, uri)

    def params(self, response_type: str = "code", **extra: str) -> dict[str, str]:
        found = {"response_type": response_type, "client_id": self.key}
        found.update(redirect_uri=CALLBACK, state=STATE)
        found.update(extra)
        return found

    def exchange(self, browser: ContractClient, code: str, **extra: str) -> Any:
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
        form.update(client_id=self.key, client_secret=self.secret)
        form.update(extra)
        return browser.post("/oauth2/token", data=form)


@pytest.fixture(scope="module")
def server_clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, server_clock: ManualClock
) -> Iterator[Services]:
    settings = deployed(data_dir=tmp_path_factory.mktemp("signin"), hash_cost="fast")
    built = build_services(settings, server_clock)
    yield built
    built.close()


@pytest.fixture(scope="module")
def app(server: Services) -> Any:
    return create_app(server.settings, server)


@pytest.fixture
def browser(app: Any) -> ContractClient:
    """A browser of its own (cookies), on TLS, that shows each redirect."""
    return ContractClient(app, base_url=SECURE_BASE, follow_redirects=False)


@pytest.fixture
def photo_app(server: Services) -> App:
    return App(server, CALLBACK)


@pytest.fixture
def person(server: Services) -> tuple[str, str]:
    customer, password = new_customer(server, "Ada", "Lovelace")
    return customer.username, password


def open_form(browser: ContractClient, params: dict[str, str], path: str = "/oauth2/auth") -> _Form:
    response = browser.get(path, params=params)
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith("/oauth2/sign-in?")
    page = browser.get(location)
    assert page.status_code == 200
    return _Form(page.text)


def submit(browser: ContractClient, form: _Form, username: str, password: str, **extra: str) -> Any:
    data = {**form.fields, "username": username, "password": password, "action": "sign_in"}
    data.update(extra)
    return browser.post(form.action, data=data)


def redirected(response: Any, *, fragment: bool = False) -> dict[str, str]:
    """The parameters the client's redirect URI received (each once)."""
    assert response.status_code == 302, response.text
    parts = urlsplit(response.headers["location"])
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    values = parse_qs(parts.fragment if fragment else parts.query, keep_blank_values=True)
    assert all(len(v) == 1 for v in values.values())
    return {name: v[0] for name, v in values.items()}


@pytest.mark.parametrize("path", AUTHORIZE_PATHS)
def test_every_authorization_path_leads_to_the_sign_in_page(
    browser: ContractClient, photo_app: App, path: str
) -> None:
    form = open_form(browser, photo_app.params(), path)
    assert form.fields["state"] == STATE and form.fields["redirect_uri"] == CALLBACK


def test_the_sign_in_page_is_self_contained_and_accessible(
    browser: ContractClient, photo_app: App
) -> None:
    page = browser.get(browser.get("/oauth2/auth", params=photo_app.params()).headers["location"])
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    assert '<html lang="en">' in page.text and "Photo App" in page.text
    assert not any(marker in page.text for marker in ("src=", "<link", "<script", "http://"))
    form = _Form(page.text)
    assert form.visible == {"username", "password"} <= form.labelled


@pytest.mark.parametrize(
    "uri",
    [
        CALLBACK + "/",
        CALLBACK + "/more",
        CALLBACK + "?next=1",
        CALLBACK[:-1],
        "https://APP.example/callback",
        "https://app.example:443/callback",
        "https://evil.example/callback",
    ],
)
def test_an_unregistered_redirect_uri_is_an_error_page(
    browser: ContractClient, photo_app: App, uri: str
) -> None:
    response = browser.get("/oauth2/auth", params=photo_app.params(redirect_uri=uri))
    assert response.status_code == 400 and "location" not in response.headers
    assert "is not registered for this client" in response.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"response_type": "code", "redirect_uri": CALLBACK}, "Missing &#x27;client_id&#x27;"),
        (
            {"response_type": "token", "client_id": "nobody", "redirect_uri": CALLBACK},
            "unknown or disabled",
        ),
        (
            {"response_type": "code", "client_id": "nobody", "redirect_uri": CALLBACK},
            "does not exist",
        ),
    ],
)
def test_an_unknown_client_is_an_error_page(
    browser: ContractClient, params: dict[str, str], message: str
) -> None:
    response = browser.get("/oauth2/auth", params=params)
    assert response.status_code == 400 and "location" not in response.headers
    assert message in response.text


def test_a_missing_redirect_uri_means_the_only_registered_one(
    browser: ContractClient, server: Services, photo_app: App
) -> None:
    params = photo_app.params()
    del params["redirect_uri"]
    assert browser.get("/oauth2/auth", params=params).status_code == 302
    server.accounts.redirect_uris.register(photo_app.key, "https://app.example/other")
    response = browser.get("/oauth2/auth", params=params)
    assert response.status_code == 400 and "Missing &#x27;redirect_uri&#x27;" in response.text


@pytest.mark.parametrize("value", ["co\x00de", "cödé", 'co"de', "co\\de"])
@pytest.mark.parametrize("name", ["response_type", "redirect_uri"])
def test_text_an_error_description_cannot_hold_is_quoted_not_a_server_error(
    browser: ContractClient, photo_app: App, name: str, value: str
) -> None:
    for path in ("/oauth2/auth", "/oauth2/sign-in"):
        response = browser.get(path, params=photo_app.params(**{name: value}))
        assert response.status_code == 400 and "location" not in response.headers
        assert quoted(value) in response.text and quoted(value) != value


ODD = ("\x00", "\u00e9\u2603", '"\\', "x" * 5000, "%00", "../..")


@pytest.mark.parametrize("name", ["response_type", "client_id", "redirect_uri"])
@pytest.mark.parametrize("path", [*AUTHORIZE_PATHS, "/oauth2/sign-in"])
def test_odd_authorization_requests_are_error_pages(
    browser: ContractClient, photo_app: App, path: str, name: str
) -> None:
    """An error page, or (genuine client and redirect URI) the error sent back to it."""
    for value in ODD:
        response = browser.get(path, params=photo_app.params(**{name: value}))
        if response.status_code == 302:
            assert redirected(response)["error"]
            continue
        assert 400 <= response.status_code < 500 and "location" not in response.headers
        assert response.headers["content-type"].startswith("text/html")


def test_a_bad_sign_in_post_is_an_error_page(browser: ContractClient) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for raw in (b"\xff\xfe", b"username=%00&password=" + b"x" * 5000, b"&" * 5000, b""):
        response = browser.post("/oauth2/sign-in", content=raw, headers=form)
        assert 400 <= response.status_code < 500, response.text
        assert response.headers["content-type"].startswith("text/html")


def test_other_errors_go_back_to_the_client(
    browser: ContractClient, server: Services, photo_app: App
) -> None:
    unknown = redirected(browser.get("/oauth2/auth", params=photo_app.params("id_token")))
    assert (unknown["error"], unknown["state"]) == ("unsupported_response_type", STATE)
    assert "'id_token'" in unknown["error_description"]
    sandbox = App(server, CALLBACK, grants=("client_credentials",))
    refused = redirected(browser.get("/oauth2/auth", params=sandbox.params("token")), fragment=True)
    assert (refused["error"], refused["state"]) == ("unauthorized_client", STATE)


def test_cancelling_denies_access(browser: ContractClient, photo_app: App) -> None:
    form = open_form(browser, photo_app.params())
    back = redirected(submit(browser, form, "", "", action="cancel"))
    assert (back["error"], back["state"]) == ("access_denied", STATE)


def test_a_wrong_password_shows_the_form_again(
    browser: ContractClient, photo_app: App, person: tuple[str, str]
) -> None:
    form = open_form(browser, photo_app.params())
    again = submit(browser, form, person[0], "not-the-password")
    assert again.status_code == 200 and "location" not in again.headers
    assert 'role="alert"' in again.text and "Wrong username or password" in again.text
    retry = _Form(again.text)
    assert retry.fields["username"] == person[0] and retry.fields["password"] == ""
    assert "code" in redirected(submit(browser, retry, *person))


def test_the_form_needs_its_csrf_token_and_cookie(
    app: Any, browser: ContractClient, photo_app: App, person: tuple[str, str]
) -> None:
    form = open_form(browser, photo_app.params())
    forged = submit(browser, form, *person, csrf_token="forged")
    assert forged.status_code == 403 and "location" not in forged.headers
    other_browser = ContractClient(app, base_url=SECURE_BASE, follow_redirects=False)
    cross_site = submit(other_browser, form, *person)  # the token without its cookie
    assert cross_site.status_code == 403 and "expired" in cross_site.text
    assert "code" in redirected(submit(browser, form, *person))


def test_signing_in_needs_a_secure_connection(app: Any, photo_app: App) -> None:
    plain = ContractClient(app, base_url="http://photobank.test", follow_redirects=False)
    query = urlencode(photo_app.params())
    for response in (
        plain.get(f"/oauth2/auth?{query}"),
        plain.get(f"/oauth2/sign-in?{query}"),
        plain.post("/oauth2/sign-in", data=photo_app.params()),
    ):
        assert response.status_code == 400 and "location" not in response.headers
        assert "secure connection" in response.text
