"""``GET /v3/products`` and ``GET /v3/customers/current``."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.emulator.fixture_loader import FixtureLoader
from photobank.emulator.fixtures import validate_fixture
from photobank.licensing.products import ProductTerms
from tests.conftest import ContractClient
from tests.shoppers import new_customer, shopper, sign_in

EXPIRY = datetime(2027, 3, 1, tzinfo=UTC)


def test_products_carry_the_schema_fields(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    who = shopper(
        services,
        client,
        demo,
        ProductTerms(
            "premiumaccess",
            download_limit=100,
            limit_duration="month",
            overage_limit=10,
            expires_at=EXPIRY,
            agreement_name="PA 2026",
            application_website="https://example.com",
            project_code_required=True,
            project_codes=("Q3", "Q4"),
        ),
        ProductTerms("creditpack", credits=40, team_credits=10),
    )
    body = client.get("/v3/products", headers=who.headers).json()
    premium, credits = body["products"]
    assert premium["id"] == who.products[0].id
    assert (premium["type"], premium["status"], premium["agreement_name"]) == (
        "premiumaccess",
        "active",
        "PA 2026",
    )
    assert (premium["download_limit"], premium["downloads_remaining"]) == (100, 100)
    assert premium["download_limit_duration"] == "month"
    assert premium["download_limit_reset_utc_date"] == "2026-07-01T00:00:00Z"
    assert premium["expiration_utc_date"] == "2027-03-01T00:00:00Z"
    assert premium["overage"] == {
        "count": 0,
        "limit": 10,
        "overages_reached": False,
        "remaining": 10,
    }
    assert "download_requirements" not in premium
    assert (credits["credits_remaining"], credits["team_credits"]) == (40, 10)
    assert credits["downloads_remaining"] is None and "overage" not in credits
    detailed = client.get("/v3/products?fields=download_requirements", headers=who.headers).json()[
        "products"
    ][0]
    assert detailed["download_requirements"] == {
        "is_note_required": False,
        "is_project_code_required": True,
        "project_codes": ["Q3", "Q4"],
    }


def test_a_customer_sees_only_their_own_products(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    one = shopper(services, client, demo, ProductTerms("imagepack", download_limit=3))
    two = shopper(services, client, demo)
    assert [
        p["id"] for p in client.get("/v3/products", headers=one.headers).json()["products"]
    ] == [one.products[0].id]
    assert client.get("/v3/products", headers=two.headers).json() == {"products": []}


def test_bad_fields_are_invalid_request_parameters(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    who = shopper(services, client, demo)
    response = client.get("/v3/products?fields=price", headers=who.headers)
    assert response.status_code == 400
    assert response.json()["ErrorCode"] == "InvalidRequestParameters"
    assert "'fields'" in response.json()["ErrorMessage"]


def test_current_customer(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    who = shopper(services, client, demo)
    body = client.get("/v3/customers/current", headers=who.headers).json()
    assert body == {"first_name": "Pat", "middle_name": None, "last_name": "Buyer"}


@pytest.mark.parametrize("path", ["/v3/products", "/v3/customers/current"])
def test_a_user_token_is_needed(client: ContractClient, app_token: str, path: str) -> None:
    missing = client.get(path)
    assert (missing.status_code, missing.json()["ErrorCode"]) == (401, "Unauthorized")
    app_only = client.get(path, headers={"Authorization": f"Bearer {app_token}"})
    assert (app_only.status_code, app_only.json()["ErrorCode"]) == (401, "UserTokenRequired")


def _current(client: ContractClient, headers: dict[str, str]) -> dict[str, str | None]:
    response = client.get("/v3/customers/current", headers=headers)
    assert response.status_code == 200
    body: dict[str, str | None] = response.json()
    return body


def test_current_customer_with_a_middle_name(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    username = f"middle-{os.getpid()}"
    services.accounts.create_customer(username, "pw-middle", "Mary", "Shelley", middle_name="W.")
    headers = sign_in(client, demo, username, "pw-middle")
    assert _current(client, headers) == {
        "first_name": "Mary",
        "middle_name": "W.",
        "last_name": "Shelley",
    }


def test_names_an_account_lacks_are_null(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    customer, password = new_customer(services, first="", last="")
    headers = sign_in(client, demo, customer.username, password)
    assert _current(client, headers) == {"first_name": None, "middle_name": None, "last_name": None}


def test_current_customer_loaded_from_a_fixture(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    username = f"fixture-{os.getpid()}"
    person = {"username": username, "password": "pw-fixture", "first_name": "Grace"}
    person.update(middle_name="Brewster", last_name="Hopper")
    FixtureLoader(services).load(validate_fixture({"customers": [person]}))
    headers = sign_in(client, demo, username, "pw-fixture")
    assert _current(client, headers) == {
        "first_name": "Grace",
        "middle_name": "Brewster",
        "last_name": "Hopper",
    }
