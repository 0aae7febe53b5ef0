"""API clients, customers' products and watermark rules from the console."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from tests.web.console.conftest import Console, post


def _shown(html: str, element: str) -> str:
    found = re.search(rf'id="{element}">([^<]*)<', html)
    assert found, element
    return found.group(1)


def _secret_works(console: Console, key: str, secret: str) -> bool:
    accounts = console.services.accounts
    client = accounts.get_client_by_key(key)
    return client is not None and accounts.verify_client_secret(client, secret)


def test_a_new_client_key_works_and_its_rotated_secret_is_shown_once(console: Console) -> None:
    operator = console.operator()
    made = post(operator, "/console/clients", "/console/clients", name="Brand site", qps="5")
    assert made.status_code == 201 and "shown only this once" in made.text
    key, secret = _shown(made.text, "api-key"), _shown(made.text, "api-secret")
    assert _secret_works(console, key, secret)
    search = TestClient(console.app, base_url="https://photobank.test")  # type: ignore[arg-type]
    assert search.get("/v3/search/images", headers={"Api-Key": key}).status_code == 200
    page = f"/console/clients/{key}"
    listed = operator.get("/console/clients").text
    assert "Brand site" in listed and secret not in listed and secret not in operator.get(page).text
    rotated = post(operator, page, f"{page}/rotate")
    fresh = _shown(rotated.text, "api-secret")
    assert fresh != secret and "previous one has stopped working" in rotated.text
    assert not _secret_works(console, key, secret)


def test_limits_enabling_and_redirect_uris(console: Console) -> None:
    operator = console.operator()
    made = post(operator, "/console/clients", "/console/clients", name="App")
    key = _shown(made.text, "api-key")
    page = f"/console/clients/{key}"
    post(operator, page, f"{page}/limits", qps="7", daily="1000")
    shown = operator.get(page).text
    assert 'name="qps" inputmode="numeric" pattern="[0-9]*" value="7"' in shown
    post(operator, page, f"{page}/enabled", enabled="false")
    assert _shown(operator.get(page).text, "client-state") == "disabled"
    search = TestClient(console.app, base_url="https://photobank.test")  # type: ignore[arg-type]
    assert search.get("/v3/search/images", headers={"Api-Key": key}).status_code == 403
    post(operator, page, f"{page}/redirect-uris", uri="https://app.example.com/cb")
    assert "https://app.example.com/cb" in operator.get(page).text
    refused = post(operator, page, f"{page}/redirect-uris", uri="ftp://x")
    assert refused.status_code == 400 and 'role="alert"' in refused.text
    post(operator, page, f"{page}/redirect-uris/remove", uri="https://app.example.com/cb")
    assert "https://app.example.com/cb" not in operator.get(page).text
    assert post(operator, page, f"{page}/limits", qps="many").status_code == 400
    assert operator.get("/console/clients/nobody").status_code == 404


def test_a_client_is_given_to_a_customer_account_and_taken_back(console: Console) -> None:
    operator = console.operator()
    made = post(operator, "/console/clients", "/console/clients", name="Kiosk")
    key = _shown(made.text, "api-key")
    page = f"/console/clients/{key}"
    assert "Belongs to no customer." in operator.get(page).text
    console.services.accounts.create_customer("kiosk-owner", "kiosk-owner-password")
    post(operator, page, f"{page}/account", username="kiosk-owner")
    assert "Belongs to" in _account(operator.get(page).text)
    assert "kiosk-owner" in _account(operator.get(page).text)
    unknown = post(operator, page, f"{page}/account", username="nobody-at-all")
    assert unknown.status_code == 404 and "nobody-at-all" in unknown.text
    post(operator, page, f"{page}/account", username="")
    assert "Belongs to no customer." in operator.get(page).text


def _account(html: str) -> str:
    found = re.search(r'<p id="account">(.*?)</p>', html)
    assert found
    return found.group(1)


def test_a_customer_is_created_and_granted_a_product(console: Console) -> None:
    operator = console.operator()
    made = post(operator, "/console/customers", "/console/customers", username="sam",
                password="correct horse 9", first_name="Sam")  # fmt: skip
    assert made.headers["location"] == "/console/customers/sam"
    page = "/console/customers/sam"
    assert "No products" in operator.get(page).text
    post(operator, page, f"{page}/products", type="imagepack", limit="25", duration="")
    shown = operator.get(page).text
    assert "25 of 25 downloads" in shown and "Image Pack" in shown
    bad = post(operator, page, f"{page}/products", type="creditpack")
    assert bad.status_code == 400 and "credits" in bad.text
    assert post(operator, page, f"{page}/products", type="imagepack",
                expires="soon").status_code == 400  # fmt: skip
    assert operator.get("/console/customers/nobody").status_code == 404


def test_watermark_rules_are_set_and_removed(console: Console) -> None:
    operator = console.operator()
    page = "/console/watermarks"
    post(operator, page, page, scope="global", family="creative", size="comp", watermarked="false")
    [rule] = console.services.watermarks.rules()
    assert (rule.scope, rule.asset_family, rule.size, rule.watermarked) == (
        "global", "creative", "comp", False)  # fmt: skip
    assert "clean" in operator.get(page).text
    post(operator, page, f"{page}/remove", scope="global", family="creative", size="comp")
    assert console.services.watermarks.rules() == []
    assert post(operator, page, page, scope="client:nope", watermarked="true").status_code == 404
    assert post(operator, page, page, scope="global", size="huge",
                watermarked="true").status_code == 400  # fmt: skip
