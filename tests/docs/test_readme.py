"""The README opens with the two commands, and links every page of the documentation site."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text()


def test_readme_opens_with_the_two_setup_commands() -> None:
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_block.startswith("make serve")
    assert "\nmake test" in first_block


def test_the_readme_links_every_page_of_the_site() -> None:
    linked = set(re.findall(r"\]\(docs/([\w-]+\.md)\)", README))
    assert linked == {page.name for page in (ROOT / "docs").glob("*.md")}
