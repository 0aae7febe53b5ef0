"""The web interface's pages in-process: what a visitor sees, and what it refuses."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from starlette.testclient import TestClient

from photobank.composition import Services
from photobank.licensing.products import ProductTerms
from tests.shoppers import images, new_customer, premium
from tests.web.visitors import sign_in, token

STATIC = Path(__file__).parents[2] / "src/photobank/web/static"
PAGE_WEIGHT_TARGET = 150 * 1024


def test_search_page_shows_the_count_and_a_lazy_grid(browser: TestClient) -> None:
    page = browser.get("/search", params={"phrase": "mountain", "orientation": "horizontal"})
    assert page.status_code == 200
    count = re.search(r'id="result-count">([\d,]+) results? for “mountain”', page.text)
    assert count and int(count.group(1).replace(",", "")) > 0
    tiles = re.findall(r"<img [^>]*loading=\"lazy\"[^>]*>", page.text)
    assert tiles and all('width="' in t and 'height="' in t and 'alt="' in t for t in tiles)
    assert '<option value="horizontal" selected>' in page.text
    unfiltered = re.search(
        r'id="result-count">([\d,]+)', browser.get("/search", params={"phrase": "mountain"}).text
    )
    assert unfiltered and int(count.group(1).replace(",", "")) <= int(
        unfiltered.group(1).replace(",", "")
    )


def test_pages_forbid_inline_scripts_and_framing(browser: TestClient) -> None:
    policy = browser.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "<script>" not in browser.get("/").text


def test_search_page_weighs_less_than_the_target(browser: TestClient) -> None:
    html = browser.get("/search", params={"phrase": ""}).content
    assets = sum(len(browser.get(f"/web/static/{name}").content) for name in ("web.css", "web.js"))
    assert browser.get("/web/static/web.js").headers["content-type"].startswith("text/javascript")
    assert len(html) + assets < PAGE_WEIGHT_TARGET


@pytest.mark.parametrize(
    ("query", "named"),
    [({"family": "poster"}, "Asset family"), ({"page": "0"}, "Page"), ({"sort": "x"}, "Sort by")],
)
def test_a_bad_filter_is_a_readable_400(
    browser: TestClient, query: dict[str, str], named: str
) -> None:
    page = browser.get("/search", params=query)
    assert page.status_code == 400
    assert f'role="alert" class="problem">{named}' in page.text


def test_unknown_asset_is_a_404_page(browser: TestClient) -> None:
    page = browser.get("/assets/000000")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "No such image" in page.text


def test_asset_page_shows_the_watermarked_comp_to_anonymous_visitors(
    browser: TestClient, services: Services
) -> None:
    asset = images(services, 1, premium)[0]
    page = browser.get(f"/assets/{asset.id}")
    assert page.status_code == 200
    assert f'<h1 id="asset-title">{asset.title}</h1>' in page.text
    src = re.search(r'<figure class="hero">\s*<img src="([^"]+)"', page.text)
    assert src and f"/media/display/comp/{asset.id}.jpg?wm=1&amp;" in src.group(1)
    image = browser.get(src.group(1).replace("&amp;", "&"))
    assert image.status_code == 200 and image.content[:3] == b"\xff\xd8\xff"
    assert re.search(r'<a href="/search\?phrase=[^"]+">', page.text)  # keywords link to searches
    assert "Sign in</a> to license" in page.text


def test_forms_without_their_token_are_refused(browser: TestClient, services: Services) -> None:
    asset = images(services, 1, premium)[0]
    browser.get("/")  # the visitor has a form cookie, but posts no token
    refused = browser.post("/sign-in", data={"username": "demo", "password": "x"})
    assert refused.status_code == 403 and "expired" in refused.text
    assert browser.post(f"/assets/{asset.id}/license", data={"size": "1"}).status_code == 403
    assert browser.post("/sign-out", data={}).status_code == 403


def test_wrong_password_is_a_message_on_the_form(browser: TestClient, services: Services) -> None:
    customer, _ = new_customer(services)
    page = sign_in(browser, customer.username, "not-the-password")
    assert page.status_code == 401
    assert "Wrong username or password" in page.text
    assert f'value="{customer.username}"' in page.text
    assert "photobank_session" not in page.headers.get("set-cookie", "")


def test_repeated_failures_are_refused_for_a_while(browser: TestClient, services: Services) -> None:
    customer, password = new_customer(services)
    statuses = [sign_in(browser, customer.username, "wrong").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429
    refused = sign_in(browser, customer.username, password)
    assert refused.status_code == 429 and "try again in" in refused.text
    assert int(refused.headers["retry-after"]) > 0


def test_session_cookie_flags(app: Any, services: Services) -> None:
    customer, password = new_customer(services)
    plain = sign_in(TestClient(app, base_url="http://photobank.test"), customer.username, password)
    cookie = plain.headers["set-cookie"].lower()
    assert plain.status_code == 303
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    tls = sign_in(TestClient(app, base_url="https://photobank.test"), customer.username, password)
    assert "; secure" in tls.headers["set-cookie"].lower()


def test_sign_in_returns_to_local_pages_only(browser: TestClient, services: Services) -> None:
    customer, password = new_customer(services)
    assert sign_in(browser, customer.username, password, "/assets/1").headers["location"] == (
        "/assets/1"
    )
    for elsewhere in ("//evil.example/", "https://evil.example/", "/\t/evil.example"):
        answer = sign_in(browser, customer.username, password, elsewhere)
        assert answer.headers["location"] == "/"


def test_licensing_from_the_asset_page(browser: TestClient, services: Services) -> None:
    customer, password = new_customer(services)
    first, second = images(services, 2, premium)
    sign_in(browser, customer.username, password)
    without = browser.get(f"/assets/{first.id}")
    assert "None of your products can license" in without.text
    services.licensing.products.grant(
        customer.id, ProductTerms("premiumaccess", download_limit=1, agreement_name="One (test)")
    )
    page = browser.get(f"/assets/{first.id}").text
    assert "One (test)" in page and "1 of 1 downloads left" in page
    heights = re.findall(r'<option value="(\d+)"', page)
    form = {"csrf_token": token(page), "size": heights[0]}
    licensed = browser.post(f"/assets/{first.id}/license", data=form, follow_redirects=False)
    assert licensed.status_code == 303
    download = browser.get(licensed.headers["location"])
    assert download.status_code == 200 and download.content[:3] == b"\xff\xd8\xff"
    other = browser.get(f"/assets/{second.id}").text
    form["size"] = re.findall(r'<option value="(\d+)"', other)[0]
    exhausted = browser.post(f"/assets/{second.id}/license", data=form)
    assert exhausted.status_code == 403
    assert 'id="licence-problem"' in exhausted.text


def test_signing_out_ends_the_session(browser: TestClient, services: Services) -> None:
    customer, password = new_customer(services)
    sign_in(browser, customer.username, password)
    page = browser.get("/").text
    assert f"Signed in as <strong>{customer.first_name}" in page
    out = browser.post("/sign-out", data={"csrf_token": token(page)}, follow_redirects=False)
    assert out.status_code == 303 and 'photobank_session=""' in out.headers["set-cookie"]
    assert "Signed in as" not in browser.get("/").text


def test_a_disabled_customer_is_signed_out_at_once(browser: TestClient, services: Services) -> None:
    customer, password = new_customer(services)
    sign_in(browser, customer.username, password)
    assert "Signed in as" in browser.get("/").text
    services.accounts.set_customer_enabled(customer.username, False)
    assert "Signed in as" not in browser.get("/").text


def test_paging_links_keep_the_query(browser: TestClient) -> None:
    page = browser.get("/search", params={"phrase": "", "orientation": "horizontal"}).text
    following = re.search(r'<a rel="next" href="([^"]+)"', page)
    assert following and following.group(1) == "/search?orientation=horizontal&amp;page=2"
    second = browser.get(following.group(1).replace("&amp;", "&")).text
    assert '<a rel="prev" href="/search?orientation=horizontal">' in second
    assert "Page 2 of" in second


def test_each_tile_carries_its_blurhash_painted_in_its_proportions(browser: TestClient) -> None:
    page = browser.get("/search", params={"phrase": "mountain"})
    tiles = re.findall(r"<img [^>]*loading=\"lazy\"[^>]*>", page.text)
    assert tiles
    for tile in tiles:
        sizes = [re.search(rf'{side}="(\d+)"', tile) for side in ("width", "height")]
        width, height = (int(found[1]) for found in sizes if found)
        found = re.search(r'data-blurhash="data:image/png;base64,([^"]+)"', tile)
        assert found, tile  # every demo asset has a blurhash
        with Image.open(io.BytesIO(base64.b64decode(found[1]))) as painted:
            longest = max(width, height)
            assert painted.size == (round(8 * width / longest), round(8 * height / longest))
            assert painted.mode == "RGB"
            assert len(painted.getcolors() or []) > 1  # a colour layout, not one flat colour


def _refinements(browser: TestClient, page: str) -> str:
    """The fragment the page's script fetches once the results show."""
    source = re.search(r'id="refine" data-src="([^"]+)"', page)
    assert source, page
    fragment = browser.get(source[1].replace("&amp;", "&"))
    assert fragment.status_code == 200 and "<html" not in fragment.text
    return fragment.text


