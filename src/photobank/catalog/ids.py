"""Asset id syntax: digits, optionally a hyphenated numeric suffix (``200261415-001``)."""

from __future__ import annotations

import re

_ASSET_ID = re.compile(r"[0-9]{1,20}(?:-[0-9]{1,10})?")


def is_asset_id(text: str) -> bool:
    """True when ``text`` could name an asset; anything else is simply not found."""
    return _ASSET_ID.fullmatch(text) is not None
