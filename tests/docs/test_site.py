"""The documentation site builds offline with --strict, and loads nothing from elsewhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from photobank.config import Settings
from tests.docs.examples import DOCS, ROOT
from tests.sdk.support import require


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(find_spec("mkdocs") is not None, "mkdocs is not installed: pip install -e '.[docs]'")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml")]
    built = subprocess.run(
        [*command, "-d", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return out


def test_every_page_is_built_and_in_the_navigation(site: Path) -> None:
    # --strict also fails the build on a broken link or anchor.
    nav = (site / "index.html").read_text()
    pages = [page.stem for page in DOCS.glob("*.md") if page.stem != "index"]
    assert all((site / stem / "index.html").is_file() for stem in pages)
    missing = [f"docs/{stem}.md" for stem in pages if f'href="{stem}/"' not in nav]
    assert missing == [], "add these pages to the nav in mkdocs.yml"


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    loads = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.I)
    for html in site.rglob("*.html"):
        text = html.read_text()
        assert not loads.search(text), (html, loads.search(text))
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_the_configuration_page_lists_every_setting(site: Path) -> None:
    page = (site / "configuration" / "index.html").read_text()
    for name in Settings.model_fields:
        assert f"PHOTOBANK_{name.upper()}" in page, name
