"""Customers in the console: list, create, and each one's products — granted here, with
what remains of each.

Accounts go through :class:`~photobank.accounts.service.AccountService` and
products through :class:`~photobank.licensing.products.ProductService`, as
``photobank customers …`` does; the product's own rules (types, durations,
credits) refuse bad terms with a readable 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank.accounts.models import Customer
from photobank.errors import InvalidParameter, NotFound
from photobank.licensing.models import PRODUCT_TYPES
from photobank.licensing.periods import DURATIONS
from photobank.licensing.products import ProductTerms
from photobank.web.console.base import ConsolePages, whole_number
from photobank.web.console.session import PREFIX

CUSTOMERS = f"{PREFIX}/customers"


class CustomerPages(ConsolePages):
    def routes(self) -> list[BaseRoute]:
        one = f"{CUSTOMERS}/{{username}}"
        return [
            Route(CUSTOMERS, self.page(self.index), methods=["GET"]),
            Route(CUSTOMERS, self.post(self._create), methods=["POST"]),
            Route(one, self.page(self.customer), methods=["GET"]),
            Route(f"{one}/products", self.post(self._grant), methods=["POST"]),
        ]

    async def index(self, request: Request) -> Response:
        customers = await run_in_threadpool(self.services.accounts.list_customers)
        return self.render(request, "customers.html", customers=customers)

    async def customer(self, request: Request) -> Response:
        customer = self._customer(request.path_params["username"])
        products = await run_in_threadpool(self.services.licensing.products.products, customer.id)
        return self.render(
            request, "customer.html", account=customer, products=products,
            now=self.services.clock.now(), types=PRODUCT_TYPES, durations=DURATIONS,
        )  # fmt: skip

    def _customer(self, username: str) -> Customer:
        customer_id = self.services.licensing.products.customer_id(username)
        found = self.services.accounts.get_customer(customer_id)
        if found is None:  # deleted in between
            raise NotFound(f"No customer has the username '{username}'.")
        return found

    # -- form actions -----------------------------------------------------------------

    def _create(self, _request: Request, fields: Mapping[str, str]) -> str:
        customer = self.services.accounts.create_customer(
            fields.get("username", "").strip(), fields.get("password", ""),
            fields.get("first_name", "").strip(), fields.get("last_name", "").strip(),
            fields.get("email", "").strip(),
        )  # fmt: skip
        return _url(customer)

    def _grant(self, request: Request, fields: Mapping[str, str]) -> str:
        customer = self._customer(request.path_params["username"])
        terms = ProductTerms(
            type=fields.get("type", ""),
            download_limit=whole_number(fields, "limit", "Download limit"),
            limit_duration=fields.get("duration") or None,
            overage_limit=whole_number(fields, "overage", "Overage") or 0,
            credits=whole_number(fields, "credits", "Credits"),
            expires_at=_expiry(fields.get("expires", "")),
        )
        self.services.licensing.products.grant(customer.id, terms)
        return _url(customer) + "#products"


def _expiry(text: str) -> datetime | None:
    """A date field (the product expires as that day starts, UTC)."""
    if not text:
        return None
    try:
        return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
    except ValueError:
        raise InvalidParameter("expires", f"'{text}' is not a date (YYYY-MM-DD).") from None


def _url(customer: Customer) -> str:
    return f"{CUSTOMERS}/{quote(customer.username, safe='')}"
