"""By-image uploads: decoded once, kept as a signature per API client and file name.

Getty's rules: a file of at most 10 MB, JPEG or PNG; an upload to the same
name replaces the earlier one; uploads expire (24 hours by default,
``PHOTOBANK_VISUAL_UPLOAD_TTL``) and only the API client that made one can
search with it.
"""

from __future__ import annotations

import io
import os
import re
import threading
import warnings
from datetime import datetime, timedelta

from PIL import Image
from sqlalchemy import Engine, delete, insert, select

from photobank.clock import Clock, as_utc
from photobank.errors import AssetNotFound, InvalidParameter
from photobank.store import tables as t
from photobank.visual.signature import Signature, signature_of

MAX_BYTES = 10 * 1024 * 1024
# Uploads a client keeps at once (a signature of a few hundred bytes each, in the store
# every node shares): a new one past this pushes out the one that expires first.
MAX_PER_CLIENT = 1_000
MAX_PIXELS = 80_000_000  # refused before decoding; under Pillow's decompression-bomb limit
FORMATS = ("JPEG", "PNG")
UPLOADS_PATH = "/v3/search/by-image/uploads/"
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_DECODE_SIDE = 256  # JPEGs are decoded at reduced scale: a signature needs 64 px
# A PNG is decoded whole (up to MAX_PIXELS, 240 MB of RGB): one decode per core at a time.
_DECODING = threading.BoundedSemaphore(os.cpu_count() or 1)


def check_file_name(name: str) -> str:
    if not _FILE_NAME.fullmatch(name):
        raise InvalidParameter(
            "file-name",
            f"Invalid value '{name}' for 'file-name': use 1-200 letters, digits, '.', '_' or '-',"
            " starting with a letter or digit.",
        )
    return name


def decode_upload(data: bytes) -> Signature:
    """The signature of an uploaded picture; a 400 naming the problem if it is not one."""
    if not data:
        raise InvalidParameter("body", "The request body is empty: send the image's bytes.")
    if len(data) > MAX_BYTES:
        raise too_large()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with _DECODING, Image.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS:
                    raise InvalidParameter(
                        "body", f"The upload is a {image.format} image: send a JPEG or PNG."
                    )
                if image.width * image.height > MAX_PIXELS:
                    raise _too_many_pixels(image.size)
                image.draft("RGB", (_DECODE_SIDE, _DECODE_SIDE))
                image.load()
                return signature_of(image)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_many_pixels(None) from None
    except (OSError, SyntaxError, ValueError):
        raise InvalidParameter("body", "The upload is not a readable JPEG or PNG image.") from None


def too_large() -> InvalidParameter:
    return InvalidParameter("body", f"The upload is larger than {MAX_BYTES // 2**20} MB.")


def _too_many_pixels(size: tuple[int, int] | None) -> InvalidParameter:
    shown = f" ({size[0]} x {size[1]})" if size else ""
    return InvalidParameter(
        "body", f"The upload has too many pixels{shown}: at most {MAX_PIXELS:,} are read."
    )


def upload_name(image_url: str) -> str:
    """The file name in an upload URL. Any host is accepted: a client written for
    Getty may keep Getty's host in the URLs it builds."""
    path = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*", "", image_url.strip()).split("?")[0]
    name = path.removeprefix(UPLOADS_PATH)
    if name == path or not _FILE_NAME.fullmatch(name):
        raise InvalidParameter(
            "image_url",
            f"Invalid value '{image_url}' for parameter 'image_url': expected the URL an upload"
            f" to {UPLOADS_PATH}{{file-name}} answered.",
        )
    return name


class UploadStore:
    def __init__(self, engine: Engine, clock: Clock, ttl_seconds: int) -> None:
        self._engine = engine
        self._clock = clock
        self._ttl = timedelta(seconds=ttl_seconds)

    def put(self, client_id: int, file_name: str, signature: Signature) -> datetime:
        """Store (or replace) an upload; returns when it expires. Expired ones are dropped,
        and the client's oldest beyond :data:`MAX_PER_CLIENT`."""
        table = t.visual_uploads
        now = self._clock.now()
        expires = now + self._ttl
        with self._engine.begin() as conn:
            conn.execute(delete(table).where(table.c.expires_at <= now))
            mine = table.c.client_id == client_id
            conn.execute(delete(table).where(mine, table.c.file_name == file_name))
            newest = select(table.c.file_name).where(mine).order_by(table.c.expires_at.desc())
            kept = newest.limit(MAX_PER_CLIENT - 1)
            conn.execute(delete(table).where(mine, table.c.file_name.not_in(kept)))
            row = {
                "client_id": client_id,
                "file_name": file_name,
                "signature": signature.to_bytes(),
                "expires_at": expires,
            }
            conn.execute(insert(table).values(row))
        return expires

    def get(self, client_id: int, file_name: str) -> Signature:
        """The client's unexpired upload, else a 404 ``AssetNotFound``."""
        table = t.visual_uploads
        with self._engine.connect() as conn:
            row = conn.execute(
                select(table.c.signature, table.c.expires_at).where(
                    table.c.client_id == client_id, table.c.file_name == file_name
                )
            ).first()
        if row is None or as_utc(row.expires_at) <= self._clock.now():
            raise AssetNotFound(
                f"Upload not found: {file_name} (uploads expire after"
                f" {self._ttl.total_seconds() / 3600:g} hours and belong to the Api-Key that made"
                " them).",
            )
        return Signature.from_bytes(row.signature)
