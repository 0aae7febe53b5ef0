"""Watermark rules in the console: which display sizes are marked, for everyone, an API
client or a customer (:class:`~photobank.media.policy.WatermarkPolicy`, as
``photobank watermarks …``)."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank.catalog.model import ASSET_FAMILIES
from photobank.errors import InvalidParameter, NotFound
from photobank.media.policy import ANY, WatermarkRule, scope_of
from photobank.media.urls import DISPLAY_SIZES
from photobank.web.console.base import ConsolePages
from photobank.web.console.session import PREFIX

WATERMARKS = f"{PREFIX}/watermarks"


class WatermarkPages(ConsolePages):
    def routes(self) -> list[BaseRoute]:
        return [
            Route(WATERMARKS, self.page(self.index), methods=["GET"]),
            Route(WATERMARKS, self.post(self._set), methods=["POST"]),
            Route(f"{WATERMARKS}/remove", self.post(self._remove), methods=["POST"]),
        ]

    async def index(self, request: Request) -> Response:
        accounts = self.services.accounts
        return self.render(
            request, "watermarks.html",
            rules=await run_in_threadpool(self.services.watermarks.rules),
            clients=await run_in_threadpool(accounts.list_clients),
            customers=await run_in_threadpool(accounts.list_customers),
            families=(ANY, *ASSET_FAMILIES), sizes=(ANY, *DISPLAY_SIZES),
        )  # fmt: skip

    def _scope(self, fields: Mapping[str, str]) -> str:
        """The scope a form names: ``client:KEY``, ``customer:ID`` or everyone."""
        kind, _, name = fields.get("scope", "global").partition(":")
        accounts = self.services.accounts
        if kind == "client" and accounts.get_client_by_key(name) is not None:
            return scope_of(client_key=name)
        if kind == "customer" and name.isdigit() and accounts.get_customer(int(name)):
            return scope_of(customer_id=int(name))
        if kind == "global" and not name:
            return scope_of()
        raise NotFound(f"No API client or customer is '{fields.get('scope')}'.")

    def _set(self, _request: Request, fields: Mapping[str, str]) -> str:
        verdict = fields.get("watermarked", "")
        if verdict not in ("true", "false"):
            raise InvalidParameter("watermarked", "Choose watermarked or clean.")
        rule = WatermarkRule(
            self._scope(fields), fields.get("family", ANY), fields.get("size", ANY),
            verdict == "true",
        )  # fmt: skip
        self.services.watermarks.set_rule(rule)
        return WATERMARKS

    def _remove(self, _request: Request, fields: Mapping[str, str]) -> str:
        self.services.watermarks.clear_rules(
            self._scope(fields), fields.get("family", ANY), fields.get("size", ANY)
        )
        return WATERMARKS
