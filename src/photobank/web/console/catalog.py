"""The console's catalog: counts by kind, recent changes, and one asset's edit,
withdrawal, restoration and deletion.

Edits go through :func:`~photobank.ingest.edits.update_asset` and the rest
through the catalog service and :func:`~photobank.catalog.removal.delete_assets`,
exactly as ``photobank assets …`` and the operator API do, so search, cached
answers and partners' channels follow at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank.api.records import AssetRecords
from photobank.catalog.model import Asset
from photobank.catalog.overview import CatalogOverview
from photobank.catalog.removal import delete_assets
from photobank.errors import InvalidParameter, NotFound
from photobank.ingest.edits import edit_of, update_asset
from photobank.ingest.sources import source_files
from photobank.web import views
from photobank.web.console.base import ConsolePages, whole_number
from photobank.web.console.session import PREFIX
from photobank.web.forms import see_other

CHANGES = 50  # recent changes a page lists
TEXT_FIELDS = ("title", "caption", "artist", "credit_line", "copyright")


class CatalogPages(ConsolePages):
    def routes(self) -> list[BaseRoute]:
        one = f"{PREFIX}/assets/{{id}}"
        return [
            Route(f"{PREFIX}/", self.page(self.overview), methods=["GET"]),
            Route(f"{PREFIX}/assets", self.page(self.find), methods=["GET"]),
            Route(one, self.page(self.asset), methods=["GET"]),
            Route(one, self.post(self._edit), methods=["POST"]),
            Route(f"{one}/withdraw", self.post(self._withdraw), methods=["POST"]),
            Route(f"{one}/restore", self.post(self._restore), methods=["POST"]),
            Route(f"{one}/delete", self.page(self.confirm_delete), methods=["GET"]),
            Route(f"{one}/delete", self.post(self._delete), methods=["POST"]),
        ]

    async def overview(self, request: Request) -> Response:
        before = whole_number(request.query_params, "before", "before")
        overview = CatalogOverview(self.services.engine)
        counts = await run_in_threadpool(overview.counts)
        changes = await run_in_threadpool(overview.recent_changes, CHANGES, before)
        older = changes[-1].seq if len(changes) == CHANGES else None
        total = sum(c.on_offer + c.withdrawn for c in counts)
        return self.render(
            request, "catalog.html", counts=counts, total=total, changes=changes, older=older
        )

    async def find(self, request: Request) -> Response:
        """The asset an id names (the overview's "Find an asset" form)."""
        asset_id = request.query_params.get("id", "").strip()
        if not asset_id:
            raise InvalidParameter("id", "Give an asset id.")
        return see_other(f"{PREFIX}/assets/{quote(asset_id, safe='')}")

    async def asset(self, request: Request, message: str | None = None) -> Response:
        asset = self._asset(request.path_params["id"])
        record = await run_in_threadpool(self._record, asset)
        viewer = self.services.viewers.of(None, None)
        picture = None if asset.withdrawn else views.picture(
            self.services.media_urls, viewer, asset, ("thumb", "preview")
        )  # fmt: skip
        keywords = ", ".join(k["text"] for k in record.get("keywords") or [])
        return self.render(
            request, "asset.html", asset=asset, record=record, picture=picture,
            keywords=keywords, fields=TEXT_FIELDS, message=message,
        )  # fmt: skip

    async def confirm_delete(self, request: Request) -> Response:
        asset = self._asset(request.path_params["id"])
        return self.render(request, "asset_delete.html", asset=asset)

    def _asset(self, asset_id: str) -> Asset:
        asset = self.services.catalog.get_kept([asset_id]).get(asset_id)
        if asset is None:
            raise NotFound(f"Asset not found: {asset_id}", code="AssetNotFound")
        return asset

    def _record(self, asset: Asset) -> dict[str, Any]:
        source = source_files(self.services.engine, [asset.id]).get(asset.id)
        return AssetRecords(self.services).record(asset, source)

    # -- form actions -----------------------------------------------------------------

    def _edit(self, request: Request, fields: Mapping[str, str]) -> str:
        asset = self._asset(request.path_params["id"])
        record = self._record(asset)
        changes: dict[str, Any] = {
            name: fields[name].strip()
            for name in TEXT_FIELDS
            if name in fields and fields[name].strip() != (record.get(name) or "")
        }
        if "keywords" in fields:
            wanted = [k.strip() for k in fields["keywords"].split(",") if k.strip()]
            if wanted != [k["text"] for k in record.get("keywords") or []]:
                changes["keywords"] = wanted
        if changes:
            update_asset(self.services, edit_of(asset.id, changes, "the console"))
        return f"{PREFIX}/assets/{asset.id}"

    def _withdraw(self, request: Request, _fields: Mapping[str, str]) -> str:
        asset = self._asset(request.path_params["id"])
        self.services.catalog.withdraw([asset.id])
        return f"{PREFIX}/assets/{asset.id}"

    def _restore(self, request: Request, _fields: Mapping[str, str]) -> str:
        asset = self._asset(request.path_params["id"])
        self.services.catalog.restore([asset.id])
        return f"{PREFIX}/assets/{asset.id}"

    def _delete(self, request: Request, _fields: Mapping[str, str]) -> str:
        asset = self._asset(request.path_params["id"])
        services = self.services
        delete_assets(services.catalog, services.media_storage, services.renditions, [asset.id])
        return f"{PREFIX}/?deleted={asset.id}"