def test_facet_links_refine_the_search_to_the_count_they_promise(browser: TestClient) -> None:
    page = browser.get("/search", params={"phrase": "city"})
    counted = re.search(r'id="result-count">([\d,]+)', page.text)
    assert counted
    total = int(counted[1].replace(",", ""))
    facets = re.search(r'<nav class="facets".*?</nav>', _refinements(browser, page.text), re.S)
    assert facets and "<h2" in facets[0]
    first_link = r'<li><a href="([^"]+)">([^<]+)</a> <span class="n">([\d,]+)</span>'
    link = re.search(first_link, facets[0])
    assert link, facets[0]
    url, text, promised = link[1].replace("&amp;", "&"), link[2], int(link[3].replace(",", ""))
    assert 0 < promised <= total
    refined = browser.get(url)
    assert refined.status_code == 200
    assert f'id="result-count">{promised:,} result' in refined.text
    chosen = re.search(
        r'<p class="chosen">([^<]+) <a href="([^"]+)"', _refinements(browser, refined.text)
    )
    assert chosen and chosen[1].strip() == text
    back = browser.get(chosen[2].replace("&amp;", "&"))
    assert f'id="result-count">{total:,} result' in back.text


def test_a_misspelt_search_offers_its_correction_and_related_searches(browser: TestClient) -> None:
    misspelt = browser.get("/search", params={"phrase": "mountian", "family": "creative"})
    fragment = _refinements(browser, misspelt.text)  # corrected as Getty does: creative only
    assert 'Did you mean <a href="/search?phrase=mountain&amp;family=creative">' in fragment
    related = _refinements(browser, browser.get("/search", params={"phrase": "mountain"}).text)
    assert re.search(
        r'aria-label="Related searches">.*?<li><a href="/search\?phrase=', related, re.S
    )


