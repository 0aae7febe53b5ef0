"""The Guarantees page names, for each promise, tests that exist."""

from __future__ import annotations

import re

from tests.docs.examples import ROOT, markdown


def test_every_guarantee_names_tests_that_exist() -> None:
    rows = [line for line in markdown("guarantees.md").splitlines() if "`tests/" in line]
    assert len(rows) >= 8
    for row in rows:
        current = None
        for reference in re.findall(r"`((?:tests/[^`:]+)?(?:::\w+)?)`", row.split(" | ")[-1]):
            path, _, name = reference.partition("::")
            if path:
                current = ROOT / path
                assert current.exists(), reference
            if name:
                assert current is not None and current.is_file(), reference
                assert f"def {name}(" in current.read_text(), reference
