"""Partner channels over the change log, and the change-sets they hand out.

See :mod:`photobank.changes` for which channels exist and what they carry.
Handing out a change-set is serialised per process and locks the channel's
row (``FOR UPDATE``, where the database has it), so two concurrent requests
on one channel never make two sets.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    and_,
    case,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from photobank.auth.caller import MISSING_ACCESS_TOKEN, Caller
from photobank.changes.models import (
    CHANNEL_KINDS,
    LIFECYCLES,
    RETENTION,
    ChangeSet,
    Channel,
    Notification,
    Partner,
)
from photobank.clock import Clock, as_utc
from photobank.errors import NotFound, Unauthenticated
from photobank.store import tables as t

_CH, _SET, _LOG, _ASSET = (
    t.asset_change_channels.c,
    t.asset_change_sets.c,
    t.asset_changes.c,
    t.assets.c,
)
CHANNEL_NOT_FOUND = "The channel you specified does not exist"
CHANGE_SET_NOT_FOUND = "Transaction was not found"


class PartnerTokenRequired(Unauthenticated):
    """A partner's channels were asked for with its Api-Key alone, without a token."""


class ChannelNotFound(NotFound):
    """The partner has no channel of that id."""

    code = "ChannelNotFound"


class ChangeSetNotFound(NotFound):
    """The partner has no open change set of that id."""

    code = "ChangeSetNotFound"


class AssetChangeService:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._lock = threading.Lock()

    def partner(self, caller: Caller) -> Partner:
        """The partner a caller reads channels as: its API client, which must show an
        access token of its own (any grant, a customer's or the client's alone)."""
        if caller.token is None:
            raise PartnerTokenRequired(MISSING_ACCESS_TOKEN)
        return Partner(caller.client.id)

    def channels(self, partner: Partner) -> list[Channel]:
        """The partner's channels (made on first use), with what each holds pending."""
        client_id = partner.client_id
        self._provision(client_id)
        cutoff = self._clock.now() - RETENTION
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(t.asset_change_channels).where(_CH.client_id == client_id).order_by(_CH.id)
            ).all()
            return _with_pending(conn, rows, cutoff)

    def next_change_set(
        self, partner: Partner, channel_id: int, batch_size: int
    ) -> ChangeSet | None:
        """The channel's unconfirmed change-set, else a new one of up to ``batch_size``
        pending changes; ``None`` when nothing is pending."""
        with self._lock, self._engine.begin() as conn:
            channel = conn.execute(
                select(t.asset_change_channels)
                .where(_CH.id == channel_id, _CH.client_id == partner.client_id)
                .with_for_update()
            ).first()
            if channel is None:
                raise ChannelNotFound(CHANNEL_NOT_FOUND)
            pending = conn.execute(
                select(_SET.id, _SET.notifications).where(
                    _SET.channel_id == channel_id, _SET.confirmed_at.is_(None)
                )
            ).first()
            if pending is not None:
                items = tuple(_notification(item) for item in pending.notifications)
                return ChangeSet(pending.id, items, redelivered=True)
            now = self._clock.now()
            items = _oldest_pending(conn, channel, now - RETENTION, batch_size)
            if not items:
                return None
            new_id = conn.execute(
                insert(t.asset_change_sets).values(
                    channel_id=channel_id,
                    last_seq=items[-1].seq,
                    notifications=[_stored(item) for item in items],
                    created_at=now,
                )
            ).inserted_primary_key
            assert new_id is not None
            return ChangeSet(int(new_id[0]), items, redelivered=False)

    def confirm(self, partner: Partner, change_set_id: int) -> None:
        """Acknowledge a change-set of the partner's: its changes are not delivered again.
        Confirming one already confirmed changes nothing."""
        if not 0 < change_set_id <= t.MAX_ID:
            raise ChangeSetNotFound(f"{CHANGE_SET_NOT_FOUND}: {change_set_id}")
        with self._lock, self._engine.begin() as conn:
            found = conn.execute(
                select(_SET.channel_id, _SET.last_seq, _SET.confirmed_at)
                .join(t.asset_change_channels, _CH.id == _SET.channel_id)
                .where(_SET.id == change_set_id, _CH.client_id == partner.client_id)
            ).first()
            if found is None:
                raise ChangeSetNotFound(f"{CHANGE_SET_NOT_FOUND}: {change_set_id}")
            if found.confirmed_at is not None:
                return
            conn.execute(
                update(t.asset_change_sets)
                .where(_SET.id == change_set_id)
                .values(confirmed_at=self._clock.now(), notifications=[])
            )
            conn.execute(
                update(t.asset_change_channels)
                .where(_CH.id == found.channel_id)
                .values(confirmed_seq=found.last_seq)
            )

    def _provision(self, client_id: int) -> None:
        with self._engine.connect() as conn:
            have = {
                (row.asset_family, row.asset_type)
                for row in conn.execute(
                    select(_CH.asset_family, _CH.asset_type).where(_CH.client_id == client_id)
                )
            }
        missing = [kind for kind in CHANNEL_KINDS if kind not in have]
        if not missing:
            return
        now = self._clock.now()
        rows = [
            {"client_id": client_id, "asset_family": family, "asset_type": asset_type,
             "confirmed_seq": 0, "created_at": now}
            for family, asset_type in missing
        ]  # fmt: skip
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(t.asset_change_channels), rows)
        except IntegrityError:
            pass  # a concurrent request made them first


