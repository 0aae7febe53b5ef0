"""What tells reference rows apart: the key ingest matches a mention on, which the
store keeps unique (each of ``keywords``, ``people``, ``locations`` and ``events``
has a ``name_key`` column under a unique index).

Keywords, places and events are matched case aside (``casefold``), people by
their name as written. An event is its name on a day, the day taken in UTC as
the store gives dates back.
"""

from __future__ import annotations

from datetime import datetime

from photobank.catalog.model import Event, Keyword, Location, Person
from photobank.clock import as_utc

_APART = "\x1f"  # between a key's parts (no name holds a unit separator)


def keyword_key(text: str) -> str:
    return text.casefold()


def person_key(name: str) -> str:
    return name


def location_key(name: str, city: str | None, state_province: str | None, country: str) -> str:
    return _APART.join((part or "").casefold() for part in (name, city, state_province, country))


def event_key(name: str, start: datetime) -> str:
    return f"{name.casefold()}{_APART}{as_utc(start).date().isoformat()}"


def name_key(value: Keyword | Person | Location | Event) -> str:
    """The key of a reference row."""
    match value:
        case Keyword():
            return keyword_key(value.text)
        case Person():
            return person_key(value.name)
        case Location():
            return location_key(value.name, value.city, value.state_province, value.country)
        case Event():
            return event_key(value.name, value.start_date)


def duplicate_key(key: str, row_id: int) -> str:
    """The key kept for a row whose key an earlier row holds (stored before keys were
    unique): unique, and never the key of a mention."""
    return f"{key}{_APART}#{row_id}"
