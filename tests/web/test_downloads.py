"""Download history in the web interface, in-process."""

from __future__ import annotations

import re
from typing import Any

from starlette.testclient import TestClient

from photobank.composition import Services
from photobank.licensing.products import ProductTerms
from tests.shoppers import images, new_customer, premium
from tests.web.visitors import sign_in, token


def test_history_lists_a_licensed_image_and_downloads_it_again_for_free(
    app: Any, browser: TestClient, services: Services
) -> None:
    customer, password = new_customer(services)
    product = services.licensing.products.grant(
        customer.id, ProductTerms("premiumaccess", download_limit=1, agreement_name="One (web)")
    )
    asset = images(services, 1, premium)[0]
    sign_in(browser, customer.username, password)
    assert "Nothing downloaded yet" in browser.get("/downloads").text
    page = browser.get(f"/assets/{asset.id}").text
    height = re.findall(r'<option value="(\d+)"', page)[0]
    form = {"csrf_token": token(page), "size": height}
    assert browser.post(f"/assets/{asset.id}/license", data=form).status_code == 200

    history = browser.get("/downloads").text
    assert f'<a href="/assets/{asset.id}">{asset.title}</a>' in history
    assert "One (web)" in history and f"\u00d7 {height} px" in history
    again = re.search(r'<form method="post" action="(/assets/[^"]+/license)"', history)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', history))
    assert again and fields["size"] == height and fields["product_id"] == str(product.id)
    redownload = browser.post(again.group(1), data=fields, follow_redirects=False)
    assert redownload.status_code == 303
    file = browser.get(redownload.headers["location"])
    assert file.status_code == 200 and file.content[:3] == b"\xff\xd8\xff"
    # The one download the product allows was used once: the re-download was free.
    assert "(free re-download)" in browser.get("/downloads").text
    (held,) = services.licensing.products.products(customer.id)
    assert held.remaining_at(services.clock.now()) == 0

    stranger = TestClient(app, base_url="http://photobank.test")
    other, other_password = new_customer(services)
    sign_in(stranger, other.username, other_password)
    assert asset.title not in stranger.get("/downloads").text


def test_a_bad_page_number_is_a_readable_400(browser: TestClient, services: Services) -> None:
    customer, password = new_customer(services)
    sign_in(browser, customer.username, password)
    for path in ("/downloads?page=0", "/boards?page=x"):
        answer = browser.get(path)
        assert answer.status_code == 400 and "Page must be a number" in answer.text


def test_purchases_list_each_licence_held_once(
    app: Any, browser: TestClient, services: Services
) -> None:
    customer, password = new_customer(services)
    services.licensing.products.grant(customer.id, ProductTerms("premiumaccess"))
    first, second = images(services, 2, premium)
    sign_in(browser, customer.username, password)
    assert "No licences yet" in browser.get("/purchases").text
    for asset in (first, second, first):  # the third is a free re-download: no new licence
        page = browser.get(f"/assets/{asset.id}").text
        form = {"csrf_token": token(page), "size": re.findall(r'<option value="(\d+)"', page)[0]}
        assert browser.post(f"/assets/{asset.id}/license", data=form).status_code == 200
    held = browser.get("/purchases").text
    assert "Your licences <span" in held and "(2)" in held
    for asset in (first, second):
        assert held.count(f'<a href="/assets/{asset.id}">{asset.title}</a>') == 1
    stranger = TestClient(app, base_url="http://photobank.test")
    answer = stranger.get("/purchases", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in")
