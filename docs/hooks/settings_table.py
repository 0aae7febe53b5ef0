"""mkdocs hook: the Configuration page's table is generated from the declared settings."""

from __future__ import annotations

from typing import Any

from photobank.config import settings_table

MARKER = "<!-- settings-table -->"


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Put the settings table where the Configuration page has its marker."""
    if page.file.src_uri != "configuration.md":
        return markdown
    if MARKER not in markdown:
        raise ValueError(f"configuration.md lost its {MARKER} marker")
    return markdown.replace(MARKER, settings_table())
