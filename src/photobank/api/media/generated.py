"""``GET|HEAD /media/generated/{asset}/{size}``: the AI generator's pictures.

A preview (``preview?sig=``) is signed like a display URL and never expires; a
download size (``1k`` or ``4k``, ``?c=&e=&s=``) is a delivery URL, signed for one
customer and expiring. The picture is painted the first time it is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from anyio import to_thread
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from photobank.api.media.sending import Headers, Validators, send_media, send_presigned

if TYPE_CHECKING:
    from photobank.composition import Services


class GeneratedEndpoint:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        asset_id, size = scope["path_params"]["asset_id"], scope["path_params"]["size"]
        query = dict(parse_qsl(scope["query_string"].decode("latin-1")))
        generations = self.services.generations
        stored = await to_thread.run_sync(generations.picture, asset_id, size, query)
        preview = size == "preview"
        headers: Headers = [
            (b"content-type", b"image/jpeg"),
            (b"cache-control", b"public, max-age=86400" if preview else b"private, no-cache"),
            (b"x-content-type-options", b"nosniff"),
        ]
        if not preview:
            disposition = f"attachment; filename=GettyImages-{asset_id}-{size}.jpg"
            headers.append((b"content-disposition", disposition.encode()))
            if self.services.settings.media_redirect and await send_presigned(
                scope, send, self.services.media_storage, stored.key,
                self.services.delivery_urls.seconds_left(query["e"]), headers,
            ):  # fmt: skip
                return
        body = await to_thread.run_sync(self.services.media_storage.open, stored.key)
        validators = Validators.of(f"{asset_id}-{size}", stored.size, stored.modified)
        await send_media(scope, send, validators, body, headers, stored.path)


def generated_route(services: Services) -> Route:
    return Route(
        "/media/generated/{asset_id}/{size}", GeneratedEndpoint(services), methods=["GET", "HEAD"]
    )
