"""The console's failed sign-ins are counted for the deployment: guesses spread over the
nodes meet the same limit as on one node."""

from __future__ import annotations

import httpx

from photobank.accounts.attempts import LIMIT
from tests.multinode.conftest import Cluster
from tests.web.visitors import token


def _sign_in(browser: httpx.Client, operator_token: str) -> httpx.Response:
    page = browser.get("/console/sign-in")
    form = {"csrf_token": token(page.text), "token": operator_token, "next": "/console/"}
    return browser.post("/console/sign-in", data=form)


def test_wrong_tokens_spread_over_the_nodes_are_limited_as_on_one(cluster: Cluster) -> None:
    browsers = [httpx.Client(base_url=node.base, timeout=30) for node in cluster.nodes[:2]]
    try:
        for n in range(LIMIT):
            assert _sign_in(browsers[n % 2], "pbo_guess").status_code == 401
        for browser in browsers:  # even the right token waits now, on either node
            limited = _sign_in(browser, cluster.operator)
            assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    finally:
        for browser in browsers:
            browser.close()
