"""API clients in the console: list, create and rotate (the secret shown once), enable and
disable, QPS and daily limits, the customer account they belong to, and the redirect URIs
of the sign-in flows.

Each action is one call on :class:`~photobank.accounts.service.AccountService`
or its redirect-URI registry, the services behind ``photobank clients …``.
A new secret is shown on the page that answers the post (never in a URL, never
again); the answer is ``no-store`` like every console page.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank.accounts.models import ApiClient
from photobank.errors import InvalidParameter, NotFound
from photobank.web.console.base import ConsolePages, whole_number
from photobank.web.console.session import PREFIX

CLIENTS = f"{PREFIX}/clients"


class ClientPages(ConsolePages):
    def routes(self) -> list[BaseRoute]:
        one = f"{CLIENTS}/{{key}}"
        return [
            Route(CLIENTS, self.page(self.index), methods=["GET"]),
            Route(CLIENTS, self.post(self._create), methods=["POST"]),
            Route(one, self.page(self.client), methods=["GET"]),
            Route(f"{one}/rotate", self.post(self._rotate), methods=["POST"]),
            Route(f"{one}/enabled", self.post(self._enabled), methods=["POST"]),
            Route(f"{one}/limits", self.post(self._limits), methods=["POST"]),
            Route(f"{one}/account", self.post(self._account), methods=["POST"]),
            Route(f"{one}/redirect-uris", self.post(self._add_uri), methods=["POST"]),
            Route(f"{one}/redirect-uris/remove", self.post(self._remove_uri), methods=["POST"]),
        ]

    async def index(self, request: Request) -> Response:
        clients = await run_in_threadpool(self.services.accounts.list_clients)
        return self.render(request, "clients.html", clients=clients)

    async def client(self, request: Request) -> Response:
        client = self._client(request.path_params["key"])
        accounts = self.services.accounts
        uris = await run_in_threadpool(accounts.redirect_uris.of_key, client.api_key)
        account = None
        if client.account_id is not None:
            account = await run_in_threadpool(accounts.get_customer, client.account_id)
        return self.render(request, "client.html", client=client, uris=uris, account=account)

    def _client(self, api_key: str) -> ApiClient:
        client = self.services.accounts.get_client_by_key(api_key)
        if client is None:
            raise NotFound(f"No API client has the key '{api_key}'.")
        return client

    def _secret(self, request: Request, client: ApiClient, secret: str, new: bool) -> Response:
        base = str(request.base_url).rstrip("/")
        return self.render(request, "secret.html", 201 if new else 200,
                           client=client, secret=secret, new=new, request_base=base)  # fmt: skip

    # -- form actions -----------------------------------------------------------------

    def _create(self, request: Request, fields: Mapping[str, str]) -> Response:
        client, secret = self.services.accounts.create_client(
            fields.get("name", "").strip(),
            qps_limit=whole_number(fields, "qps", "QPS limit"),
            daily_limit=whole_number(fields, "daily", "Daily limit"),
        )
        return self._secret(request, client, secret, True)

    def _rotate(self, request: Request, _fields: Mapping[str, str]) -> Response:
        client = self._client(request.path_params["key"])
        secret = self.services.accounts.rotate_secret(client.api_key)
        return self._secret(request, client, secret, False)

    def _enabled(self, request: Request, fields: Mapping[str, str]) -> str:
        client = self._client(request.path_params["key"])
        wanted = fields.get("enabled", "")
        if wanted not in ("true", "false"):
            raise InvalidParameter("enabled", "enabled must be true or false.")
        self.services.accounts.set_client_enabled(client.api_key, wanted == "true")
        return _url(client)

    def _limits(self, request: Request, fields: Mapping[str, str]) -> str:
        client = self._client(request.path_params["key"])
        qps = whole_number(fields, "qps", "QPS limit")
        daily = whole_number(fields, "daily", "Daily limit")
        if qps is None and daily is None:
            raise InvalidParameter("qps", "Give a QPS limit, a daily limit or both.")
        self.services.accounts.set_client_limits(client.api_key, qps, daily)
        return _url(client)

    def _account(self, request: Request, fields: Mapping[str, str]) -> str:
        client = self._client(request.path_params["key"])
        username = fields.get("username", "").strip() or None
        self.services.accounts.set_client_account(client.api_key, username)
        return _url(client) + "#account-heading"

    def _add_uri(self, request: Request, fields: Mapping[str, str]) -> str:
        client = self._client(request.path_params["key"])
        self.services.accounts.redirect_uris.register(client.api_key, fields.get("uri", "").strip())
        return _url(client) + "#redirect-uris"

    def _remove_uri(self, request: Request, fields: Mapping[str, str]) -> str:
        client = self._client(request.path_params["key"])
        self.services.accounts.redirect_uris.unregister(client.api_key, fields.get("uri", ""))
        return _url(client) + "#redirect-uris"


def _url(client: ApiClient) -> str:
    return f"{CLIENTS}/{quote(client.api_key, safe='')}"
