"""The media skin: display renditions, preview clips and signed deliveries, outside ``/v3``.

Browsers load display URIs as ``<img src>`` without an Api-Key, so the URL's
signature is the authority: it fixes asset, size and watermark flag. A
delivery URL's signature and expiry stand in for the licence checked when it
was issued. Both endpoints are plain ASGI callables, not request/response
functions, and a display URL seen before is answered from memory (its
signature was checked then): a warm thumbnail must cost about as little as a
trivial route, since one search page loads dozens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import unquote

from anyio import to_thread
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from photobank.api.http import origin, scope_header
from photobank.api.media.generated import generated_route
from photobank.api.media.rights import rights_route
from photobank.api.media.sending import Headers, Validators, send_media, send_presigned
from photobank.catalog.model import Asset
from photobank.config import MIB
from photobank.errors import Forbidden, NotFound
from photobank.lru import LruCache, weigh_key
from photobank.media.hot import HotObjects
from photobank.media.renditions import Rendition
from photobank.media.urls import DISPLAY_SIZES

if TYPE_CHECKING:
    from photobank.composition import Services

_SIZES = ", ".join(DISPLAY_SIZES)
_VECTOR_NOTE = b"No EPS file is stored for this image; its vector size is delivered as JPEG."
_SUFFIXES = {  # a delivered file's name ends by its media type
    "image/jpeg": "jpg",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
}


@dataclass(frozen=True, slots=True)
class _Known:
    rendition: Rendition
    validators: Validators


# A display URL's query as :class:`~photobank.media.urls.MediaUrls` writes it.
_AS_ISSUED = re.compile(rb"wm=[01]&sig=[A-Za-z0-9_-]{22}")
_KNOWN_WEIGHT = 800  # a _Known with its rendition and validators, bytes


def _query(scope: Scope) -> dict[str, str]:
    """The query parameters (last value wins); cheaper than ``parse_qsl`` by ten."""
    found = {}
    for part in scope["query_string"].decode("latin-1").split("&"):
        name, _, value = part.partition("=")
        found[name] = unquote(value) if "%" in value else value
    return found


class _MediaEndpoint:
    def __init__(self, services: Services, hot: HotObjects) -> None:
        self.services = services
        self.hot = hot

    def public_headers(self, content_type: bytes) -> Headers:
        """Headers of a public, immutable media response (its URL changes with its content)."""
        max_age = self.services.settings.media_max_age
        return [
            (b"content-type", content_type),
            (b"cache-control", f"public, max-age={max_age}, immutable".encode()),
            (b"access-control-allow-origin", b"*"),
            (b"x-content-type-options", b"nosniff"),
        ]

    def asset(self, asset_id: str, kind: str = "Image") -> Asset:
        """The image or video ``asset_id`` (display sizes of a video are its poster frame);
        withdrawn ones too, as boards and download histories still show them."""
        found = self.services.catalog.get_kept([asset_id]).get(asset_id)
        if found is None:
            raise NotFound(f"{kind} not found: {asset_id}", code=f"{kind}NotFound")
        return found

    async def send(self, scope: Scope, send: Send, known: _Known, headers: Headers) -> None:
        body: bytes | BinaryIO | None = self.hot.get(known.rendition.tag)
        if body is None:
            body = await to_thread.run_sync(self._read, known.rendition)
        await send_media(scope, send, known.validators, body, headers, known.rendition.stored.path)

    def _read(self, rendition: Rendition) -> bytes | BinaryIO:
        """Small files whole (and kept hot), large ones as an open file to stream."""
        source = self.services.media_storage.open(rendition.stored.key)
        if not self.hot.wants(rendition.stored.size):
            return source
        with source:
            data = source.read()
        self.hot.put(rendition.tag, data)
        return data


def _known(rendition: Rendition) -> _Known:
    stored = rendition.stored
    return _Known(rendition, Validators.of(rendition.tag, stored.size, stored.modified))


class DisplayEndpoint(_MediaEndpoint):
    """``GET|HEAD /media/display/{size}/{id}.jpg?wm=&sig=``."""

    def __init__(self, services: Services, hot: HotObjects) -> None:
        super().__init__(services, hot)
        self.headers = self.public_headers(b"image/jpeg")
        # (path, query) of URLs whose signature checked out -> what they serve. Only
        # URLs as photobank writes them are kept: extra parameters cannot add entries.
        budget = services.settings.media_url_cache_mb * MIB // 2
        self.seen: LruCache[tuple[str, bytes], _Known] = LruCache(
            budget, lambda url, _known: weigh_key(url) + _KNOWN_WEIGHT
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        url = (scope["path"], scope["query_string"])
        known = self.seen.get(url)
        if known is None:
            known = await self._resolve(scope)
            if _AS_ISSUED.fullmatch(url[1]):
                self.seen.put(url, known)
        try:
            await self.send(scope, send, known, self.headers)
        except FileNotFoundError:  # the stored file went away: make it again
            self.clear_caches()
            known = await self._resolve(scope)
            await self.send(scope, send, known, self.headers)

    def clear_caches(self) -> None:
        self.seen.clear()
        self.services.renditions.clear_caches()

    async def _resolve(self, scope: Scope) -> _Known:
        """Check the URL and find (or make) the rendition it names."""
        size, asset_id = scope["path_params"]["size"], scope["path_params"]["asset_id"]
        if size not in DISPLAY_SIZES:
            raise NotFound(
                f"Unknown display size '{size}'. Display sizes: {_SIZES}.",
                code="DisplaySizeNotFound",
            )
        query = _query(scope)
        flag, signature = query.get("wm", ""), query.get("sig", "")
        if flag not in ("0", "1") or not self.services.media_urls.verify(
            asset_id, size, flag, signature
        ):
            raise Forbidden(
                "The display URL's signature is missing or not valid; use display URIs "
                "exactly as search and image responses give them.",
                code="InvalidDisplayUrl",
            )
        watermark = flag == "1"
        rendition = self.services.renditions.cached(asset_id, size, watermark)
        if rendition is None:
            rendition = await to_thread.run_sync(self._make, asset_id, size, watermark)
        return _known(rendition)

    def _make(self, asset_id: str, size: str, watermark: bool) -> Rendition:
        return self.services.renditions.display(self.asset(asset_id), size, watermark)


class DeliveryEndpoint(_MediaEndpoint):
    """``GET|HEAD /media/delivery/{asset_id}/{size}?c=&e=&s=``: the licensed file, an
    image or an MP4 or MOV video with its licence written in (:mod:`photobank.media.licensed`)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        asset_id, size = scope["path_params"]["asset_id"], scope["path_params"]["size"]
        query = _query(scope)
        self.services.delivery_urls.verify(
            asset_id, size, query.get("c", ""), query.get("e", ""), query.get("s", "")
        )
        asset = await to_thread.run_sync(self.asset, asset_id)
        try:
            await self._deliver(scope, send, asset, size, query)
        except FileNotFoundError:  # deleted meanwhile (by another node, an operator)
            kind = "Video" if asset.video is not None else "Image"
            raise NotFound(
                f"The file of {kind.lower()} {asset_id} is no longer in the media store.",
                code=f"{kind}NotFound",
            ) from None

    async def _deliver(
        self, scope: Scope, send: Send, asset: Asset, size: str, query: dict[str, str]
    ) -> None:
        rendition = await to_thread.run_sync(self.services.renditions.download, asset, size)
        kind = rendition.media_type
        disposition = f"attachment; filename=GettyImages-{asset.id}.{_SUFFIXES[kind]}"
        headers: Headers = [
            (b"content-type", kind.encode()),
            (b"content-disposition", disposition.encode()),
            (b"cache-control", b"private, no-cache"),
            (b"x-content-type-options", b"nosniff"),
        ]
        if size == "vector":
            headers.append((b"x-photobank-note", _VECTOR_NOTE))
        if self.services.settings.media_redirect and await send_presigned(
            scope, send, self.services.media_storage, rendition.stored.key,
            self.services.delivery_urls.seconds_left(query["e"]), headers,
        ):  # fmt: skip
            return  # the shared file as stored: its credits, not the licence's own fields
        base = origin(self.services.settings.public_url, scope, scope_header(scope, b"host"))
        licensed = await to_thread.run_sync(
            self.services.licensed_files.open, asset, rendition, int(query["c"]), base
        )
        validators = Validators.of(licensed.tag, licensed.size, licensed.modified)
        await send_media(scope, send, validators, licensed.body, headers)


