"""Asset-change channels and change-sets, and asset send events (v3 wire).

The domain is :mod:`photobank.changes`: a partner is the API client behind
the Api-Key, so channels and change-sets need an access token of that client
(any grant); send events are a signed-in customer's, so they need a user token.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from photobank.api.http import json_response
from photobank.api.v3.common import base_url, caller, content_language, query_params, services
from photobank.api.v3.params import operation_code, parse_path, parse_query
from photobank.api.v3.projection_context import iso
from photobank.api.v3.user import require_customer
from photobank.changes.models import MAX_BATCH_SIZE, ChangeSet, Channel, Notification, Partner
from photobank.errors import InvalidParameter

_LIFECYCLES = {"new": "New", "update": "Update", "delete": "Delete"}
_TYPES = {"image": "Image", "video": "Film"}
_TYPE_NAMES = {"image": "images", "video": "videos"}
_DEFAULT_EVENT_COUNT, _MAX_EVENT_COUNT = 50, 100
_NO_CACHE = {"Cache-Control": "no-cache", "Pragma": "no-cache", "Expires": "-1"}


def _partner(request: Request) -> Partner:
    """The API client whose channels these are (refused without a token of it)."""
    return services(request).asset_changes.partner(caller(request))


async def list_channels(request: Request) -> Response:
    """``GET /v3/asset-changes/channels``."""
    partner = _partner(request)
    found = await run_in_threadpool(services(request).asset_changes.channels, partner)
    return json_response([_channel_document(channel) for channel in found])


async def put_change_set(request: Request) -> Response:
    """``PUT /v3/asset-changes/change-sets``: the channel's pending changes, as one set."""
    partner = _partner(request)
    path = "/v3/asset-changes/change-sets"
    params = parse_query(path, query_params(request), "put")
    if params["channel_id"] is None:
        raise InvalidParameter(
            "channel_id", "Parameter 'channel_id' is required: see GET /v3/asset-changes/channels.",
            code=operation_code(path, "put", "channel_id"),
        )  # fmt: skip
    change_set = await run_in_threadpool(
        services(request).asset_changes.next_change_set,
        partner,
        params["channel_id"],
        params["batch_size"] or MAX_BATCH_SIZE,
    )
    if change_set is None:
        # The contract's prose promises "an empty response body", its schema an
        # AssetChanges object: the schema's empty one serves clients of either.
        return json_response({"change_set_id": None, "changed_assets": []}, headers=_NO_CACHE)
    status = 200 if change_set.redelivered else 201
    return json_response(_change_set_document(change_set, base_url(request)), status=status)


async def confirm_change_set(request: Request) -> Response:
    """``DELETE /v3/asset-changes/change-sets/{change-set-id}``: acknowledge a set."""
    partner = _partner(request)
    path, name = "/v3/asset-changes/change-sets/{change-set-id}", "change-set-id"
    change_set_id = parse_path(path, name, request.path_params["change_set_id"], "delete")
    await run_in_threadpool(services(request).asset_changes.confirm, partner, change_set_id)
    return Response(status_code=200, headers=_NO_CACHE)


async def send_events(request: Request) -> Response:
    """``GET /v3/asset-management/assets/send-events``: the customer's, after an offset."""
    customer = require_customer(request)
    params = parse_query("/v3/asset-management/assets/send-events", query_params(request))
    count = params["event_count"]
    if count is not None and not 1 <= count <= _MAX_EVENT_COUNT:
        raise InvalidParameter(
            "event_count",
            f"Invalid value '{count}' for parameter 'event_count': "
            f"it must be between 1 and {_MAX_EVENT_COUNT}.",
            code="EventCountOutOfRange",
        )
    page = await run_in_threadpool(
        services(request).send_events.events,
        customer.id,
        params["last_offset"],
        count or _DEFAULT_EVENT_COUNT,
    )
    body = {
        "asset_send_events": [
            {"asset_id": e.asset_id, "email_address": e.email_address, "timestamp": _exact(e.at)}
            for e in page.events
        ],
        "last_offset": _exact(page.last_offset) if page.last_offset else None,
    }
    return json_response(body, headers={"Content-Language": content_language(request)})


def _exact(value: datetime) -> str:
    """An offset to continue from: unlike :func:`iso`, it keeps the microseconds."""
    return value.isoformat().replace("+00:00", "Z")


def _channel_document(channel: Channel) -> dict[str, Any]:
    document: dict[str, Any] = {
        "ChannelId": channel.id,
        "AssetFamily": channel.asset_family.capitalize(),
        "AssetType": _TYPES[channel.asset_type],
        "AssetChangeType": None,
        "CreateDateUtc": iso(channel.created_at),
        "Metadata": f"{channel.asset_family.capitalize()} {_TYPE_NAMES[channel.asset_type]}",
        "NotificationCount": channel.pending,
    }
    if channel.oldest_pending is not None:
        document["OldestChangeNotificationDateUtc"] = iso(channel.oldest_pending)
    return document


def _change_set_document(change_set: ChangeSet, base: str) -> dict[str, Any]:
    return {
        "change_set_id": str(change_set.id),
        "changed_assets": [_changed_asset(n, base) for n in change_set.notifications],
    }


def _changed_asset(notification: Notification, base: str) -> dict[str, Any]:
    """A ``New`` one carries the download URL of the asset; nothing else does."""
    kind = notification.asset_type
    uri = None
    if notification.lifecycle == "new" and kind is not None:
        uri = f"{base}/v3/downloads/{_TYPE_NAMES[kind]}/{quote(notification.asset_id)}"
    return {
        "id": notification.asset_id,
        "asset_lifecycle": _LIFECYCLES[notification.lifecycle],
        "asset_type": _TYPES.get(kind) if kind else None,
        "asset_changed_utc_datetime": iso(notification.changed_at),
        "uri": uri,
    }


routes = [
    Route("/v3/asset-changes/channels", list_channels, methods=["GET"]),
    Route("/v3/asset-changes/change-sets", put_change_set, methods=["PUT"]),
    Route("/v3/asset-changes/change-sets/{change_set_id}", confirm_change_set, methods=["DELETE"]),
    Route("/v3/asset-management/assets/send-events", send_events, methods=["GET"]),
]
