"""Demo accounts: fixed credentials, and customers that each pay a different way."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from photobank.composition import build_services
from photobank.demo.credentials import (
    DEMO_REDIRECT_URI,
    demo_credentials,
    demo_customers,
    ensure_demo_accounts,
)
from tests.deployment import deployed


def test_demo_customers_get_their_products_once(tmp_path: Path) -> None:
    services = build_services(deployed(data_dir=tmp_path, hash_cost="fast"))
    try:
        for _ in range(2):  # a restart must not grant again
            creds = ensure_demo_accounts(services.accounts, 42, services.licensing)
        assert creds == demo_credentials(42)
        products = services.licensing.products
        held = {
            demo.username: [p.type for p in products.products(products.customer_id(demo.username))]
            for demo in demo_customers(42)
        }
        assert held == {
            "demo": ["premiumaccess", "editorialsubscription", "aigeneration"],
            "packs": ["imagepack"],
            "credits": ["creditpack"],
        }
        for demo in demo_customers(42):
            assert services.accounts.authenticate_customer(demo.username, demo.password)
    finally:
        services.close()


def test_demo_passwords_follow_the_seed() -> None:
    assert [d.password for d in demo_customers(42)] == [
        "demo-315ca17e",
        "packs-315ca17e",
        "credits-315ca17e",
    ]


def test_the_demo_client_can_use_the_sign_in_flows(tmp_path: Path) -> None:
    services = build_services(deployed(data_dir=tmp_path, hash_cost="fast"))
    try:
        for _ in range(2):  # a restart keeps the one registration
            creds = ensure_demo_accounts(services.accounts, 42)
        registered = services.accounts.redirect_uris.of_key(creds.api_key)
        assert registered == (DEMO_REDIRECT_URI,)
    finally:
        services.close()


def test_products_a_killed_run_did_not_grant_are_granted_later(tmp_path: Path) -> None:
    services = build_services(deployed(data_dir=tmp_path, hash_cost="fast"))
    try:
        accounts, products = services.accounts, services.licensing.products
        demo, packs = demo_customers(42)[:2]
        for customer in (demo, packs):
            accounts.create_customer(customer.username, customer.password, "A", "B", "a@b.c")
        products.grant(products.customer_id(demo.username), demo.products[0])  # then killed
        own = replace(packs.products[0], agreement_name="The operator's own pack")
        products.grant(products.customer_id(packs.username), own)
        ensure_demo_accounts(accounts, 42, services.licensing)

        def held(username: str) -> list[str]:
            return [p.agreement_name for p in products.products(products.customer_id(username))]

        assert held(demo.username) == [terms.agreement_name for terms in demo.products]
        assert held(packs.username) == ["The operator's own pack"]
    finally:
        services.close()
