"""Search by image from the search page: a picture in, the nearest assets out."""

from __future__ import annotations

import io
import re

from PIL import Image
from starlette.testclient import TestClient

from tests.web.visitors import token


def _thumb_of_first_result(browser: TestClient) -> tuple[str, bytes]:
    page = browser.get("/search", params={"phrase": "mountain"})
    tile = re.search(r'<a href="/assets/([^"]+)"><img src="([^"]+)"', page.text)
    assert tile
    picture = browser.get(tile[2].replace("&amp;", "&"))
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/jpeg"
    return tile[1], picture.content


def _search(browser: TestClient, name: str, data: bytes, with_token: bool = True) -> str:
    form = {"csrf_token": token(browser.get("/search").text)} if with_token else {}
    answer = browser.post("/search/by-image", data=form, files={"image": (name, data)})
    return f"{answer.status_code} {answer.text}"


def test_a_thumbnail_finds_its_own_asset_first(browser: TestClient) -> None:
    asset_id, thumb = _thumb_of_first_result(browser)
    answer = _search(browser, "holiday.jpg", thumb)
    assert answer.startswith("200 ") and "Nearest to “holiday.jpg”" in answer
    nearest = re.findall(r'<a href="/assets/([^"]+)"><img', answer)
    assert nearest[0] == asset_id and len(nearest) == 30


def test_a_png_is_taken_too(browser: TestClient) -> None:
    asset_id, thumb = _thumb_of_first_result(browser)
    out = io.BytesIO()
    Image.open(io.BytesIO(thumb)).save(out, "PNG")
    answer = _search(browser, "copy.png", out.getvalue())
    assert re.findall(r'<a href="/assets/([^"]+)"><img', answer)[0] == asset_id


def test_what_is_not_a_picture_or_not_sent_from_the_page_is_refused(browser: TestClient) -> None:
    assert _search(browser, "notes.txt", b"just words").startswith("400 ")
    assert "not a readable JPEG or PNG" in _search(browser, "notes.txt", b"just words")
    gif = io.BytesIO()
    Image.new("RGB", (8, 8)).save(gif, "GIF")
    assert "send a JPEG or PNG" in _search(browser, "a.gif", gif.getvalue())
    _, thumb = _thumb_of_first_result(browser)
    assert _search(browser, "x.jpg", thumb, with_token=False).startswith("403 ")
    form = {"csrf_token": token(browser.get("/search").text)}
    empty = browser.post("/search/by-image", data=form, files={"other": ("x.jpg", thumb)})
    assert empty.status_code == 400 and "Choose a picture" in empty.text
