"""How soon a person sees the search page: first contentful paint in Chromium.

``python -m bench.paint [--assets N] [--data-dir DIR] [--loads N]`` serves the
bench catalog (see :mod:`bench.catalog`) with ``photobank serve`` and loads
the search page in Debian's headless Chromium, each time a different query
with the browser's cache disabled (so the stylesheet, script and thumbnails
are fetched every time, as on a first visit). Printed: the median and worst
first contentful paint, and when the page's HTML finished arriving, both from
the browser's own Paint and Navigation Timing entries.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.catalog import OUT, chosen_catalog
from bench.server import api_key, running_server

_PHRASES = ["mountain", "city", "beach", "people", "river", "night", "forest", "market"]
_TIMINGS = """
const done = arguments[arguments.length - 1];
const page = performance.getEntriesByType("navigation")[0];
new PerformanceObserver((list) => {
  const paint = list.getEntriesByName("first-contentful-paint")[0];
  if (paint) done([paint.startTime, page.responseEnd]);
}).observe({type: "paint", buffered: true});
"""


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.paint", description=__doc__)
    p.add_argument("--assets", type=int, default=10_000, help="demo catalog size")
    p.add_argument("--data-dir", type=Path, help="an already built catalog")
    p.add_argument("--loads", type=int, default=16, help="page loads measured")
    return p.parse_args(argv)


def _browser() -> Any:
    from selenium import webdriver  # the test extra: only the benchmark needs a browser

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        raise SystemExit("bench.paint needs Debian's chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,1000")
    browser = webdriver.Chrome(options=options, service=webdriver.ChromeService(driver))
    browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    browser.set_script_timeout(30)
    return browser


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    data_dir = chosen_catalog(args.data_dir, args.assets, 42)
    log = OUT / "paint-server.log"
    with running_server(data_dir, api_key(data_dir), log) as server:
        browser = _browser()
        try:
            paints, arrivals = [], []
            for n in range(args.loads + 2):
                query = {"phrase": _PHRASES[n % len(_PHRASES)], "page": str(1 + n // 8)}
                browser.get(f"{server.base_url}/search?{urlencode(query)}")
                paint, arrived = browser.execute_async_script(_TIMINGS)
                if n >= 2:  # the first two warm the server up
                    paints.append(float(paint))
                    arrivals.append(float(arrived))
        finally:
            browser.quit()
    figures = {
        "loads": len(paints),
        "first_contentful_paint_p50_ms": round(statistics.median(paints), 1),
        "first_contentful_paint_max_ms": round(max(paints), 1),
        "html_arrived_p50_ms": round(statistics.median(arrivals), 1),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
