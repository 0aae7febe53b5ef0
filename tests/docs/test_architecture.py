"""docs/architecture.md names only modules and rooms that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
SOURCE = ROOT / "src" / "photobank"


def test_every_module_and_room_the_page_names_exists() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text()
    named = set(re.findall(r"`([a-z_/]+(?:\.py|/))`", page))
    assert len(named) > 20
    missing = [
        name for name in named if not (SOURCE / name).exists() and not any(SOURCE.glob(f"*/{name}"))
    ]
    assert missing == []
