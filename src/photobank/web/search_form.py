"""The search page's query string: its controls, and the domain query it asks for.

The page's own short parameter names (``phrase``, ``family``, ``orientation``,
``license``, ``people``, ``sort``, ``page``) keep shared URLs readable; each
control offers the catalog's own vocabulary, so a value the domain does not
know is refused with the control's name instead of silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from math import ceil
from urllib.parse import urlencode

from photobank.catalog.model import ASSET_FAMILIES, LICENSE_MODELS, NUMBER_OF_PEOPLE, ORIENTATIONS
from photobank.errors import InvalidParameter
from photobank.search.query import SORT_ORDERS, SearchQuery

PAGE_SIZE = 30
MAX_PAGE = 1000  # deep paging costs the index offset + limit: nobody reads page 1001
MAX_PHRASE = 200


@dataclass(frozen=True, slots=True)
class Control:
    """One ``<select>`` of the form: its parameter, label and ``(value, text)`` options."""

    name: str
    label: str
    options: tuple[tuple[str, str], ...]
    selected: str = ""


def _options(values: tuple[str, ...], any_text: str | None) -> tuple[tuple[str, str], ...]:
    named = tuple((v, v.replace("_", " ").capitalize()) for v in values)
    return ((("", any_text),) if any_text else ()) + named


_LICENSE_TEXT = {"royaltyfree": "Royalty-free", "rightsmanaged": "Rights-managed"}
_CONTROLS = (
    Control("family", "Asset family", _options(ASSET_FAMILIES, "All families")),
    Control("orientation", "Orientation", _options(ORIENTATIONS, "Any orientation")),
    Control(
        "license",
        "License model",
        (("", "Any license"), *((m, _LICENSE_TEXT[m]) for m in LICENSE_MODELS)),
    ),
    Control("people", "Number of people", _options(NUMBER_OF_PEOPLE, "Any number")),
    Control("sort", "Sort by", _options(SORT_ORDERS, None)),
)


@dataclass(frozen=True, slots=True)
class SearchForm:
    """What the visitor asked for, as the form shows it again."""

    phrase: str = ""
    choices: dict[str, str] = field(default_factory=dict)  # control name -> chosen value
    page: int = 1

    @property
    def controls(self) -> list[Control]:
        return [
            Control(c.name, c.label, c.options, self.choices.get(c.name, c.options[0][0]))
            for c in _CONTROLS
        ]

    def query(self) -> SearchQuery:
        def chosen(name: str) -> frozenset[str]:
            value = self.choices.get(name)
            return frozenset({value}) if value else frozenset()

        return SearchQuery(
            asset_type="image",
            phrase=self.phrase,
            asset_families=chosen("family"),
            orientations=chosen("orientation"),
            license_models=chosen("license"),
            number_of_people=chosen("people"),
            sort_order=self.choices.get("sort") or SORT_ORDERS[0],
            offset=(self.page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )

    def url(self, page: int) -> str:
        """The address of another page of the same search."""
        fields = {"phrase": self.phrase, **self.choices}
        if page > 1:
            fields["page"] = str(page)
        return "/search?" + urlencode({k: v for k, v in fields.items() if v})

    def pages(self, total: int) -> int:
        return min(MAX_PAGE, max(1, ceil(total / PAGE_SIZE)))


def parse_search(params: Mapping[str, str]) -> SearchForm:
    """The form ``params`` describe; a value no control offers is :class:`InvalidParameter`."""
    phrase = " ".join(params.get("phrase", "").split())
    if len(phrase) > MAX_PHRASE:
        raise InvalidParameter("phrase", f"The search phrase is longer than {MAX_PHRASE} letters.")
    choices = {}
    for control in _CONTROLS:
        value = params.get(control.name, "").strip().lower()
        if value and value not in {v for v, _ in control.options}:
            offered = ", ".join(v for v, _ in control.options if v)
            raise InvalidParameter(
                control.name, f"{control.label} cannot be '{value[:40]}': choose one of {offered}."
            )
        if value:
            choices[control.name] = value
    return SearchForm(phrase, choices, parse_page(params))


def parse_page(params: Mapping[str, str]) -> int:
    """The ``page`` query parameter (1 when absent); else :class:`InvalidParameter`."""
    raw_page = params.get("page", "1").strip() or "1"
    if not (raw_page.isascii() and raw_page.isdigit()) or not 1 <= int(raw_page) <= MAX_PAGE:
        raise InvalidParameter("page", f"Page must be a number from 1 to {MAX_PAGE}.")
    return int(raw_page)
