"""``GET /licence/{id}``: the Web Statement of Rights a licensed download links to.

Every licensed file carries ``xmpRights:WebStatement``, which by default
(``PHOTOBANK_RIGHTS_URL_TEMPLATE``) points here: a plain page, readable without
an API key, that states who owns the image and how it may be used, from the
catalog's fields. Who licensed a given copy is written in the file itself.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from photobank.catalog.model import Asset
from photobank.errors import NotFound

if TYPE_CHECKING:
    from photobank.composition import Services

_MODELS = {"royaltyfree": "Royalty-free", "rightsmanaged": "Rights-managed"}


def rights_page(asset: Asset) -> str:
    """The page's HTML: title, ownership, licence model and permitted use."""
    use = asset.allowed_use
    rows = [
        ("Image", asset.id),
        ("Creator", asset.artist),
        ("Credit", asset.credit_line),
        ("Copyright", asset.copyright),
        ("Licence model", _MODELS.get(asset.license_model, asset.license_model)),
        ("How it can be used", use.how_can_i_use_it),
        ("Releases", use.release_info),
        ("Restrictions", "; ".join(use.usage_restrictions)),
    ]
    cells = "".join(
        f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>" for name, value in rows if value
    )
    title = escape(asset.title or f"Image {asset.id}")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}: rights'
        f"</title></head><body><h1>{title}</h1><table>{cells}</table><p>Each licensed file"
        " names its licensee, licence and date in its XMP metadata (PLUS).</p></body></html>"
    )


def rights_route(services: Services) -> Route:
    async def page(request: Request) -> Response:
        asset_id = request.path_params["asset_id"]
        # Withdrawn images too: the files already licensed still link here.
        found = await to_thread.run_sync(services.catalog.get_kept, [asset_id])
        asset = found.get(asset_id)
        if asset is None:
            raise NotFound(f"Image not found: {asset_id}", code="ImageNotFound")
        return HTMLResponse(rights_page(asset), headers={"x-content-type-options": "nosniff"})

    return Route("/licence/{asset_id}", page, methods=["GET"])