class ClipEndpoint(_MediaEndpoint):
    """``GET|HEAD /media/clips/{id}.mp4?wm=&sig=``: a video's preview clip."""

    def __init__(self, services: Services, hot: HotObjects) -> None:
        super().__init__(services, hot)
        self.headers = self.public_headers(b"video/mp4")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        asset_id = scope["path_params"]["asset_id"]
        query = _query(scope)
        flag, signature = query.get("wm", ""), query.get("sig", "")
        if flag not in ("0", "1") or not self.services.media_urls.verify_clip(
            asset_id, flag, signature
        ):
            raise Forbidden(
                "The clip URL's signature is missing or not valid; use display URIs "
                "exactly as search and video responses give them.",
                code="InvalidDisplayUrl",
            )
        renditions = self.services.renditions
        rendition = renditions.cached_clip(asset_id, flag == "1")
        if rendition is None:
            asset = await to_thread.run_sync(self.asset, asset_id, "Video")
            rendition = await to_thread.run_sync(renditions.preview_clip, asset, flag == "1")
        await self.send(scope, send, _known(rendition), self.headers)


def media_routes(services: Services) -> list[BaseRoute]:
    """The display and delivery routes, sharing one memory tier of hot files, and the
    rights page licensed files link to."""
    hot = HotObjects(services.settings.media_memory_cache_mb * MIB)
    display = DisplayEndpoint(services, hot)
    services.catalog.on_change(display.seen.clear)
    delivery = DeliveryEndpoint(services, hot)
    clips = ClipEndpoint(services, hot)
    return [
        Route("/media/clips/{asset_id}.mp4", clips, methods=["GET", "HEAD"]),
        Route("/media/display/{size}/{asset_id}.jpg", display, methods=["GET", "HEAD"]),
        Route("/media/delivery/{asset_id}/{size}", delivery, methods=["GET", "HEAD"]),
        generated_route(services),
        rights_route(services),
    ]
