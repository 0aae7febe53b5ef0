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


def test_every_guarantee_names_tests_that_exist() -> None:
    root = Path(__file__).parents[2]
    section = README.split("## Guarantees\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "`tests/" in line]
    assert len(rows) >= 8
    for row in rows:
        current: Path | None = None
        for reference in re.findall(r"`((?:tests/[^`:]+)?(?:::\w+)?)`", row.split(" | ")[-1]):
            path, _, name = reference.partition("::")
            if path:
                current = root / path
                assert current.exists(), reference
            if name:
                assert current is not None and current.is_file(), reference
                assert f"def {name}(" in current.read_text(), reference
