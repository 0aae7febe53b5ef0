"""Uploading files from the console: the operator API's ingest run, behind the console's
session and CSRF check.

``POST /console/upload`` takes the same multipart body as ``POST
/operator/v1/ingest`` plus the form's CSRF token, and runs the same handler
(:func:`~photobank.api.operator.uploads.ingest_handler`). The console's script
sends one file a request, so each file has its own progress bar, and asks for
JSON (``Accept: application/json``); without the script the form posts every
file at once and the run's report comes back as a page.
"""

from __future__ import annotations

from os.path import basename
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank import errors
from photobank.api.http import json_response
from photobank.api.operator.guard import Refused
from photobank.api.operator.uploads import ingest_handler
from photobank.catalog.model import ASSET_FAMILIES, LICENSE_MODELS
from photobank.web.console.base import ConsolePages
from photobank.web.console.session import PREFIX
from photobank.web.forms import FORM_EXPIRED, status_of
from photobank.web.session import CSRF_FIELD

_FIELDS = 20  # form fields besides the files: the ingest options and the CSRF token


class UploadPages(ConsolePages):
    def routes(self) -> list[BaseRoute]:
        self._ingest = ingest_handler(self.services)
        return [
            Route(f"{PREFIX}/upload", self.page(self.form), methods=["GET"]),
            Route(f"{PREFIX}/upload", self.upload, methods=["POST"]),
        ]

    async def form(self, request: Request) -> Response:
        return self.render(
            request, "upload.html", families=ASSET_FAMILIES, license_models=LICENSE_MODELS
        )

    async def upload(self, request: Request) -> Response:
        wants_json = "application/json" in request.headers.get("accept", "")
        refused = self.refusal(request)
        if refused is not None:
            return self._refuse(request, wants_json, "Sign in to the console first.", 401, refused)
        try:
            async with request.form(max_fields=_FIELDS) as form:
                token = form.get(CSRF_FIELD)
                if not isinstance(token, str) or not self.sessions.form_is_genuine(request, token):
                    return self._refuse(request, wants_json, FORM_EXPIRED, 403)
                report = await self._ingest(request)  # reads the form parsed above
        except Refused as refusal:
            return self._refuse(request, wants_json, refusal.message, refusal.status)
        except errors.DomainError as error:
            return self._refuse(request, wants_json, error.message, status_of(error))
        except HTTPException as error:  # a body the multipart parser refused
            return self._refuse(request, wants_json, str(error.detail), error.status_code)
        if wants_json:
            return json_response(report)
        return self.render(request, "upload_report.html", report=_named(report))

    def _refuse(
        self, request: Request, wants_json: bool, message: str, status: int,
        page: Response | None = None,
    ) -> Response:  # fmt: skip
        if wants_json:
            return json_response({"message": message}, status=status)
        return page or self.problem(request, message, status)


def _named(report: dict[str, Any]) -> dict[str, Any]:
    """The report with each stored path shown as the uploaded file's name."""
    named = dict(report)
    for part in ("added", "updated", "failed"):
        named[part] = [{**item, "path": basename(item["path"])} for item in report[part]]
    named["unchanged"] = [basename(path) for path in report["unchanged"]]
    return named
