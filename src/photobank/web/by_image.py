"""Search by image: a visitor drops or picks a picture and sees the nearest assets.

The picture is measured as the v3 API's by-image uploads are
(:func:`~photobank.visual.uploads.decode_upload`: JPEG or PNG, bounded in bytes
and pixels) and compared with the catalog's visual signatures, over what a
by-image search may answer (:func:`~photobank.visual.service.searchable`).
Nothing is kept: the picture is read, measured and forgotten.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank.errors import InvalidParameter
from photobank.visual.service import VisualQuery, searchable
from photobank.visual.uploads import MAX_BYTES, decode_upload, too_large
from photobank.web import views
from photobank.web.customer_pages import CustomerPages
from photobank.web.forms import FORM_EXPIRED
from photobank.web.session import CSRF_FIELD

NEAREST = 30  # assets shown, nearest first
_FORM_OVERHEAD = 64 * 1024  # bytes of a form beyond its picture (boundaries, token)


class ImageSearchPages(CustomerPages):
    def routes(self) -> list[BaseRoute]:
        return [Route("/search/by-image", self.search, methods=["POST"])]

    async def search(self, request: Request) -> Response:
        customer = self.sessions.customer(request)
        declared = request.headers.get("content-length", "")
        if not declared.isdigit():  # a browser always says; a stream of unknown size is refused
            return self.problem(request, customer, "Send the picture with its length.", 411)
        if int(declared) > MAX_BYTES + _FORM_OVERHEAD:
            return self.problem(request, customer, too_large().message, 413)
        async with request.form(max_files=1, max_fields=2, max_part_size=1024) as form:
            if not self.sessions.form_is_genuine(request, _text(form.get(CSRF_FIELD))):
                return self.problem(request, customer, FORM_EXPIRED, 403)
            picture = form.get("image")
            if not isinstance(picture, UploadFile) or not picture.filename:
                return self.problem(request, customer, "Choose a picture to search with.", 400)
            data = await picture.read(MAX_BYTES + 1)
        try:
            signature = await run_in_threadpool(decode_upload, data)
        except InvalidParameter as error:
            return self.problem(request, customer, error.message, 400)
        query = VisualQuery(signature, searchable("image"), limit=NEAREST)
        page = await run_in_threadpool(self.services.visual.search, query)
        tiles = views.tiles(self.services.media_urls, self.viewer(customer), page.assets)
        return self.render(
            request, "by_image.html", customer, tiles=tiles, name=picture.filename or ""
        )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
