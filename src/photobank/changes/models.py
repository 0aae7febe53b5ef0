"""What the asset-change and send-event services return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# Getty removes notifications older than this from partner channels.
RETENTION = timedelta(days=60)
MAX_BATCH_SIZE = 2200
# The channels every partner has: (asset family, asset type).
CHANNEL_KINDS = (
    ("creative", "image"),
    ("editorial", "image"),
    ("creative", "video"),
    ("editorial", "video"),
)
# Getty reports an asset it took off offer as deleted; one back on offer is new again.
LIFECYCLES = {
    "ingest": "new",
    "update": "update",
    "delete": "delete",
    "withdraw": "delete",
    "restore": "new",
}


@dataclass(frozen=True, slots=True)
class Partner:
    """An API client reading its own channels (made by :meth:`AssetChangeService.partner`)."""

    client_id: int


@dataclass(frozen=True, slots=True)
class Channel:
    id: int
    asset_family: str
    asset_type: str
    created_at: datetime
    pending: int  # changes not yet confirmed, delivered or not
    oldest_pending: datetime | None


@dataclass(frozen=True, slots=True)
class Notification:
    seq: int
    asset_id: str
    lifecycle: str  # new | update | delete
    asset_type: str | None  # None for deletes: the asset is gone
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class ChangeSet:
    id: int
    notifications: tuple[Notification, ...]
    redelivered: bool  # handed out before and not confirmed since


@dataclass(frozen=True, slots=True)
class SendEvent:
    asset_id: str
    email_address: str
    at: datetime


@dataclass(frozen=True, slots=True)
class SendEventPage:
    events: tuple[SendEvent, ...]
    last_offset: datetime | None  # where the next request continues