def _with_pending(conn: Connection, rows: Sequence[Any], cutoff: datetime) -> list[Channel]:
    """The channels with their pending counts, counted in one pass over the log."""
    if not rows:
        return []
    columns: list[Any] = []
    for row in rows:
        pending = _pending(row, cutoff)
        columns += [func.count(case((pending, 1))), func.min(case((pending, _LOG.changed_at)))]
    stats = conn.execute(
        select(*columns)
        .select_from(_log_with_assets())
        .where(_LOG.seq > min(row.confirmed_seq for row in rows), _LOG.changed_at >= cutoff)
    ).one()
    return [
        Channel(
            row.id,
            row.asset_family,
            row.asset_type,
            as_utc(row.created_at),
            int(stats[2 * index]),
            as_utc(oldest) if (oldest := stats[2 * index + 1]) is not None else None,
        )
        for index, row in enumerate(rows)
    ]


def _log_with_assets() -> Any:
    return t.asset_changes.outerjoin(t.assets, _ASSET.id == _LOG.asset_id)


def _pending(channel: Any, cutoff: datetime) -> ColumnElement[bool]:
    """Changes past the channel's cursor, still retained, that the channel carries
    (of a withdrawn asset, only its withdrawals)."""
    return and_(
        _LOG.seq > channel.confirmed_seq,
        _LOG.changed_at >= cutoff,
        or_(
            _LOG.change_type == "delete",
            and_(
                _ASSET.asset_family == channel.asset_family,
                _ASSET.asset_type == channel.asset_type,
                or_(_ASSET.withdrawn_at.is_(None), _LOG.change_type == "withdraw"),
            ),
        ),
    )


def _oldest_pending(
    conn: Connection, channel: Any, cutoff: datetime, limit: int
) -> tuple[Notification, ...]:
    log = (_LOG.seq, _LOG.asset_id, _LOG.change_type, _LOG.changed_at)
    rows = conn.execute(
        select(*log, _ASSET.asset_type)
        .select_from(_log_with_assets())
        .where(_pending(channel, cutoff))
        .order_by(_LOG.seq)
        .limit(limit)
    ).all()
    lifecycles = _lifecycles(conn, rows)
    return tuple(
        Notification(
            row.seq,
            row.asset_id,
            lifecycles[row.seq],
            None if row.change_type == "delete" else row.asset_type,
            as_utc(row.changed_at),
        )
        for row in rows
    )


def _lifecycles(conn: Connection, rows: Sequence[Any]) -> dict[int, str]:
    """Each change's lifecycle by seq. An ingest (or restore) is ``new`` only if the
    asset did not exist just before (no earlier change, a delete or a withdrawal):
    loading an asset again, as emulator fixtures do, is an ``update``. The first
    change after a withdrawal is ``new``: partners dropped the asset on its delete."""
    if not rows:
        return {}
    history = conn.execute(
        select(_LOG.seq, _LOG.asset_id, _LOG.change_type)
        .where(_LOG.asset_id.in_(list({row.asset_id for row in rows})), _LOG.seq <= rows[-1].seq)
        .order_by(_LOG.seq)
    )
    latest: dict[str, str] = {}
    lifecycles: dict[int, str] = {}
    for seq, asset_id, change_type in history:
        before = latest.get(asset_id, "delete")
        lifecycle = LIFECYCLES.get(change_type, "update")
        if lifecycle == "new" and LIFECYCLES.get(before) != "delete":
            lifecycle = "update"
        elif lifecycle == "update" and before == "withdraw":
            lifecycle = "new"
        lifecycles[seq] = lifecycle
        latest[asset_id] = change_type
    return lifecycles


def _stored(item: Notification) -> list[Any]:
    return [item.seq, item.asset_id, item.lifecycle, item.asset_type, item.changed_at.isoformat()]


def _notification(stored: list[Any]) -> Notification:
    seq, asset_id, lifecycle, asset_type, changed_at = stored
    return Notification(seq, asset_id, lifecycle, asset_type, datetime.fromisoformat(changed_at))
