"""Customers with products, signed in through the password grant, for licensing tests.

The session's store is shared by every test of a worker, so each shopper is a
new customer: no test sees another's products, licences or history.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass

from starlette.testclient import TestClient

from photobank.accounts.models import Customer
from photobank.catalog.model import Asset
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.models import Product
from photobank.licensing.products import ProductTerms
from tests.conftest import grant_form

_SERIAL = itertools.count()


@dataclass(frozen=True)
class Shopper:
    customer: Customer
    password: str
    headers: dict[str, str]  # the bearer token of a password grant
    products: tuple[Product, ...]


def new_customer(
    services: Services, first: str = "Pat", last: str = "Buyer"
) -> tuple[Customer, str]:
    username = f"shopper-{os.getpid()}-{next(_SERIAL)}"
    password = f"pw-{username}"
    customer = services.accounts.create_customer(
        username, password, first, last, f"{username}@example.com"
    )
    return customer, password


def sign_in(
    client: TestClient, demo: DemoCredentials, username: str, password: str
) -> dict[str, str]:
    form = grant_form(demo, "password", username=username, password=password)
    response = client.post("https://photobank.test/oauth2/token", data=form)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def shopper(
    services: Services, client: TestClient, demo: DemoCredentials, *terms: ProductTerms
) -> Shopper:
    """A new customer holding products on ``terms``, with a fresh user token."""
    customer, password = new_customer(services)
    products = tuple(services.licensing.products.grant(customer.id, t) for t in terms)
    headers = sign_in(client, demo, customer.username, password)
    return Shopper(customer, password, headers, products)


def images(services: Services, count: int, where: Callable[[Asset], bool]) -> list[Asset]:
    """The first ``count`` demo images that satisfy ``where``."""
    found: list[Asset] = []
    for batch in services.catalog.repository.iter_assets():
        found.extend(a for a in batch if a.asset_type == "image" and where(a))
        if len(found) >= count:
            return found[:count]
    raise AssertionError(f"the demo catalog has fewer than {count} such images")


def premium(asset: Asset) -> bool:
    """Licensable by a premiumaccess product (every demo collection sells them)."""
    return "premiumaccess" in asset.product_types
