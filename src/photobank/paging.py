"""Which slice of a listing a page holds, however a skin numbers its pages.

v3 numbers pages (``page`` of ``page_size`` items); the legacy API numbers the
first item (``ItemStartNumber``, then ``ItemCount`` items). Both become one
:class:`PageWindow`: the offset and limit searches and services read. Each
skin keeps its own limits on the sizes it accepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageWindow:
    offset: int  # items before the page
    limit: int  # items on the page at most

    @property
    def first(self) -> int:
        """The number of the page's first item (the first of all is 1)."""
        return self.offset + 1

    @property
    def end(self) -> int:
        """How many items a listing needs for this page to be full."""
        return self.offset + self.limit

    def of(self, items: Sequence[T]) -> Sequence[T]:
        """The page's items out of the whole listing."""
        return items[self.offset : self.end]


def numbered_page(page: int, size: int) -> PageWindow:
    """Page number ``page`` (the first is 1) of ``size`` items."""
    return PageWindow((page - 1) * size, size)


def from_item(start: int, count: int) -> PageWindow:
    """``count`` items from item number ``start`` (the first is 1)."""
    return PageWindow(start - 1, count)
