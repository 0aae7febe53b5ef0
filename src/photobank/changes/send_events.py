"""Send events: the assets sent to a customer, oldest first, to poll from an offset.

An asset is *sent* when a download request of the customer's produced a
delivery URL for it (a ``downloads`` record, charged or not); the event names
the customer's e-mail address, as Getty's does for the user who sent it.

Events are read strictly after ``last_offset`` (a time). So that polling from
the returned offset loses nothing, a page never ends part-way through events
of one instant: those are left for the next page, unless they alone fill it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select

from photobank.changes.models import SendEvent, SendEventPage
from photobank.clock import as_utc
from photobank.store import tables as t

_D, _C = t.downloads.c, t.customers.c


class SendEventService:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def events(self, customer_id: int, after: datetime | None, count: int) -> SendEventPage:
        """Up to ``count`` of the customer's send events after ``after``, oldest first."""
        query = (
            select(_D.asset_id, _C.email, _D.downloaded_at)
            .join(t.customers, _C.id == _D.customer_id)
            .where(_D.customer_id == customer_id)
            .order_by(_D.downloaded_at, _D.id)
            .limit(count + 1)
        )
        if after is not None:
            query = query.where(_D.downloaded_at > after)
        with self._engine.connect() as conn:
            found = [SendEvent(row[0], row[1], as_utc(row[2])) for row in conn.execute(query)]
        page = found[:count]
        if len(found) > count and found[count].at == page[-1].at:
            page = [event for event in page if event.at != page[-1].at] or page
        return SendEventPage(tuple(page), page[-1].at if page else after)
