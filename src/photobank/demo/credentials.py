"""Demo credentials: derived from the seed, so they are the same on every machine."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from photobank.accounts.service import AccountService
from photobank.licensing.products import ProductTerms
from photobank.licensing.service import LicensingService

# Where a sign-in flow started from the demo client may return: an app on the
# developer's machine (RFC 8252 §7.3), on a port the demo server does not use.
DEMO_REDIRECT_URI = "http://127.0.0.1:8765/callback"


@dataclass(frozen=True, slots=True)
class DemoCredentials:
    api_key: str
    api_secret: str
    username: str
    password: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def demo_credentials(seed: int) -> DemoCredentials:
    digest = hashlib.sha256(f"photobank-demo:{seed}".encode()).hexdigest()
    return DemoCredentials(
        api_key=digest[:24],
        api_secret=digest[24:64],
        username="demo",
        password=f"demo-{digest[:8]}",
    )


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    """A demo customer and the products it starts with."""

    username: str
    password: str
    first_name: str
    last_name: str
    products: tuple[ProductTerms, ...]


def demo_customers(seed: int) -> tuple[DemoCustomer, ...]:
    """One customer per way of paying: subscriptions, a small image pack, credits."""
    creds = demo_credentials(seed)
    tag = creds.password.removeprefix("demo-")
    return (
        DemoCustomer(
            creds.username,
            creds.password,
            "Demo",
            "Customer",
            (
                ProductTerms(
                    "premiumaccess",
                    download_limit=250,
                    limit_duration="month",
                    overage_limit=25,
                    agreement_name="Premium Access (demo)",
                ),
                ProductTerms(
                    "editorialsubscription",
                    download_limit=20,
                    limit_duration="day",
                    agreement_name="Editorial Subscription (demo)",
                ),
                ProductTerms(
                    "aigeneration",
                    download_limit=100,
                    limit_duration="month",
                    agreement_name="AI Generation (demo)",
                ),
            ),
        ),
        DemoCustomer(
            "packs",
            f"packs-{tag}",
            "Paula",
            "Pack",
            (ProductTerms("imagepack", download_limit=3, agreement_name="Image Pack of 3 (demo)"),),
        ),
        DemoCustomer(
            "credits",
            f"credits-{tag}",
            "Chris",
            "Credit",
            (
                ProductTerms(
                    "creditpack",
                    credits=25,
                    team_credits=10,
                    agreement_name="iStock Credits (demo)",
                ),
            ),
        ),
    )


def ensure_demo_products(accounts: AccountService, licensing: LicensingService, seed: int) -> None:
    """Create the demo customers, and give each the demo products it lacks.

    Products are granted one transaction each, in order: a customer holding the
    first of its demo products only (a build killed in between) gets the rest;
    one holding anything else keeps what it holds.
    """
    existing = {customer.username for customer in accounts.list_customers()}
    for demo in demo_customers(seed):
        if demo.username not in existing:  # a password is hashed only to be stored
            accounts.create_customer(
                demo.username,
                demo.password,
                demo.first_name,
                demo.last_name,
                f"{demo.username}@example.com",
            )
        customer_id = licensing.products.customer_id(demo.username)
        held = [p.agreement_name for p in licensing.products.products(customer_id)]
        wanted = [terms.agreement_name for terms in demo.products]
        if held == wanted[: len(held)]:
            for terms in demo.products[len(held) :]:
                licensing.products.grant(customer_id, terms)


def ensure_demo_accounts(
    accounts: AccountService, seed: int, licensing: LicensingService | None = None
) -> DemoCredentials:
    """Create the demo API client (no throttling limits, :data:`DEMO_REDIRECT_URI`
    registered) and customer unless they exist;
    with ``licensing``, the other demo customers and everyone's products too."""
    creds = demo_credentials(seed)
    if accounts.get_client_by_key(creds.api_key) is None:
        accounts.create_client(
            "photobank demo",
            api_key=creds.api_key,
            secret=creds.api_secret,
            qps_limit=0,
            daily_limit=0,
        )
    accounts.redirect_uris.register(creds.api_key, DEMO_REDIRECT_URI)  # also in older data dirs
    if all(c.username != creds.username for c in accounts.list_customers()):
        accounts.create_customer(
            creds.username, creds.password, "Demo", "Customer", "demo@example.com"
        )
    client = accounts.get_client_by_key(creds.api_key)
    if client is not None and client.account_id is None:  # older data directories too
        accounts.set_client_account(creds.api_key, creds.username)  # its app tokens act for it
    if licensing is not None:
        ensure_demo_products(accounts, licensing, seed)
    return creds