def test_a_refinement_that_is_no_event_number_is_refused_by_name(browser: TestClient) -> None:
    page = browser.get("/search", params={"phrase": "city", "event": "concert"})
    assert page.status_code == 400
    assert "Event must be an event" in page.text


def test_typing_gets_the_catalogs_keywords_completing_the_phrase(browser: TestClient) -> None:
    found = browser.get("/search/completions", params={"phrase": "Mou"}).json()
    assert 0 < len(found) <= 8 and all(text.startswith("mou") for text in found)
    for text in found[:2]:  # each completion finds something
        page = browser.get("/search", params={"phrase": text})
        assert 'id="result-count">0 results' not in page.text
    word = found[0].split()[0]
    longer = browser.get("/search/completions", params={"phrase": f"quiet {word[:3]}"}).json()
    assert longer and all(text.startswith(f"quiet {word[:3]}") for text in longer)
    assert browser.get("/search/completions", params={"phrase": "  "}).json() == []
    assert browser.get("/search/completions", params={"phrase": "x" * 500}).json() == []
    assert browser.get("/search/completions", params={"phrase": "zzqx"}).json() == []


def _first_video(services: Services) -> Any:
    for batch in services.catalog.repository.iter_assets():
        for asset in batch:
            if asset.video is not None and premium(asset):
                return asset
    raise AssertionError("the demo catalog has no video")


