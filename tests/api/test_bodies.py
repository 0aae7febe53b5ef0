"""Every route that takes a body refuses one beyond its limit, in its own wire form."""

from __future__ import annotations

from collections.abc import Iterator

from photobank.api.bodies import JSON_BODY_LIMIT
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from tests.conftest import ContractClient, grant_form
from tests.shoppers import shopper

OVER = b"[" + b" " * JSON_BODY_LIMIT + b"]"


def _chunks() -> Iterator[bytes]:
    """The same body without a Content-Length: counted as it arrives."""
    yield OVER[:1000]
    yield OVER[1000:]


def test_v3_json_bodies_beyond_the_limit_are_a_400_naming_the_body(
    client: ContractClient, services: Services, demo: DemoCredentials
) -> None:
    who = shopper(services, client, demo)
    created = client.post("/v3/boards", json={"name": "Big"}, headers=who.headers)
    board = created.json()["id"]
    headers = {**who.headers, "Content-Type": "application/json"}
    for url, method in (("/v3/boards", "POST"), (f"/v3/boards/{board}/assets", "PUT")):
        for body in (OVER, _chunks()):
            response = client.request(method, url, content=body, headers=headers)
            assert response.status_code == 400, response.text
            assert "body" in response.json()["ErrorMessage"]
    assert client.get(f"/v3/boards/{board}", headers=who.headers).status_code == 200


def test_a_token_request_beyond_the_limit_is_an_oauth2_error(
    client: ContractClient, demo: DemoCredentials
) -> None:
    form = grant_form(demo, "client_credentials")
    padded = "&".join(f"{k}={v}" for k, v in form.items()) + "&pad=" + "x" * 100_000
    response = client.post(
        "https://testserver/oauth2/token",
        content=padded,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
