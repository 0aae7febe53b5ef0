"""Driving Debian's headless Chromium in the browser tests: the driver, waits, and the
checks every page passes (no console error, no failed sub-request, no serious or
critical axe-core violation), with a screenshot kept in ``tests/web/screenshots/``.

Skips the importing module when Chromium is absent on a developer's box; CI
must have it (``.ci/run`` installs it, and ``npm ci`` installs axe-core).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("CI") == "true":
        pytest.fail("CI must install chromium and chromium-driver (.ci/run)", pytrace=False)
    pytest.skip("chromium and chromedriver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402  (only once the browser is known to be there)
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SCREENSHOTS = Path(__file__).parent / "screenshots"
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WAIT = 60.0  # renditions are made on first request: slow on a busy machine
# Sub-requests of the page that failed (HTTP status >= 400 or no answer at all).
_FAILED_REQUESTS = """
return performance.getEntriesByType("resource")
  .filter(e => e.responseStatus >= 400 || (e.responseStatus === 0 && e.transferSize === 0
    && e.decodedBodySize === 0 && e.initiatorType !== "other"))
  .map(e => e.name + " " + e.responseStatus);
"""
LOADED = "return arguments[0].complete && arguments[0].naturalWidth"
# axe-core's run, answered through WebDriver's async callback: the serious and critical
# violations, each as "rule: target, target …".
_AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(result => done(
  result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))
), error => done(["axe failed: " + error]));
"""


@contextmanager
def chromium(downloads: Path | None = None) -> Iterator[Any]:
    """A headless Chromium (1280 x 1000) logging the console, quit on exit."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if downloads is not None:
        options.add_experimental_option(
            "prefs",
            {"download.default_directory": str(downloads), "download.prompt_for_download": False},
        )
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_script_timeout(WAIT)
    if downloads is not None:
        driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
    try:
        yield driver
    finally:
        driver.quit()


def until(driver: Any, condition: Callable[[Any], Any]) -> Any:
    return WebDriverWait(driver, WAIT).until(condition)


def page_is_clean(driver: Any, name: str, accessible: bool = False) -> None:
    """No console error, no failed sub-request; a screenshot of the page is kept.
    ``accessible``: axe-core finds no serious or critical violation either."""
    SCREENSHOTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], f"{name}: console errors"
    assert driver.execute_script(_FAILED_REQUESTS) == [], f"{name}: failed sub-requests"
    if accessible:
        assert axe_violations(driver) == [], f"{name}: accessibility"


def axe_violations(driver: Any) -> list[str]:
    """axe-core's serious and critical violations on the page (injected by WebDriver,
    which the page's Content-Security-Policy does not govern)."""
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install axe-core: npm ci in tests/web/axe (.ci/run)")
        pytest.skip("axe-core is not installed: (cd tests/web/axe && npm ci)")
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(AXE.read_text())
    violations: list[str] = driver.execute_async_script(_AXE_RUN)
    return violations
