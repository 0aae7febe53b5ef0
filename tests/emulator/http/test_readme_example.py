"""The README's emulator example runs as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from photobank.testing import PhotobankEmulator

README = (Path(__file__).parents[3] / "README.md").read_text()


def test_the_retry_example_passes(photobank: PhotobankEmulator) -> None:
    found = re.search(r"<!-- emulator-example -->\n```python\n(.*?)```", README, re.S)
    assert found is not None
    namespace: dict[str, Any] = {}
    exec(compile(found.group(1), "README.md", "exec"), namespace)
    namespace["test_search_retries_when_throttled"](photobank)
