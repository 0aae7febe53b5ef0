"""One page window, whether a skin numbers its pages or its first item."""

from __future__ import annotations

from photobank.paging import PageWindow, from_item, numbered_page


def test_numbered_pages_follow_each_other() -> None:
    assert numbered_page(1, 30) == PageWindow(0, 30)
    assert numbered_page(3, 25) == PageWindow(50, 25)
    assert numbered_page(3, 25).first == 51


def test_a_first_item_number_counts_from_one() -> None:
    assert from_item(1, 75) == PageWindow(0, 75)
    assert from_item(31, 90).offset == 30 and from_item(31, 90).first == 31


def test_the_window_takes_its_slice_of_a_listing() -> None:
    items = list(range(1, 13))
    assert from_item(11, 5).of(items) == [11, 12]  # the last page is short
    assert from_item(13, 5).of(items) == []
    assert numbered_page(2, 5).of(items) == [6, 7, 8, 9, 10]
    assert numbered_page(2, 5).end == 10  # a listing of 10 items fills it
