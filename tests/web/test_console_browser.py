"""The operator console in Debian's headless Chromium, against a real emulator server.

Three journeys: upload three photos (the console's script sends each with its
own progress bar) and find them in the customers' search; create an API client
and call the API with its key; add a fault rule and find the failed request in
the journal. Every page is checked for console errors and failed sub-requests,
the main ones with axe-core, and photographed into ``tests/web/screenshots/``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from photobank.emulator.process import ServerOptions
from photobank.testing import PhotobankEmulator
from tests.deployment import environment, running_emulator
from tests.web.chromium import LOADED, chromium, page_is_clean, until


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PhotobankEmulator, str]]:
    data = tmp_path_factory.mktemp("console")
    with running_emulator(data, ServerOptions(assets=30)) as running:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
        issued = subprocess.run(
            [sys.executable, "-m", "photobank", "operator-token"],
            env={**env, **environment(data)}, capture_output=True, text=True,
            check=True,
        )  # fmt: skip
        yield running, issued.stdout.strip()


@pytest.fixture(scope="module")
def browser(server: tuple[PhotobankEmulator, str]) -> Iterator[Any]:
    running, token = server
    with chromium() as driver:
        driver.get(f"{running.base_url}/console/")
        until(driver, lambda d: d.find_element(By.ID, "token")).send_keys(token)
        page_is_clean(driver, "console-sign-in", accessible=True)
        driver.find_element(By.ID, "token").submit()
        until(driver, lambda d: d.find_element(By.ID, "counts"))
        yield driver


def _api(base: str, path: str, api_key: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(base + path, headers={"Api-Key": api_key})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"{}")


def test_uploaded_photos_appear_in_search(
    server: tuple[PhotobankEmulator, str], browser: Any, tmp_path: Path
) -> None:
    base = server[0].base_url
    page_is_clean(browser, "console-catalog", accessible=True)
    browser.find_element(By.LINK_TEXT, "Upload").click()
    files = []
    for i, name in enumerate(("one", "two", "three")):
        image = Image.new("RGB", (640, 480), (40 + 70 * i, 120, 200))
        ImageDraw.Draw(image).ellipse((160, 120, 480, 360), fill=(250, 210, 40))
        image.save(path := tmp_path / f"quokka-{name}.jpg", quality=90)
        files.append(str(path))
    until(browser, lambda d: d.find_element(By.ID, "files")).send_keys("\n".join(files))
    page_is_clean(browser, "console-upload", accessible=True)
    browser.find_element(By.ID, "upload-button").click()
    summary = until(browser, lambda d: "added" in d.find_element(By.ID, "upload-summary").text
                    and d.find_element(By.ID, "upload-summary"))  # fmt: skip
    assert summary.text.startswith("3 added, 0 updated, 0 unchanged, 0 failed")
    bars = browser.find_elements(By.CSS_SELECTOR, "#upload-files progress")
    assert len(bars) == 3 and all(b.get_attribute("value") == b.get_attribute("max") for b in bars)
    outcomes = [o.text for o in browser.find_elements(By.CSS_SELECTOR, "#upload-files .outcome")]
    assert outcomes == ["added"] * 3
    page_is_clean(browser, "console-uploaded")

    browser.get(f"{base}/search?phrase=quokka")
    assert until(browser, lambda d: d.find_element(By.ID, "result-count")).text.startswith("3 ")
    images = browser.find_elements(By.CSS_SELECTOR, ".grid img")
    until(browser, lambda d: all(d.execute_script(LOADED, img) for img in images))
    assert sorted(img.get_attribute("alt") for img in images) == sorted(
        f"quokka-{n}" for n in ("one", "two", "three")
    )
    page_is_clean(browser, "console-uploads-in-search")


def test_a_new_client_key_answers_api_calls(
    server: tuple[PhotobankEmulator, str], browser: Any
) -> None:
    base = server[0].base_url
    browser.get(f"{base}/console/clients")
    until(browser, lambda d: d.find_element(By.ID, "client-name")).send_keys("Brand site")
    page_is_clean(browser, "console-clients", accessible=True)
    browser.find_element(By.ID, "create-client").click()
    key = until(browser, lambda d: d.find_element(By.ID, "api-key")).text
    assert browser.find_element(By.ID, "api-secret").text
    page_is_clean(browser, "console-client-created", accessible=True)
    status, body = _api(base, "/v3/search/images", key)  # whatever the other tests uploaded
    assert status == 200 and body["result_count"] >= 1


def test_a_fault_rule_shows_in_the_journal(
    server: tuple[PhotobankEmulator, str], browser: Any
) -> None:
    running = server[0]
    browser.get(f"{running.base_url}/console/emulator")
    until(browser, lambda d: d.find_element(By.ID, "fault-path")).send_keys("/v3/search/*")
    Select(browser.find_element(By.ID, "fault-preset")).select_by_value("unavailable")
    page_is_clean(browser, "console-emulator", accessible=True)
    browser.find_element(By.ID, "add-fault-button").click()
    rules = until(browser, lambda d: d.find_element(By.ID, "fault-rules"))
    assert "/v3/search/*" in rules.text and "unavailable" in rules.text
    status, _ = _api(running.base_url, "/v3/search/images?phrase=sky", running.api_key)
    assert status == 503

    browser.get(f"{running.base_url}/console/emulator/journal?status=503")
    journal = until(browser, lambda d: d.find_element(By.ID, "journal"))
    assert "/v3/search/images" in journal.text and "503" in journal.text
    page_is_clean(browser, "console-journal", accessible=True)
    journal.find_element(By.CSS_SELECTOR, "tbody a").click()
    assert until(browser, lambda d: d.find_element(By.ID, "exchange-status")).text == "503"
    page_is_clean(browser, "console-exchange", accessible=True)

    browser.get(f"{running.base_url}/console/traffic")
    assert "/v3/search/images" in until(browser, lambda d: d.find_element(By.ID, "routes")).text
    page_is_clean(browser, "console-traffic", accessible=True)
