"""A customer's journey through the web interface in Debian's headless Chromium.

A real ``photobank serve --demo`` (300 assets) and a real browser: search,
filter, open an asset, sign in as the demo customer, license a size and open
the downloaded file, add the asset to a new board and find it there and in the
download history. Every page is checked for JavaScript console errors and
failed sub-requests, the main ones with axe-core too (no serious or critical
violation), and photographed into ``tests/web/screenshots/``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from photobank.emulator.process import ServerOptions
from photobank.testing import PhotobankEmulator
from tests.deployment import running_emulator
from tests.web.chromium import LOADED, SCREENSHOTS, chromium, page_is_clean, until


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PhotobankEmulator]:
    with running_emulator(tmp_path_factory.mktemp("web"), ServerOptions(assets=300)) as running:
        yield running


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Any]:
    with chromium(downloads) as driver:
        yield driver


def _result_count(driver: Any) -> int:
    text = until(driver, lambda d: d.find_element(By.ID, "result-count")).text
    return int(re.match(r"[\d,]+", text).group(0).replace(",", ""))  # type: ignore[union-attr]


def _first_images_loaded(driver: Any, selector: str, count: int) -> list[Any]:
    images = driver.find_elements(By.CSS_SELECTOR, selector)[:count]
    assert images, f"no images match {selector}"
    until(driver, lambda d: all(d.execute_script(LOADED, img) for img in images))
    return list(images)


def _query(driver: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def test_search_filter_open_sign_in_license_and_keep(
    server: PhotobankEmulator, browser: Any, downloads: Path
) -> None:
    browser.get(f"{server.base_url}/")
    page_is_clean(browser, "home", accessible=True)

    phrase = browser.find_element(By.ID, "phrase")
    phrase.send_keys("mountai")  # the box offers the catalog's keywords as one types
    options = "#phrase-completions option"
    offered = until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, options))
    assert all(o.get_attribute("value").startswith("mountai") for o in offered)
    phrase.send_keys("n")
    phrase.submit()
    until(browser, lambda d: "phrase=mountain" in d.current_url)
    everything = _result_count(browser)
    assert everything > 0
    assert "for “mountain”" in browser.find_element(By.ID, "result-count").text
    _first_images_loaded(browser, ".grid img", 4)
    page_is_clean(browser, "search", accessible=True)

    Select(browser.find_element(By.ID, "f-orientation")).select_by_value("horizontal")
    until(browser, lambda d: "orientation=horizontal" in d.current_url)  # the script submits
    assert _query(browser)["phrase"] == ["mountain"]
    assert 0 < _result_count(browser) <= everything
    page_is_clean(browser, "search-filtered")
    browser.back()
    until(browser, lambda d: "orientation" not in d.current_url)
    browser.forward()
    until(browser, lambda d: "orientation=horizontal" in d.current_url)

    tile = _first_images_loaded(browser, ".grid img", 1)[0]
    title = tile.get_attribute("alt")
    tile.click()
    heading = until(browser, lambda d: d.find_element(By.ID, "asset-title"))
    assert heading.text == title
    _first_images_loaded(browser, ".hero img", 1)
    asset_url = browser.current_url
    page_is_clean(browser, "asset", accessible=True)

    browser.find_element(By.CSS_SELECTOR, ".licence a[href^='/sign-in']").click()
    until(browser, lambda d: d.find_element(By.ID, "username")).send_keys(server.username)
    browser.find_element(By.ID, "password").send_keys(server.password)
    page_is_clean(browser, "sign-in", accessible=True)
    browser.find_element(By.ID, "password").submit()
    until(browser, lambda d: d.current_url == asset_url)
    assert "Signed in as" in browser.find_element(By.CSS_SELECTOR, ".top").text
    assert "downloads left" in browser.find_element(By.CSS_SELECTOR, ".licence").text
    page_is_clean(browser, "asset-signed-in")

    size = Select(browser.find_element(By.ID, "size"))
    size.select_by_index(0)  # the smallest: the quickest download
    height = int(size.first_selected_option.get_attribute("value"))
    browser.find_element(By.ID, "license-button").click()
    downloaded = until(browser, lambda d: _finished_download(downloads))
    with Image.open(downloaded) as image:
        assert image.format == "JPEG" and image.height == height
    page_is_clean(browser, "licensed")

    browser.get(asset_url)
    Select(browser.find_element(By.CSS_SELECTOR, ".boards-panel select")).select_by_value("")
    browser.find_element(By.CSS_SELECTOR, ".boards-panel input[name=name]").send_keys("Picks")
    browser.find_element(By.CSS_SELECTOR, ".boards-panel button").click()
    heading = until(browser, lambda d: d.find_element(By.ID, "board-name-heading"))
    assert heading.text == "Picks" and "1 asset" in browser.find_element(By.ID, "board-count").text
    on_board = _first_images_loaded(browser, ".grid img", 1)
    assert [img.get_attribute("alt") for img in on_board] == [title]
    page_is_clean(browser, "board", accessible=True)

    browser.find_element(By.LINK_TEXT, "Downloads").click()
    assert title in until(browser, lambda d: d.find_element(By.ID, "downloads")).text
    page_is_clean(browser, "downloads")


def _finished_download(folder: Path) -> Path | None:
    files = [f for f in folder.iterdir() if not f.name.endswith(".crdownload")]
    if files and files[0].stat().st_size > 0:
        time.sleep(0.2)  # Chromium renames the file when done; let the rename settle
        return files[0]
    return None


def test_unknown_asset_page_is_a_readable_404(server: PhotobankEmulator, browser: Any) -> None:
    browser.get(f"{server.base_url}/assets/000000")
    assert "No such image" in browser.find_element(By.TAG_NAME, "h1").text
    SCREENSHOTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "not-found.png"))
    # The page itself is the only failure: its 404 is logged, nothing else.
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert all("/assets/000000" in e for e in errors)
