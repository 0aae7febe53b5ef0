"""Ingest by multipart upload, for scripts and the web console.

``POST /operator/v1/ingest`` takes any number of ``files`` parts, an
optional ``manifest`` part (CSV or JSON Lines; its paths name uploaded files
by name) and the ``photobank ingest`` options as fields (``collection``,
``family``, ``license_model``, ``product_types``, ``dry_run``). It answers
the run's report, as ``photobank ingest --json`` prints it. An upload's source
is named ``uploads/<file name>`` whichever node takes it, so uploading a changed
file of the same name updates its asset, and the same file again changes
nothing. No copy stays on the node: the originals store keeps the file. Runs
take turns across the deployment (:mod:`photobank.ingest.turns`): an upload
waits ``PHOTOBANK_INGEST_UPLOAD_WAIT`` seconds at most for another run to end,
then is answered 503 with ``Retry-After``, nothing written.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from anyio import to_thread
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from photobank.api.operator.guard import Handler, Refused
from photobank.catalog.model import ASSET_FAMILIES, LICENSE_MODELS
from photobank.composition import Services
from photobank.ingest.files import MB, too_large
from photobank.ingest.options import (
    DEFAULT_COLLECTION,
    IngestOptions,
    OptionError,
    one_of,
    product_types_of,
)
from photobank.ingest.turns import IngestBusy
from photobank.ingest.uploads import UPLOADS, adopt_earlier_uploads, ingest_uploads

T = TypeVar("T")
_MAX_FILES = 1_000  # parts of one request
_MANIFEST_LIMIT = 64 * 1024 * 1024
_SAFE_NAME = re.compile(r"[^\w.\- ]+")


def ingest_handler(services: Services) -> Handler:
    adopt_earlier_uploads(services)
    one_run = asyncio.Lock()  # this process's uploads wait here, not in threads
    limit = services.settings.ingest_max_file_size * MB
    wait = services.settings.ingest_upload_wait

    async def ingest(request: Request) -> dict[str, Any]:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > _MAX_FILES * limit:
            raise Refused(413, "The upload is larger than photobank takes in one request.")
        async with request.form(max_files=_MAX_FILES + 1, max_fields=20) as form:
            options = _options(form)
            started = time.monotonic()
            try:
                async with asyncio.timeout(wait):  # a free lock is taken at once, even at 0
                    await one_run.acquire()
            except TimeoutError:
                raise IngestBusy(wait) from None
            try:
                left = max(0.0, wait - (time.monotonic() - started))
                return await _run(services, form, options, limit, left)
            finally:
                one_run.release()

    return ingest


def _options(form: FormData) -> IngestOptions:
    def field(name: str, default: str = "") -> str:
        value = form.get(name, default)
        if not isinstance(value, str):
            raise Refused(400, f"{name}: must be a form field, not a file")
        return value.strip()

    def checked(name: str, check: Callable[[str], T], default: str = "") -> T:
        try:
            return check(field(name, default))
        except OptionError as exc:
            raise Refused(400, f"{name}: {exc}") from None

    family = checked("family", lambda v: one_of(v, ASSET_FAMILIES), "creative")
    license_model = checked("license_model", lambda v: v and one_of(v, LICENSE_MODELS))
    product_types = checked("product_types", product_types_of)
    dry_run = field("dry_run", "false").lower()
    if dry_run not in ("true", "false", "1", "0"):
        raise Refused(400, "dry_run: must be true or false")
    return IngestOptions(
        collection=field("collection") or DEFAULT_COLLECTION,
        family=family,
        license_model=license_model,
        product_types=product_types,
        dry_run=dry_run in ("true", "1"),
    )


async def _run(
    services: Services, form: FormData, options: IngestOptions, limit: int, wait: float
) -> dict[str, Any]:
    files = [part for part in form.getlist("files") if isinstance(part, UploadFile)]
    manifest_part = form.get("manifest")
    if not files and not isinstance(manifest_part, UploadFile):
        raise Refused(400, "files: give one or more files parts (or a manifest part)")
    names = [_safe_name(part.filename) for part in files]
    if len(set(names)) < len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise Refused(400, f"files: '{twice}' is uploaded twice")
    oversized = [n for n, part in zip(names, files, strict=True) if (part.size or 0) > limit]
    taken = [(n, part.file) for n, part in zip(names, files, strict=True) if n not in oversized]
    manifest = None
    if isinstance(manifest_part, UploadFile):
        manifest = await to_thread.run_sync(_manifest, manifest_part)
    result = await to_thread.run_sync(ingest_uploads, services, options, taken, manifest, wait)
    result["failed"][:0] = [
        {"path": UPLOADS + name, "reason": too_large(limit)} for name in oversized
    ]
    return result


def _cleaned(filename: str | None) -> str:
    """The file name a client gave, without folders or characters unsafe on disk."""
    return _SAFE_NAME.sub("_", os.path.basename(filename or "")).strip(" .")


def _safe_name(filename: str | None) -> str:
    name = _cleaned(filename)
    if not name:
        raise Refused(400, f"files: '{filename or ''}' is not a usable file name")
    return name


def _manifest(part: UploadFile) -> tuple[str, bytes]:
    """The manifest part's file name and bytes, at most 64 MB."""
    part.file.seek(0)
    data = part.file.read(_MANIFEST_LIMIT + 1)
    if len(data) > _MANIFEST_LIMIT:
        raise Refused(413, "manifest: larger than the 64 MB photobank reads")
    return _cleaned(part.filename), data
