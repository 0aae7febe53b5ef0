"""The README stays true: its settings table and its first commands."""

from __future__ import annotations

import re
from pathlib import Path

from photobank.config import settings_table

README = (Path(__file__).parents[2] / "README.md").read_text()


def test_settings_table_matches_the_declared_settings() -> None:
    table = re.search(r"<!-- settings-table -->\n(.*?)\n<!-- /settings-table -->", README, re.S)
    assert table is not None
    assert table.group(1) == settings_table()


def test_readme_opens_with_the_two_setup_commands() -> None:
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_block.startswith("make serve")
    assert "\nmake test" in first_block
