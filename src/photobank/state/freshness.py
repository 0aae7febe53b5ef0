"""Every process answers from the present: after another process commits a change that
a cache here could hold, this one forgets its caches before its next request.

The mechanism (embedded deployment): the store's engine notes, per pooled
connection, whether a transaction wrote a table that some in-memory cache
reads; when such a connection goes back to the pool after its commit, the
shared :class:`~photobank.state.generation.Generation` is bumped. Before each
request, :class:`CatchUp` compares the generation with the one this process
last saw and, when another process moved it, clears every service's caches
(:meth:`photobank.composition.Services.clear_caches`): the asset, account,
token, product and watermark caches, the encoded answers, and the search
index's reader, which reloads to the index's latest commit.

With Redis, reading the generation is a round trip, as is the throttle's count:
for the paths a gateway authenticates (v3 and legacy), :class:`CatchUp` leaves
the catch-up to the gateway (:func:`checked_caller`), which does both in one
(:mod:`photobank.state.redis_checkpoint`); a call the gateway does not count
catches up alone (:func:`caught_up`).

Tables no cache reads (quota counts, download history, boards, orders, upload
staging) do not bump, so searches, downloads and token grants do not make the
other processes forget anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event
from sqlalchemy.sql.dml import Insert, UpdateBase
from sqlalchemy.sql.elements import TextClause
from starlette.types import ASGIApp, Receive, Scope, Send

from photobank.errors import DomainError
from photobank.state.generation import Checkpoint, Generation, GenerationMoved

if TYPE_CHECKING:
    from photobank.auth.caller import Caller
    from photobank.auth.throttle import Throttle

# Tables whose rows no in-memory cache holds: writing them tells nobody.
QUIET_TABLES = frozenset(
    {
        "daily_usage",
        "orders",
        "licences",
        "downloads",
        "extended_licences",
        "usage_batches",
        "usage_reports",
        "pending_originals",
        "boards",
        "board_collaborators",
        "board_assets",
        "board_comments",
        "asset_change_channels",
        "asset_change_sets",
        "visual_uploads",
        "oauth_codes",
        "fixture_files",
        "ingested_files",
    }
)
# A new row here is read from the store on a cache miss; changing one is not.
QUIET_INSERTS = frozenset({"oauth_tokens"})
_WROTE, _COMMITTED = "photobank.wrote", "photobank.committed"
_READS = ("SELECT", "PRAGMA", "WITH", "EXPLAIN")


def watch_writes(engine: Engine, generation: Generation) -> None:
    """Bump ``generation`` after each committed transaction on ``engine`` that wrote a
    table some cache reads (counted once the connection is back in the pool, i.e.
    after the commit is visible to every other process)."""

    def executed(conn: Any, statement: Any, *_args: Any) -> None:
        if _loud(statement):
            conn.info[_WROTE] = True

    def committed(conn: Any) -> None:
        if conn.info.pop(_WROTE, False):
            conn.info[_COMMITTED] = True

    def rolled_back(conn: Any) -> None:
        conn.info.pop(_WROTE, None)

    def checked_in(_dbapi: Any, record: Any) -> None:
        if record.info.pop(_COMMITTED, False):
            generation.bump()

    event.listen(engine, "after_execute", executed)
    event.listen(engine, "commit", committed)
    event.listen(engine, "rollback", rolled_back)
    event.listen(engine, "checkin", checked_in)


def _loud(statement: Any) -> bool:
    """Whether ``statement`` writes something a cache could hold."""
    if isinstance(statement, UpdateBase):
        name = getattr(statement.table, "name", "")
        if isinstance(statement, Insert) and name in QUIET_INSERTS:
            return False
        return name not in QUIET_TABLES
    if isinstance(statement, TextClause | str):
        return not str(statement).lstrip().upper().startswith(_READS)
    return False  # a select


PENDING = "photobank.catch_up"  # the scope's key of a catch-up left to the gateway


@dataclass(frozen=True, slots=True)
class PendingCatchUp:
    """A request's catch-up, left to its gateway to do with the throttle step."""

    checkpoint: Checkpoint
    generation: Generation
    refresh: Callable[[], None]


class CatchUp:
    """ASGI middleware: before a request, forget what another process made stale."""

    def __init__(
        self,
        app: ASGIApp,
        generation: Generation,
        refresh: Callable[[], None],
        checkpoint: Checkpoint | None = None,
        deferred: tuple[str, ...] = (),
    ) -> None:
        """``checkpoint``: with one, requests under the ``deferred`` path prefixes leave
        their catch-up to the gateway there (:func:`checked_caller`)."""
        self._app = app
        self._generation = generation
        self._refresh = refresh
        self._pending = (
            None if checkpoint is None else PendingCatchUp(checkpoint, generation, refresh)
        )
        self._deferred = deferred if checkpoint is not None else ()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if self._deferred and scope["path"].startswith(self._deferred):
                scope[PENDING] = self._pending
            elif self._generation.stale():
                self._refresh()
        await self._app(scope, receive, send)


def caught_up(scope: Scope) -> None:
    """The catch-up :class:`CatchUp` left to this request's gateway, done alone: for a
    call that counts nothing against a client (a session's creation, say)."""
    pending: PendingCatchUp | None = scope.pop(PENDING, None)
    if pending is not None and pending.generation.stale():
        pending.refresh()


def checked_caller(
    scope: Scope,
    authenticate: Callable[[], Caller],
    throttle: Throttle,
    refusals: tuple[type[Exception], ...] = (DomainError,),
) -> Caller:
    """The request's caller, counted by ``throttle`` (or its :class:`~photobank.errors.
    DomainError`), and, when :class:`CatchUp` left it here, the catch-up in the same
    round trip: caches that turn out stale are forgotten and the caller read again.
    ``refusals``: what ``authenticate`` raises to refuse a caller."""
    pending: PendingCatchUp | None = scope.pop(PENDING, None)
    if pending is not None:
        try:
            caller = authenticate()
        except refusals:
            if not pending.generation.stale():
                raise  # refused by caches that are up to date
            pending.refresh()
        else:
            try:
                throttle.check(caller.client, pending.checkpoint.acquire)
                return caller
            except GenerationMoved:
                pending.refresh()
    caller = authenticate()
    throttle.check(caller.client)
    return caller