def test_videos_are_searched_played_and_licensed(browser: TestClient, services: Services) -> None:
    found = browser.get("/search", params={"type": "videos"})
    assert found.status_code == 200 and '<option value="videos" selected>' in found.text
    tile = re.search(r'<a href="/assets/[^"]+"><img src="([^"]+)"', found.text)
    assert tile  # a video's tile is a still of its poster frame
    assert browser.get(tile[1].replace("&amp;", "&")).headers["content-type"] == "image/jpeg"
    video = _first_video(services)
    page = browser.get(f"/assets/{video.id}").text
    player = re.search(r'<video [^>]*poster="([^"]+)" src="([^"]+)"', page)
    assert player and "License this video" in page
    poster, clip = (browser.get(url.replace("&amp;", "&")) for url in player.groups())
    assert poster.headers["content-type"] == "image/jpeg"
    assert clip.status_code == 200 and clip.headers["content-type"] == "video/mp4"
    customer, password = new_customer(services)
    services.licensing.products.grant(customer.id, ProductTerms("premiumaccess"))
    sign_in(browser, customer.username, password)
    page = browser.get(f"/assets/{video.id}").text
    sizes = re.findall(r'<select id="size" name="size">(.*?)</select>', page, re.S)
    names = re.findall(r'<option value="([a-z0-9]+)"', sizes[0])
    assert names and all(not name.isdigit() for name in names)  # formats, not heights
    form = {"csrf_token": token(page), "size": names[0]}
    licensed = browser.post(f"/assets/{video.id}/license", data=form, follow_redirects=False)
    assert licensed.status_code == 303, licensed.text
    download = browser.get(licensed.headers["location"])
    assert download.status_code == 200 and download.headers["content-type"] == "video/mp4"


def test_an_asset_page_shows_more_of_its_series(browser: TestClient, services: Services) -> None:
    editorial = images(services, 40, lambda a: bool(a.event_ids))
    asset, series = next(
        (a, s) for a in editorial if (s := services.related.same_series(a, 0, 12)).assets
    )
    page = browser.get(f"/assets/{asset.id}").text
    strip = page.split('aria-label="From the same series"', 1)
    assert len(strip) == 2, "no series strip"
    shown = re.findall(r'<a href="/assets/([^"]+)"><img', strip[1].split("</ul>", 1)[0])
    assert shown == [a.id for a in series.assets] and asset.id not in shown


def _count(page: Any) -> int:
    counted = re.search(r'id="result-count">([\d,]+)', page.text)
    assert counted, page.text[:300]
    return int(counted[1].replace(",", ""))


def test_colour_collection_and_date_filters_narrow_the_results(browser: TestClient) -> None:
    everything = _count(browser.get("/search", params={"phrase": ""}))
    blue = browser.get("/search", params={"colour": "blue"})
    assert '<option value="blue" selected>' in blue.text and 0 < _count(blue) < everything
    codes = re.findall(r'<option value="([^"]+)">', blue.text.split('id="f-collection"', 1)[1])
    assert codes, "the collection control lists the catalog's collections"
    one = browser.get("/search", params={"collection": codes[0]})
    assert f'<option value="{codes[0]}" selected>' in one.text and 0 < _count(one) < everything
    recent = browser.get("/search", params={"from": "2015-01-01", "to": "2030-12-31"})
    assert 'value="2015-01-01"' in recent.text and 0 < _count(recent) <= everything
    assert _count(browser.get("/search", params={"to": "1901-01-01"})) == 0


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"colour": "ultraviolet"}, "Colour cannot be"),
        ({"collection": "nope"}, "Collection cannot be"),
        ({"from": "31/12/2020"}, "Taken from must be a date"),
        ({"from": "2021-01-01", "to": "2020-01-01"}, "must not come before"),
    ],
)
def test_bad_filters_are_refused_by_name(
    browser: TestClient, params: dict[str, str], named: str
) -> None:
    page = browser.get("/search", params=params)
    assert page.status_code == 400 and named in page.text


def test_an_asset_page_offers_related_searches_that_find_something(
    browser: TestClient, services: Services
) -> None:
    asset = images(services, 1, lambda a: len(a.keywords) > 2)[0]
    page = browser.get(f"/assets/{asset.id}").text
    nav = re.search(r'aria-label="Related searches">(.*?)</nav>', page, re.S)
    assert nav, "no related searches"
    phrases = re.findall(r'href="(/search\?phrase=[^"]+)"', nav[1])
    assert 1 < len(phrases) <= 6
    assert all(_count(browser.get(url.replace("&amp;", "&"))) > 0 for url in phrases[:2])
